import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { InputError, detectKind, findDocuments, loadDocument, parseDocument } from '../../lib/compliance';
import { findDocumentsAndSkipped } from '../../lib/compliance/loader';

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pa-compliance-'));
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function write(name: string, content: string | Buffer): string {
  const file = path.join(dir, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  return file;
}

describe('YAML short-form intrinsics', () => {
  const yaml = [
    'AWSTemplateFormatVersion: "2010-09-09"',
    'Conditions:',
    '  IsProd: !Equals [!Ref Env, prod]',
    '  NotProd: !Not [!Condition IsProd]',
    '  Both: !And [!Condition IsProd, !Or [!Condition IsProd, !Condition NotProd]]',
    'Resources:',
    '  Bucket:',
    '    Type: AWS::S3::Bucket',
    '    Properties:',
    '      BucketName: !Sub "${AWS::StackName}-logs"',
    '      Named: !Sub',
    '        - "${Prefix}-x"',
    '        - Prefix: !Ref Env',
    '      Arn: !GetAtt Key.Arn',
    '      Nested: !GetAtt Stack.Outputs.Value',
    '      ListForm: !GetAtt [Key, Arn]',
    '      Joined: !Join ["", ["a", !Ref Env]]',
    '      Picked: !Select [0, !GetAZs ""]',
    '      Parts: !Split [",", "a,b"]',
    '      Maybe: !If [IsProd, !Ref Env, !Ref AWS::NoValue]',
    '      Mapped: !FindInMap [Map, !Ref "AWS::Region", Ami]',
    '      Data: !Base64 "hello"',
    '      Cidrs: !Cidr [!GetAtt Vpc.CidrBlock, 6, 5]',
    '      Imported: !ImportValue shared-key-arn',
    '      Macro: !Transform { Name: AWS::Include, Parameters: { Location: s3://x } }',
  ].join('\n');

  let props: Record<string, unknown>;
  let conditions: Record<string, unknown>;
  beforeAll(() => {
    const doc = parseDocument('stack.yaml', yaml);
    props = doc.resources[0].properties;
    conditions = (doc.raw as { Conditions: Record<string, unknown> }).Conditions;
  });

  test('!Ref, !Sub (scalar and list), !Condition, !Equals, !Not, !And, !Or', () => {
    expect(props.BucketName).toEqual({ 'Fn::Sub': '${AWS::StackName}-logs' });
    expect(props.Named).toEqual({ 'Fn::Sub': ['${Prefix}-x', { Prefix: { Ref: 'Env' } }] });
    expect(conditions.IsProd).toEqual({ 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] });
    expect(conditions.NotProd).toEqual({ 'Fn::Not': [{ Condition: 'IsProd' }] });
    expect(conditions.Both).toEqual({ 'Fn::And': [{ Condition: 'IsProd' }, { 'Fn::Or': [{ Condition: 'IsProd' }, { Condition: 'NotProd' }] }] });
  });

  test('!GetAtt in dotted form splits at the first dot, and in list form', () => {
    expect(props.Arn).toEqual({ 'Fn::GetAtt': ['Key', 'Arn'] });
    expect(props.Nested).toEqual({ 'Fn::GetAtt': ['Stack', 'Outputs.Value'] });
    expect(props.ListForm).toEqual({ 'Fn::GetAtt': ['Key', 'Arn'] });
  });

  test('!Join, !Select, !GetAZs, !Split, !If, !FindInMap, !Base64, !Cidr, !ImportValue, !Transform', () => {
    expect(props.Joined).toEqual({ 'Fn::Join': ['', ['a', { Ref: 'Env' }]] });
    expect(props.Picked).toEqual({ 'Fn::Select': [0, { 'Fn::GetAZs': '' }] });
    expect(props.Parts).toEqual({ 'Fn::Split': [',', 'a,b'] });
    expect(props.Maybe).toEqual({ 'Fn::If': ['IsProd', { Ref: 'Env' }, { Ref: 'AWS::NoValue' }] });
    expect(props.Mapped).toEqual({ 'Fn::FindInMap': ['Map', { Ref: 'AWS::Region' }, 'Ami'] });
    expect(props.Data).toEqual({ 'Fn::Base64': 'hello' });
    expect(props.Cidrs).toEqual({ 'Fn::Cidr': [{ 'Fn::GetAtt': ['Vpc', 'CidrBlock'] }, 6, 5] });
    expect(props.Imported).toEqual({ 'Fn::ImportValue': 'shared-key-arn' });
    expect(props.Macro).toEqual({ 'Fn::Transform': { Name: 'AWS::Include', Parameters: { Location: 's3://x' } } });
  });

  test('the version date stays a string (YAML 1.2 core schema)', () => {
    const doc = parseDocument('stack.yaml', yaml);
    expect((doc.raw as Record<string, unknown>).AWSTemplateFormatVersion).toBe('2010-09-09');
  });
});

describe('document kinds', () => {
  test('CloudFormation JSON with kit metadata', () => {
    const doc = parseDocument('a.template.json', JSON.stringify({
      Metadata: { PaCloudKit: { version: 1, tenant: { ipaCode: 'c_h501', name: 'Roma' }, classification: 'critico', qualification: 'QC2', region: 'eu-south-1', overrides: [], acknowledgements: [{ control: 'ACN-KMS-02', reason: 'keys imported next quarter' }] } },
      Resources: { Key: { Type: 'AWS::KMS::Key', Properties: { EnableKeyRotation: true }, DeletionPolicy: 'Retain' } },
    }));
    expect(doc.kind).toBe('cloudformation');
    expect(doc.resources).toEqual([{ id: 'Key', type: 'AWS::KMS::Key', properties: { EnableKeyRotation: true }, raw: { Type: 'AWS::KMS::Key', Properties: { EnableKeyRotation: true }, DeletionPolicy: 'Retain' } }]);
    expect(doc.metadata?.tenant.ipaCode).toBe('c_h501');
    expect(doc.metadata?.acknowledgements).toEqual([{ control: 'ACN-KMS-02', reason: 'keys imported next quarter' }]);
  });

  test('a CloudFormation template with only AWSTemplateFormatVersion has no resources', () => {
    expect(parseDocument('a.json', '{"AWSTemplateFormatVersion":"2010-09-09"}').resources).toEqual([]);
  });

  test('cdktf Terraform JSON: resource.TYPE.NAME becomes address TYPE.NAME, "//" metadata read', () => {
    const doc = parseDocument('cdk.tf.json', JSON.stringify({
      '//': { metadata: { backend: 'local' }, 'pa-cloud-kit': { version: 1, tenant: { ipaCode: 'c_h501', name: 'Roma' }, classification: 'ordinario', qualification: 'QC1', region: 'it-rom1', overrides: [], acknowledgements: [] } },
      resource: { openstack_networking_network_v2: { Mgmt: { name: 'mgmt' }, Data: { name: 'data' } } },
    }));
    expect(doc.kind).toBe('terraform');
    expect(doc.resources.map((r) => r.id)).toEqual(['openstack_networking_network_v2.Mgmt', 'openstack_networking_network_v2.Data']);
    expect(doc.resources[0]).toMatchObject({ type: 'openstack_networking_network_v2', properties: { name: 'mgmt' } });
    expect(doc.metadata?.region).toBe('it-rom1');
  });

  test('Terraform JSON in list form', () => {
    const doc = parseDocument('x.tf.json', JSON.stringify({ resource: [{ openstack_networking_network_v2: [{ a: [{ name: 'a' }] }] }] }));
    expect(doc.resources.map((r) => r.id)).toEqual(['openstack_networking_network_v2.a']);
  });

  test('Terraform JSON with only provider or terraform blocks', () => {
    expect(detectKind({ provider: { openstack: {} } })).toBe('terraform');
    expect(detectKind({ terraform: {} })).toBe('terraform');
    expect(detectKind({ Resources: { A: { Type: 'AWS::S3::Bucket' } } })).toBe('cloudformation');
    expect(detectKind({ name: 'pkg' })).toBeUndefined();
  });

  test('a template with 5,000 resources loads', () => {
    const resources: Record<string, unknown> = {};
    for (let i = 0; i < 5000; i++) resources[`Bucket${i}`] = { Type: 'AWS::S3::Bucket', Properties: { BucketName: `b${i}` } };
    const doc = parseDocument('big.template.json', JSON.stringify({ Resources: resources }));
    expect(doc.resources).toHaveLength(5000);
  });
});

describe('bad input: InputError naming the file', () => {
  test('malformed JSON with line and column', () => {
    const file = write('broken.template.json', '{\n  "Resources": {\n    "A": ,\n  }\n}');
    expect(() => loadDocument(file)).toThrow(InputError);
    expect(() => loadDocument(file)).toThrow(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: malformed JSON at line 3, column 10`));
  });

  test('truncated JSON', () => {
    expect(() => parseDocument('t.json', '{"Resources": ')).toThrow(/^t\.json: malformed JSON at line 1, column 15: Unexpected end of JSON input$/);
  });

  test('malformed YAML with line and column', () => {
    expect(() => parseDocument('s.yaml', 'Resources:\n  A: [1,\nB: }')).toThrow(/^s\.yaml: malformed YAML at line 3, column 1: /);
  });

  test('unknown YAML tag', () => {
    expect(() => parseDocument('s.yaml', 'Resources:\n  A:\n    Type: !Bogus x')).toThrow(/^s\.yaml: malformed YAML at line 3, column 11: Unresolved tag: !Bogus/);
  });

  test('empty file', () => {
    const file = write('empty.template.json', '  \n');
    expect(() => loadDocument(file)).toThrow(/empty\.template\.json: empty file, expected a CloudFormation template or Terraform JSON/);
  });

  test('unknown document kind', () => {
    expect(() => parseDocument('k8s.yaml', 'apiVersion: v1\nkind: Pod')).toThrow(/^k8s\.yaml: unknown document kind: expected a CloudFormation template/);
  });

  test('binary file', () => {
    const file = write('image.template.json', Buffer.from([0x7b, 0x00, 0x01, 0x7d]));
    expect(() => loadDocument(file)).toThrow(/image\.template\.json: binary file \(contains NUL bytes\)/);
  });

  test('unreadable path', () => {
    const file = path.join(dir, 'missing.template.json');
    expect(() => loadDocument(file)).toThrow(/missing\.template\.json: cannot read: no such file or folder/);
  });

  test('a folder given as a file', () => {
    expect(() => loadDocument(dir)).toThrow(/: cannot read: is a folder/);
  });

  test('a resource without a Type', () => {
    expect(() => parseDocument('t.json', '{"AWSTemplateFormatVersion":"2010-09-09","Resources":{"A":{"Properties":{}}}}')).toThrow(/^t\.json: resource A must be an object with a string Type/);
  });

  test('metadata that is not the kit\'s', () => {
    expect(() => parseDocument('t.json', '{"Metadata":{"PaCloudKit":{"version":2}},"Resources":{"A":{"Type":"AWS::S3::Bucket"}}}')).toThrow(/Metadata\.PaCloudKit must be the kit's landing zone metadata with version 1/);
  });

  test('the error is never a stack trace in the message', () => {
    try {
      parseDocument('t.json', '{oops');
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      expect((e as InputError).file).toBe('t.json');
      expect((e as Error).message).not.toMatch(/\n\s+at /);
    }
  });
});

describe('findDocuments', () => {
  let root: string;
  beforeAll(() => {
    root = path.join(dir, 'tree');
    const w = (name: string, content: string) => write(path.join('tree', name), content);
    w('cdk.out/Tenant.template.json', '{"Resources":{}}');
    w('cdk.out/manifest.json', '{"version":"40.0.0","artifacts":{"Tenant":{"type":"aws:cloudformation:stack"}}}');
    w('cdk.out/tree.json', '{"version":"tree-0.1","tree":{"id":"App"}}');
    w('cdk.out/Tenant.assets.json', '{"version":"40.0.0","files":{}}');
    w('cdk.out/Tenant.metadata.json', '{"/Tenant":[{"type":"aws:cdk:warning","data":"x"}]}');
    w('.pa-cloud-kit-manifest.json', '{"kit":"pa-cloud-kit","files":["aws/Tenant.template.json"]}');
    w('cdktf.out/stacks/lz/cdk.tf.json', '{"resource":{}}');
    w('infra/stack.yaml', 'AWSTemplateFormatVersion: "2010-09-09"\nResources: {}');
    w('infra/broken.yaml', 'Resources:\n  A: [');
    w('infra/values.yaml', 'replicas: 3');
    w('infra/config.json', '{"provider": "none", "name": "x"}');
    w('node_modules/pkg/x.template.json', '{"Resources":{}}');
  });

  test('walks folders for templates, Terraform JSON and generic files that are CFN/TF; skips cdk.out metadata and node_modules', () => {
    const found = findDocuments([root]).map((f) => path.relative(root, f));
    expect(found).toEqual([
      'cdk.out/Tenant.template.json',
      'cdktf.out/stacks/lz/cdk.tf.json',
      'infra/broken.yaml',
      'infra/stack.yaml',
    ]);
  });

  test('files named explicitly are always candidates (sorted), missing ones included so they are reported', () => {
    const missing = path.join(root, 'nope.json');
    expect(findDocuments([missing, path.join(root, 'infra/values.yaml')])).toEqual([path.join(root, 'infra/values.yaml'), missing]);
  });
});

test('a synth output folder reports no skipped files: cloud assembly metadata and the ownership manifest are known not to be templates', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'pa-skipped-'));
  const w = (name: string, content: string) => { fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true }); fs.writeFileSync(path.join(root, name), content); };
  w('aws/PaLz-c-a001.template.json', '{"Resources":{}}');
  w('aws/PaLz-c-a001.metadata.json', '{"/PaLz-c-a001":[{"type":"aws:cdk:warning","data":"x"}]}');
  w('aws/PaLz-c-a001.assets.json', '{"version":"40.0.0","files":{}}');
  w('.pa-cloud-kit-manifest.json', '{"files":["aws/PaLz-c-a001.template.json"]}');
  w('notes/other.json', '{"a":1}');
  const { files, skipped } = findDocumentsAndSkipped([root]);
  expect(files.map((f) => path.relative(root, f))).toEqual(['aws/PaLz-c-a001.template.json']);
  expect(skipped.map((s) => path.relative(root, s.file))).toEqual(['notes/other.json']);
  fs.rmSync(root, { recursive: true, force: true });
});
