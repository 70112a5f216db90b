/**
 * No Terraform expression injection: every string field of the landing zones file (the list is
 * generated from schema/landing-zones.schema.json) is given an injected `${file("/etc/shadow")}`
 * and `%{ if true }x%{ endif }`; each is either refused at load, naming the field, or reaches the
 * synthesized Terraform JSON only escaped (`$${`, `%%{`).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { stringify } from 'yaml';
import { synthesizeLandingZones } from '../../lib/aggregator/synth';
import { ConfigValidationError, parseConfig } from '../../lib/config';

const SCHEMA = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'schema', 'landing-zones.schema.json'), 'utf8')) as Schema;
type Schema = Record<string, unknown>;

const INJECTIONS = ['${file("/etc/shadow")}', '%{ if true }x%{ endif }'];

/** A file that sets every field of the schema (one OpenStack tenant with everything, one AWS tenant). */
const BASE = {
  aggregator: {
    ipaCode: 'r_esempio', name: 'Regione Esempio', owner: 'Centro servizi', incidentContact: 'soc@regione.esempio.it', account: '111111111111',
    keys: {
      archiveKmsKeyArn: 'arn:aws:kms:eu-south-1:111111111111:key/4e5f6071-8293-4a4b-8d3e-4f5a6b7c8d9e',
      vaultKmsKeyArn: 'arn:aws:kms:eu-south-1:111111111111:key/5f607182-93a4-4b5c-9e4f-5a6b7c8d9e0f',
    },
  },
  defaults: { provider: 'openstack', region: 'eu-south-1', qualification: 'QC3', networkPool: '10.0.0.0/8' },
  openstack: {
    cloud: 'regione-esempio', externalNetworkName: 'public',
    regions: [
      { name: 'it-mil1', country: 'IT', location: 'Milano', containerSyncCluster: 'mil1' },
      { name: 'it-rom1', country: 'IT', location: 'Roma', containerSyncCluster: 'rom1' },
    ],
    region: 'it-mil1', backupRegion: 'it-rom1', credentialsExpireAt: '2027-06-30T00:00:00Z', containerSyncRealm: 'pa-realm',
    ntpServers: ['10.250.0.123'], dnsNameservers: ['10.250.0.53'], serviceTypes: { blockStorage: 'volumev3', objectStore: 'object-store' },
    managementProxy: 'http://10.0.192.10:3128', schedulerImageName: 'Debian 12', schedulerFlavorName: 'm1.small',
  },
  tenants: [
    {
      ipaCode: 'ao_esempio', name: 'Azienda Ospedaliera', classification: 'critico', qualification: 'QC3', owner: 'Sistemi informativi',
      incidentContact: 'soc@ao.esempio.it', provider: 'openstack', region: 'it-mil1', cidr: '10.30.0.0/20',
      keys: { encryptedVolumeType: 'luks-hsm' }, backupCopy: { region: 'it-rom1' }, managementProxy: 'http://10.30.12.10:3128',
      overrides: [{ setting: 'backupMonthlyRetention', value: '10 years', reason: 'clinical records retention policy' }],
      acknowledgements: [{ control: 'ABSC-NET-03', reason: 'the provider offers no FWaaS yet' }],
    },
    {
      ipaCode: 'c_a001', name: 'Comune di Esempio', classification: 'ordinario', owner: 'Servizi informativi', incidentContact: 'cert@comune.esempio.it',
      provider: 'aws', account: '210987654321', region: 'eu-south-1',
      keys: {
        kmsKeyArn: 'arn:aws:kms:eu-south-1:210987654321:key/1b2c3d4e-5f60-4718-9a0b-1c2d3e4f5a6b',
        logsKmsKeyArn: 'arn:aws:kms:eu-south-1:210987654321:key/2c3d4e5f-6071-4829-8b1c-2d3e4f5a6b7c',
        backupKmsKeyArn: 'arn:aws:kms:eu-south-1:210987654321:key/3d4e5f60-7182-493a-9c2d-3e4f5a6b7c8d',
      },
      backupCopy: { account: '444444444444', vaultName: 'comune-offsite' }, availabilityZones: ['eu-south-1a', 'eu-south-1b'],
      overrides: [{ setting: 'timeSources', value: ['ntp1.inrim.it', 'ntp2.inrim.it'], reason: 'the national time reference of INRiM' }],
    },
  ],
};

type Seg = string | number;

/** Every path to a string value the schema allows, with index 0 for lists (string lists too). */
function stringFields(schema: Schema, at: Seg[] = [], seen = new Set<string>()): Seg[][] {
  const resolved = typeof schema.$ref === 'string'
    ? { ...(SCHEMA.definitions as Record<string, Schema>)[schema.$ref.replace('#/definitions/', '')], ...schema, $ref: undefined }
    : schema;
  const types = Array.isArray(resolved.type) ? resolved.type : [resolved.type];
  const out: Seg[][] = [];
  if (types.includes('string')) out.push(at);
  if (types.includes('array') && resolved.items) out.push(...stringFields(resolved.items as Schema, [...at, 0], seen));
  if (types.includes('object')) {
    for (const [key, sub] of Object.entries((resolved.properties as Record<string, Schema> | undefined) ?? {})) {
      out.push(...stringFields(sub, [...at, key], seen));
    }
  }
  return out;
}

const FIELDS = stringFields(SCHEMA);
/** tenants[0] is the OpenStack tenant; AWS-only tenant fields are taken on tenants[1]. */
const AWS_ONLY = new Set(['account', 'keys.kmsKeyArn', 'keys.logsKmsKeyArn', 'keys.backupKmsKeyArn', 'backupCopy.account', 'backupCopy.vaultName', 'availabilityZones[0]']);
const fieldName = (p: Seg[]) => p.reduce<string>((a, s) => (typeof s === 'number' ? `${a}[${s}]` : a ? `${a}.${s}` : s), '');
const PATHS = FIELDS.map((p) => {
  const rest = fieldName(p.slice(2));
  if (p[0] === 'tenants' && (AWS_ONLY.has(rest) || rest === 'overrides[0].value[0]')) return ['tenants', 1, ...p.slice(2)];
  return p;
});

function withValue(p: Seg[], value: (old: unknown) => unknown): unknown {
  const copy = JSON.parse(JSON.stringify(BASE)) as Record<Seg, unknown>;
  let node = copy as Record<Seg, unknown>;
  for (const seg of p.slice(0, -1)) node = node[seg] as Record<Seg, unknown>;
  const last = p[p.length - 1];
  node[last] = value(node[last]);
  return copy;
}

let tmp: string;
beforeAll(() => { tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pa-inject-')); });
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

test('the field list comes from the schema and covers every string field', () => {
  expect(PATHS.length).toBeGreaterThan(40);
  expect(PATHS.map(fieldName)).toEqual(expect.arrayContaining([
    'openstack.cloud', 'openstack.externalNetworkName', 'openstack.schedulerImageName', 'openstack.schedulerFlavorName', 'openstack.regions[0].location',
    'tenants[0].keys.encryptedVolumeType', 'tenants[0].overrides[0].reason', 'tenants[0].acknowledgements[0].reason', 'tenants[1].overrides[0].value[0]',
  ]));
  // Every path exists in the base file: the injection replaces a real value.
  for (const p of PATHS) {
    let node: unknown = BASE;
    for (const seg of p) node = (node as Record<Seg, unknown>)[seg];
    expect([fieldName(p), typeof node]).toEqual([fieldName(p), 'string']);
  }
});

test('the base file loads', () => {
  expect(parseConfig(stringify(BASE), 'lz.yaml').tenants).toHaveLength(2);
});

describe.each(INJECTIONS)('injected %s', (payload) => {
  const accepted: Seg[][] = [];

  test.each(PATHS.map((p) => [fieldName(p), p] as const))('%s: refused at load naming the field, or accepted', (name, p) => {
    const text = stringify(withValue(p, (old) => `${String(old)}${payload}`));
    try {
      parseConfig(text, 'lz.yaml');
      accepted.push(p);
    } catch (e) {
      if (!(e instanceof ConfigValidationError)) throw e;
      // A list item is reported on the list when its items are checked together (overrides value).
      expect(e.errors.map((x) => x.field)).toContainEqual(name.endsWith('.value[0]') ? name.slice(0, -3) : name);
    }
  });

  test('every accepted injection reaches cdk.tf.json only escaped', () => {
    let data: unknown = BASE;
    for (const p of accepted) {
      const before = data;
      data = JSON.parse(JSON.stringify(before));
      let node = data as Record<Seg, unknown>;
      for (const seg of p.slice(0, -1)) node = node[seg] as Record<Seg, unknown>;
      node[p[p.length - 1]] = `${String(node[p[p.length - 1]])}${payload}`;
    }
    const config = parseConfig(stringify(data), 'lz.yaml');
    const out = path.join(tmp, payload.startsWith('$') ? 'dollar' : 'percent');
    const synthesis = synthesizeLandingZones(config, { outDir: out });
    const files = [...synthesis.tenants, ...synthesis.centralStacks].map((t) => t.outputFile).filter((f) => f.endsWith('cdk.tf.json'));
    expect(files.length).toBe(2);
    const escaped = payload.split('${').join('$${').split('%{').join('%%{');
    expect(escaped).not.toBe(payload);
    const head = payload.slice(0, 7); // `${file(` or `%{ if t`
    let found = 0;
    for (const file of files) {
      const strings: string[] = [];
      JSON.parse(fs.readFileSync(file, 'utf8'), (_k, v: unknown) => { if (typeof v === 'string') strings.push(v); return v; });
      for (const s of strings) {
        found += s.split(escaped).length - 1;
        // Once the escaped forms are taken out, no opener of the payload is left for Terraform to evaluate.
        expect([file, s.split(escaped).join('')]).not.toEqual([file, expect.stringContaining(head)]);
      }
    }
    // Meaningful only if something reached Terraform: the accepted fields appear there, escaped.
    if (accepted.length > 0) expect(found).toBeGreaterThan(0);
  });
});

test('a name with an expression is refused with the field, the value and why', () => {
  const data = withValue(['openstack', 'schedulerFlavorName'], () => 'm1.small${file("/etc/shadow")}');
  try {
    parseConfig(stringify(data), 'lz.yaml');
    throw new Error('expected a refusal');
  } catch (e) {
    expect((e as ConfigValidationError).errors.map((x) => x.message)).toEqual([
      'openstack.schedulerFlavorName: must not contain "${" or "%{": in the Terraform JSON they would start an expression that Terraform evaluates (e.g. reads a file), got "m1.small${file(\\"/etc/shadow\\")}"',
    ]);
  }
});

test('free text (an acknowledgement\'s reason) reaches Terraform escaped', () => {
  const data = withValue(['tenants', 0, 'acknowledgements', 0, 'reason'], () => 'no FWaaS: see ${var.x} and %{ if a }b%{ endif }');
  const out = path.join(tmp, 'free-text');
  const synthesis = synthesizeLandingZones(parseConfig(stringify(data), 'lz.yaml'), { outDir: out });
  const json = fs.readFileSync(synthesis.tenants[0].outputFile, 'utf8');
  expect(json).toContain('no FWaaS: see $${var.x} and %%{ if a }b%%{ endif }');
  expect(json).not.toMatch(/[^$]\$\{var\.x\}/);
});
