import * as fs from 'fs';
import * as path from 'path';
import Ajv from 'ajv';
import { parse as parseYaml } from 'yaml';
import { type AggregatorKeys, SCHEMA_PATH, renderStarterConfig } from '../../lib/config';
import { checkCredentialsExpireAt } from '../../lib/openstack/settings';
import {
  AWS_REGIONS,
  CloudProvider,
  ControlCatalogue,
  DATA_CLASSIFICATIONS,
  IPA_CODE_PATTERN,
  POLICY_SETTINGS,
  QUALIFICATION_LEVELS,
} from '../../lib/core';

type Schema = Record<string, any>;
const schema: Schema = JSON.parse(fs.readFileSync(SCHEMA_PATH, 'utf8'));
const SAMPLE = path.join(__dirname, '..', '..', 'examples', 'aggregator', 'landing-zones.yaml');
const tenant = schema.definitions.tenant;

/** An independent validator, as an editor or CI would run it: strict, with the editor keyword declared. */
function validator() {
  const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
  ajv.addKeyword({ keyword: 'patternErrorMessage', schemaType: 'string' });
  return ajv.compile(schema);
}

/** Every subschema, with its path in the schema. */
function walk(node: unknown, at: string, visit: (s: Schema, at: string) => void): void {
  if (!node || typeof node !== 'object') return;
  if (!Array.isArray(node)) visit(node as Schema, at);
  for (const [key, value] of Object.entries(node)) {
    if (key === 'enum' || key === 'examples' || key === 'required') continue;
    walk(value, `${at}/${key}`, visit);
  }
}

describe('the JSON Schema', () => {
  const validate = validator();

  test('is draft-07 and validates the aggregator sample', () => {
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(validate(parseYaml(fs.readFileSync(SAMPLE, 'utf8')))).toBe(true);
    expect(validate.errors).toBeNull();
  });

  test.each(DATA_CLASSIFICATIONS.flatMap((c) => [CloudProvider.AWS, CloudProvider.OPENSTACK].map((p) => [c, p] as const)))(
    'validates the %s starter on %s',
    (classification, provider) => {
      expect(validate(parseYaml(renderStarterConfig({ classification, provider })))).toBe(true);
    },
  );

  test('rejects what it should (it is not a schema that accepts anything)', () => {
    expect(validate({})).toBe(false);
    expect(validate({ tenants: [{ ipaCode: 'c_a000' }] })).toBe(false);
    expect(validate({ tenants: [], extra: true })).toBe(false);
  });

  test('the sample and the starter name the schema in their first line', () => {
    expect(fs.readFileSync(SAMPLE, 'utf8').split('\n')[0]).toBe('# yaml-language-server: $schema=../../schema/landing-zones.schema.json');
    expect(path.resolve(path.dirname(SAMPLE), '../../schema/landing-zones.schema.json')).toBe(SCHEMA_PATH);
    expect(renderStarterConfig().split('\n')[0]).toBe('# yaml-language-server: $schema=./node_modules/pa-cloud-kit/schema/landing-zones.schema.json');
  });

  test('every object refuses unknown keys', () => {
    const open: string[] = [];
    walk(schema, '#', (s, at) => {
      if (s.type === 'object' && s.additionalProperties !== false) open.push(at);
    });
    expect(open).toEqual([]);
  });

  test('every property has a description for editor hover', () => {
    const missing: string[] = [];
    walk(schema, '#', (s, at) => {
      for (const [name, property] of Object.entries<Schema>(s.properties ?? {})) {
        const target = property.$ref ? schema.definitions[property.$ref.replace('#/definitions/', '')] : property;
        if (!property.description && !target.description) missing.push(`${at}/properties/${name}`);
      }
    });
    expect(missing).toEqual([]);
  });

  test('every pattern has a plain-English message', () => {
    const bare: string[] = [];
    walk(schema, '#', (s, at) => {
      if (s.pattern && !s.patternErrorMessage) bare.push(at);
    });
    expect(bare).toEqual([]);
  });
});

describe('the schema cannot drift from the core', () => {
  test('classifications', () => {
    expect(schema.definitions.classification.enum).toEqual([...DATA_CLASSIFICATIONS]);
  });

  test('qualification levels', () => {
    expect(schema.definitions.qualification.enum).toEqual([...QUALIFICATION_LEVELS]);
  });

  test('providers', () => {
    expect(schema.definitions.provider.enum).toEqual(Object.values(CloudProvider));
  });

  test('override settings are the policy settings', () => {
    expect(tenant.properties.overrides.items.properties.setting.enum).toEqual([...POLICY_SETTINGS]);
  });

  test('acknowledgement controls are the control catalogue', () => {
    expect(tenant.properties.acknowledgements.items.properties.control.enum).toEqual(ControlCatalogue.all().map((c) => c.id));
  });

  test('the codice IPA pattern accepts what the core accepts, in any case', () => {
    const pattern = new RegExp(schema.definitions.ipaCode.pattern);
    for (const code of ['c_h501', 'asl_rm1', 'r_esempio', 'C_H501', 'ab', 'a'.repeat(30), '1abc', 'a', 'c-h501', 'a'.repeat(31), 'c_h501 ']) {
      expect([code, pattern.test(code)]).toEqual([code, IPA_CODE_PATTERN.test(code.toLowerCase())]);
    }
  });

  test('the KMS key ARN patterns of the tenants and of the aggregator are one and the same', () => {
    const { kmsKeyArn, logsKmsKeyArn, backupKmsKeyArn } = tenant.properties.keys.properties;
    const { archiveKmsKeyArn, vaultKmsKeyArn } = schema.properties.aggregator.properties.keys.properties;
    const others = [logsKmsKeyArn, backupKmsKeyArn, archiveKmsKeyArn, vaultKmsKeyArn];
    expect(others.map((p) => p.pattern)).toEqual(others.map(() => kmsKeyArn.pattern));
    expect(others.map((p) => p.patternErrorMessage)).toEqual(others.map(() => kmsKeyArn.patternErrorMessage));
  });

  test('the aggregator keys are the fields of AggregatorKeys, both required', () => {
    const keys: Record<keyof AggregatorKeys, true> = { archiveKmsKeyArn: true, vaultKmsKeyArn: true };
    expect(Object.keys(schema.properties.aggregator.properties.keys.properties)).toEqual(Object.keys(keys));
    expect(schema.properties.aggregator.properties.keys.required).toEqual(Object.keys(keys));
  });

  test('the credentials expiry pattern accepts every form LandingZone accepts', () => {
    const pattern = new RegExp(schema.properties.openstack.properties.credentialsExpireAt.pattern);
    const accepted = ['2027-06-30T00:00:00Z', '2027-06-30T00:00:00.123Z', '2027-06-30T02:00:00+02:00', '2027-06-30T00:00:00-05:30'];
    for (const value of accepted) expect([value, (() => { checkCredentialsExpireAt(value, 'x'); return pattern.test(value); })()]).toEqual([value, true]);
    for (const value of ['2027-06-30', '2027-06-30T00:00:00', '2027-06-30 00:00:00Z', ' 2027-06-30T00:00:00Z']) expect([value, pattern.test(value)]).toEqual([value, false]);
  });

  test('the proxy pattern accepts the forms the OpenStack constructs are tested with, and no host names', () => {
    const pattern = new RegExp(schema.definitions.proxyUrl.pattern);
    for (const value of ['http://10.20.64.10:3128', 'https://192.0.2.80', 'http://10.10.192.10:3128/']) expect([value, pattern.test(value)]).toEqual([value, true]);
    for (const value of ['http://proxy.internal:3128', '10.20.64.10:3128', 'ftp://10.20.64.10', 'http://10.20.64.10:3128/path']) expect([value, pattern.test(value)]).toEqual([value, false]);
    expect(schema.properties.openstack.properties.managementProxy.$ref).toBe('#/definitions/proxyUrl');
    expect(tenant.properties.managementProxy.$ref).toBe('#/definitions/proxyUrl');
  });

  test('the AWS region pattern accepts every region the core knows', () => {
    const pattern = new RegExp(schema.definitions.awsRegion.pattern);
    expect(AWS_REGIONS.filter((r) => !pattern.test(r.name)).map((r) => r.name)).toEqual([]);
  });
});
