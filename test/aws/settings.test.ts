// checkKmsKeyArn (lib/aws/settings.ts), every branch with a bad input, and the same bad key ARN
// through the config loader (tenants[0].keys.kmsKeyArn) and the AWS LandingZone (keys.data).
import { App, Stack, aws_kms as kms } from 'aws-cdk-lib';
import { LandingZone } from '../../lib/aws';
import { KmsKeyExpectation, checkKmsKeyArn } from '../../lib/aws/settings';
import { ConfigValidationError, parseConfig } from '../../lib/config';
import { CompliancePolicy, DataClassification, PaCloudKitError, SINGLE_REGION_KEY_RULE } from '../../lib/core';

const ACCOUNT = '123456789012';
const KEY_ID = '1234abcd-12ab-34cd-56ef-1234567890ab';
const arn = (region: string, keyId = KEY_ID, account = ACCOUNT, partition = 'aws') => `arn:${partition}:kms:${region}:${account}:key/${keyId}`;
const MRK_ID = 'mrk-1b2c3d4e5f60718293a4b5c6d7e8f90a';
const REASON = 'the PA accepts this risk until the 2027 tender';

const policy = (classification: DataClassification, acknowledged: string[] = []) =>
  CompliancePolicy.forClassification(classification, { acknowledgements: acknowledged.map((control) => ({ control, reason: REASON })) });
const expectation = (classification: DataClassification, extra: Partial<KmsKeyExpectation> = {}): KmsKeyExpectation =>
  ({ policy: policy(classification), purpose: 'the encryption key', ...extra });

/** The error of checkKmsKeyArn, or fails. */
function errorOf(value: unknown, expect_: KmsKeyExpectation, field = 'keys.data'): PaCloudKitError {
  try {
    checkKmsKeyArn(value, field, expect_);
  } catch (e) {
    expect(e).toBeInstanceOf(PaCloudKitError);
    return e as PaCloudKitError;
  }
  throw new Error(`expected ${JSON.stringify(value)} to be refused`);
}

const NOT_AN_ARN = 'must be a KMS key ARN, e.g. "arn:aws:kms:eu-south-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"';

describe('checkKmsKeyArn', () => {
  test.each([
    ['alias/pa-data'],
    [arn('eu-south-1').replace(':key/', ':alias/')],
    [KEY_ID],
    [''],
    [42],
    [undefined],
  ])('not a KMS key ARN: %j', (value) => {
    const error = errorOf(value, expectation(DataClassification.ORDINARIO));
    expect(error.field).toBe('keys.data');
    expect(error.control).toBeUndefined();
    expect(error.message).toBe(`keys.data: ${NOT_AN_ARN}, got ${value === undefined ? 'nothing' : JSON.stringify(value)}`);
  });

  test('a multi-Region key where the PA holds the key (strategico): refused, with whose key it is', () => {
    const mrk = arn('eu-south-1', MRK_ID);
    expect(errorOf(mrk, expectation(DataClassification.STRATEGICO)).message)
      .toBe(`keys.data: ${SINGLE_REGION_KEY_RULE}, got "${mrk}" [ACN-KMS-02]`);
    expect(errorOf(mrk, expectation(DataClassification.STRATEGICO, { whose: '(the key protects the data of c_h501)' }), 'existingArchiveKeyArn').message)
      .toBe(`existingArchiveKeyArn: ${SINGLE_REGION_KEY_RULE} (the key protects the data of c_h501), got "${mrk}" [ACN-KMS-02]`);
    expect(SINGLE_REGION_KEY_RULE).toBe('must be a single-Region key: a multi-Region key (key ID "mrk-...") cannot be in an external key store, so it cannot be the key the PA holds (HYOK) that a strategico tenant needs');
  });

  test('a multi-Region key for critico and ordinario (keys not necessarily held): accepted', () => {
    const mrk = arn('eu-south-1', MRK_ID);
    expect(checkKmsKeyArn(mrk, 'keys.data', expectation(DataClassification.CRITICO))).toBe(mrk);
    expect(checkKmsKeyArn(mrk, 'keys.data', expectation(DataClassification.ORDINARIO))).toBe(mrk);
  });

  test('a region the kit does not know', () => {
    const key = arn('xx-moon-1');
    const error = errorOf(key, expectation(DataClassification.ORDINARIO));
    expect(error.control).toBeUndefined();
    expect(error.message).toBe(`keys.data: must be a key in a known AWS region, and xx-moon-1 is not one, got "${key}"`);
  });

  test('a region outside the class: with the acknowledge hint where the class can acknowledge it', () => {
    const frankfurt = arn('eu-central-1');
    expect(errorOf(frankfurt, expectation(DataClassification.CRITICO)).message)
      .toBe(`keys.data: the encryption key of a critico tenant must stay in a region in Italy; eu-central-1 is in DE (Frankfurt) (or acknowledge ACN-LOC-01 with a reason), got "eu-central-1" [ACN-LOC-01]`);
    expect(errorOf(frankfurt, expectation(DataClassification.STRATEGICO)).message)
      .toBe(`keys.data: the encryption key of a strategico tenant must stay in a region in Italy; eu-central-1 is in DE (Frankfurt), got "eu-central-1" [ACN-LOC-01]`);
    expect(errorOf(arn('us-east-1'), expectation(DataClassification.ORDINARIO)).message)
      .toBe(`keys.data: the encryption key of an ordinario tenant must stay in a region in a member state of the European Union; us-east-1 is in US (N. Virginia), got "us-east-1" [ACN-LOC-01]`);
    // acknowledged: accepted
    expect(checkKmsKeyArn(frankfurt, 'keys.data', { policy: policy(DataClassification.CRITICO, ['ACN-LOC-01']), purpose: 'the encryption key' })).toBe(frankfurt);
  });

  test('acknowledgeable: false drops the hint, and the value is the ARN', () => {
    const frankfurt = arn('eu-central-1');
    const error = errorOf(frankfurt, expectation(DataClassification.CRITICO, { acknowledgeable: false, purpose: 'the key of the central log archive' }), 'existingArchiveKeyArn');
    expect(error.control).toBe('ACN-LOC-01');
    expect(error.value).toBe(frankfurt);
    expect(error.message).toBe(`existingArchiveKeyArn: the key of the central log archive of a critico tenant must stay in a region in Italy; eu-central-1 is in DE (Frankfurt), got "${frankfurt}" [ACN-LOC-01]`);
    // outside the EU there was no hint anyway; the value is the ARN here too (acknowledgeable, it is the region)
    const virginia = arn('us-east-1');
    expect(errorOf(virginia, expectation(DataClassification.CRITICO, { acknowledgeable: false })).message)
      .toBe(`keys.data: the encryption key of a critico tenant must stay in a region in Italy; us-east-1 is in US (N. Virginia), got "${virginia}" [ACN-LOC-01]`);
    expect(errorOf(virginia, expectation(DataClassification.CRITICO)).value).toBe('us-east-1');
  });

  test('another region than the expected one', () => {
    const key = arn('eu-west-1');
    const error = errorOf(key, expectation(DataClassification.ORDINARIO, { region: { name: 'eu-south-1', what: 'the stack\'s region' } }));
    expect(error.message).toBe(`keys.data: must be a key in the stack's region eu-south-1 (KMS keys are regional), not in eu-west-1, got "${key}" [ACN-KMS-02]`);
    expect(checkKmsKeyArn(key, 'keys.data', expectation(DataClassification.ORDINARIO))).toBe(key);
  });

  test('the partition of another region', () => {
    const key = arn('eu-south-1', KEY_ID, ACCOUNT, 'aws-eusc');
    expect(errorOf(key, expectation(DataClassification.ORDINARIO)).message)
      .toBe(`keys.data: must use the partition of eu-south-1: arn:aws:kms:..., got "${key}"`);
    const sovereign = arn('eusc-de-east-1');
    expect(errorOf(sovereign, expectation(DataClassification.ORDINARIO)).message)
      .toBe(`keys.data: must use the partition of eusc-de-east-1: arn:aws-eusc:kms:..., got "${sovereign}"`);
    const right = arn('eusc-de-east-1', KEY_ID, ACCOUNT, 'aws-eusc');
    expect(checkKmsKeyArn(right, 'keys.data', expectation(DataClassification.ORDINARIO))).toBe(right);
  });

  test('another account than the expected one, with and without where', () => {
    const key = arn('eu-south-1', KEY_ID, '999999999999');
    const account = { id: '111111111111', what: 'the aggregator\'s account' };
    expect(errorOf(key, expectation(DataClassification.CRITICO, { account }), 'aggregator.keys.archiveKmsKeyArn').message)
      .toBe(`aggregator.keys.archiveKmsKeyArn: must be a key of the aggregator's account 111111111111, got "${key}" [ACN-KMS-02]`);
    expect(errorOf(key, expectation(DataClassification.CRITICO, { account: { ...account, where: 'where the central archive is' } })).message)
      .toBe(`keys.data: must be a key of the aggregator's account 111111111111, where the central archive is, got "${key}" [ACN-KMS-02]`);
    expect(checkKmsKeyArn(arn('eu-south-1', KEY_ID, '111111111111'), 'keys.data', expectation(DataClassification.CRITICO, { account }))).toMatch(/^arn:/);
  });

  test('the order of the rules: single-Region, known region, class location, expected region, partition, account', () => {
    const all = { region: { name: 'eu-south-1', what: 'the stack\'s region' }, account: { id: '111111111111', what: 'the account' } };
    // a multi-Region key in a wrong region, partition and account: the single-Region rule first
    expect(errorOf(arn('eu-west-1', MRK_ID, '999999999999', 'aws-eusc'), expectation(DataClassification.STRATEGICO, all)).control).toBe('ACN-KMS-02');
    expect(errorOf(arn('eu-west-1', MRK_ID, '999999999999', 'aws-eusc'), expectation(DataClassification.STRATEGICO, all)).rule).toBe(SINGLE_REGION_KEY_RULE);
    // then location before the expected region
    expect(errorOf(arn('eu-west-1', KEY_ID, '999999999999', 'aws-eusc'), expectation(DataClassification.STRATEGICO, all)).control).toBe('ACN-LOC-01');
    // then region before partition before account
    expect(errorOf(arn('eu-west-1', KEY_ID, '999999999999', 'aws-eusc'), expectation(DataClassification.ORDINARIO, all)).rule).toMatch(/^must be a key in the stack's region/);
    expect(errorOf(arn('eu-south-1', KEY_ID, '999999999999', 'aws-eusc'), expectation(DataClassification.ORDINARIO, all)).rule).toMatch(/^must use the partition/);
    expect(errorOf(arn('eu-south-1', KEY_ID, '999999999999'), expectation(DataClassification.ORDINARIO, all)).rule).toMatch(/^must be a key of the account/);
  });
});

// ---- The same bad ARN through the loader and the construct ----------------------------------

const VAULT = 'arn:aws:backup:eu-south-1:333333333333:backup-vault:copies';
const QUALIFICATION = { ordinario: 'QC1', critico: 'QC2', strategico: 'QC3' } as const;

/** The loader's messages for one AWS tenant (eu-south-1, ACCOUNT) of the class whose keys.kmsKeyArn is `key`. */
function loaderMessages(classification: DataClassification, key: string): string[] {
  const lines = [
    'tenants:',
    '  - ipaCode: c_a000',
    '    name: Comune di Esempio',
    `    classification: ${classification}`,
    `    qualification: ${QUALIFICATION[classification]}`,
    '    owner: Servizi informativi',
    '    incidentContact: cert@comune.example.it',
    `    account: "${ACCOUNT}"`,
    '    cidr: 10.20.0.0/16',
    `    keys: { kmsKeyArn: "${key}" }`,
    ...(classification === DataClassification.ORDINARIO ? [] : ['    backupCopy: { account: "333333333333" }']),
  ];
  try {
    parseConfig(`${lines.join('\n')}\n`, 'lz.yaml');
  } catch (e) {
    if (e instanceof ConfigValidationError) return e.errors.map((x) => `${x.line}:${x.column} ${x.message}`);
    throw e;
  }
  return [];
}

/** The construct's message for the same tenant with keys.data the key (the other keys right), or undefined when it builds. */
function constructMessage(classification: DataClassification, key: string): string | undefined {
  const stack = new Stack(new App(), 'Tenant', { env: { account: ACCOUNT, region: 'eu-south-1' } });
  const held = classification !== DataClassification.ORDINARIO;
  try {
    new LandingZone(stack, 'LandingZone', {
      tenant: { ipaCode: 'c_a000', name: 'Comune di Esempio', classification, qualification: QUALIFICATION[classification], owner: 'Servizi informativi', incidentContact: 'cert@comune.example.it' },
      cidr: '10.20.0.0/16',
      keys: {
        ...(held ? { logs: kms.Key.fromKeyArn(stack, 'Logs', arn('eu-south-1', '0b6c1a52-0000-4000-8000-000000000001')) } : {}),
        ...(held ? { backup: kms.Key.fromKeyArn(stack, 'Backup', arn('eu-south-1', '0b6c1a52-0000-4000-8000-000000000002')) } : {}),
        data: kms.Key.fromKeyArn(stack, 'Data', key),
      },
      backupCopyTarget: held ? { vaultArn: VAULT } : undefined,
    });
  } catch (e) {
    return (e as Error).message;
  }
  return undefined;
}

/** The rule text of a message: without the field and position. */
const ruleOf = (message: string) => message.replace(/^(\d+:\d+ )?[\w.[\]]+: /, '');

describe('a bad key ARN: the loader (tenants[0].keys.kmsKeyArn) and the construct (keys.data) give the same rule', () => {
  const AGREED: readonly (readonly [string, DataClassification, string, string])[] = [
    ['multi-Region for strategico', DataClassification.STRATEGICO, arn('eu-south-1', MRK_ID), `${SINGLE_REGION_KEY_RULE}, got "${arn('eu-south-1', MRK_ID)}" [ACN-KMS-02]`],
    ['unknown region', DataClassification.ORDINARIO, arn('xx-moon-1'), `must be a key in a known AWS region, and xx-moon-1 is not one, got "${arn('xx-moon-1')}"`],
    ['outside the class, acknowledgeable', DataClassification.CRITICO, arn('eu-central-1'),
      'the encryption key of a critico tenant must stay in a region in Italy; eu-central-1 is in DE (Frankfurt) (or acknowledge ACN-LOC-01 with a reason), got "eu-central-1" [ACN-LOC-01]'],
    ['outside the class, not acknowledgeable', DataClassification.STRATEGICO, arn('eu-central-1'),
      'the encryption key of a strategico tenant must stay in a region in Italy; eu-central-1 is in DE (Frankfurt), got "eu-central-1" [ACN-LOC-01]'],
    ['outside the EU', DataClassification.ORDINARIO, arn('us-east-1'),
      'the encryption key of an ordinario tenant must stay in a region in a member state of the European Union; us-east-1 is in US (N. Virginia), got "us-east-1" [ACN-LOC-01]'],
    ['wrong partition', DataClassification.ORDINARIO, arn('eu-south-1', KEY_ID, ACCOUNT, 'aws-eusc'), `must use the partition of eu-south-1: arn:aws:kms:..., got "${arn('eu-south-1', KEY_ID, ACCOUNT, 'aws-eusc')}"`],
  ];

  test.each(AGREED)('%s', (_what, classification, key, rule) => {
    const construct = constructMessage(classification, key);
    expect(construct).toBe(`keys.data: ${rule}`);
    const loader = loaderMessages(classification, key);
    expect(loader).toEqual([`10:24 tenants[0].keys.kmsKeyArn: ${rule}`]);
    expect(ruleOf(loader[0])).toBe(ruleOf(construct!));
  });

  test('a good key passes both', () => {
    expect(constructMessage(DataClassification.STRATEGICO, arn('eu-south-1'))).toBeUndefined();
    expect(loaderMessages(DataClassification.STRATEGICO, arn('eu-south-1'))).toEqual([]);
    expect(constructMessage(DataClassification.CRITICO, arn('eu-south-1', MRK_ID))).toBeUndefined();
    expect(loaderMessages(DataClassification.CRITICO, arn('eu-south-1', MRK_ID))).toEqual([]);
  });

  // One rule, one text: the loader and the construct both say "the landing zone's region".
  test('a key in another region than the landing zone\'s', () => {
    const key = arn('eu-west-1');
    expect(ruleOf(loaderMessages(DataClassification.ORDINARIO, key)[0])).toBe(ruleOf(constructMessage(DataClassification.ORDINARIO, key)!));
    expect(constructMessage(DataClassification.ORDINARIO, key))
      .toBe(`keys.data: must be a key in the landing zone's region eu-south-1 (KMS keys are regional), not in eu-west-1, got "${key}" [ACN-KMS-02]`);
  });

  // The file's schema and checkKmsKeyArn give the same example key ARN.
  test('an alias ARN where a key ARN is needed', () => {
    const alias = arn('eu-south-1').replace(':key/', ':alias/');
    expect(ruleOf(loaderMessages(DataClassification.ORDINARIO, alias)[0])).toBe(ruleOf(constructMessage(DataClassification.ORDINARIO, alias)!));
    expect(constructMessage(DataClassification.ORDINARIO, alias)).toBe(`keys.data: ${NOT_AN_ARN}, got "${alias}"`);
  });
});
