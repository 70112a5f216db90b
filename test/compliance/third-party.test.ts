/**
 * The engine on infrastructure code from elsewhere: each class of problem found on third-party
 * templates has a compliant and a non-compliant case here.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CompliancePolicy, DataClassification } from '../../lib/core';
import { check, evaluateDocument, parseDocument } from '../../lib/compliance';
import { renderHtml, renderJson, renderMarkdown, renderSarif, renderText } from '../../lib/compliance/report';
import { RULES } from '../../lib/compliance/rules';
import { awsAdminPortsClosed } from '../../lib/compliance/rules/aws/admin-ports-closed';
import { awsAlertTopicEncrypted } from '../../lib/compliance/rules/aws/alert-topic-encrypted';
import { awsBucketPublicAccessBlocked } from '../../lib/compliance/rules/aws/bucket-public-access-blocked';
import { awsLoadBalancerTls } from '../../lib/compliance/rules/aws/load-balancer-tls';
import { awsManagementSubnetIsolated } from '../../lib/compliance/rules/aws/management-subnet-isolated';
import { awsSecurityAlerts } from '../../lib/compliance/rules/aws/security-alerts';
import { osAdminPortsClosed } from '../../lib/compliance/rules/openstack/admin-ports-closed';
import { osManagementNetworkIsolated } from '../../lib/compliance/rules/openstack/management-network-isolated';
import { coversAllAddresses } from '../../lib/compliance/private/model';
import { filterPatternMatches, parseFilterPattern } from '../../lib/compliance/private/event-patterns';
import type { DocumentReport, SourceDocument } from '../../lib/compliance/types';
import { awsTemplate, cfnDoc, expectCompliant, expectFailure, failures, openstackDocument, run, tfDoc } from './rules/helpers';
import { runCli } from '../cli/run-cli';

const R = (t: any) => t.Resources;
const control = (report: DocumentReport, id: string) => report.controls.find((c) => c.control === id)!;

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pa-third-party-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function write(name: string, content: string): string {
  const file = path.join(dir, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  return file;
}

// ---------- 1. valid CloudFormation constructs ----------

describe('Fn::ForEach (AWS::LanguageExtensions) and transforms', () => {
  const loop = (ports: unknown, cidr = '10.0.0.0/8') => ({
    AWSTemplateFormatVersion: '2010-09-09',
    Transform: 'AWS::LanguageExtensions',
    Parameters: { Ports: { Type: 'CommaDelimitedList', Default: '22,443' } },
    Resources: {
      'Fn::ForEach::Groups': ['Port', ports, {
        'Sg${Port}': {
          Type: 'AWS::EC2::SecurityGroup',
          Properties: { GroupDescription: { 'Fn::Sub': 'port ${Port}' }, SecurityGroupIngress: [{ IpProtocol: 'tcp', FromPort: { Ref: 'Port' }, ToPort: { Ref: 'Port' }, CidrIp: cidr }] },
        },
      }],
    },
  });

  test('a literal collection is expanded as CloudFormation does (identifier in keys, Ref and Fn::Sub)', () => {
    const doc = parseDocument('loop.template.json', JSON.stringify(loop(['443', '8443'])));
    expect(doc.resources.map((r) => r.id)).toEqual(['Sg443', 'Sg8443']);
    expect(doc.resources[0].properties.SecurityGroupIngress).toEqual([{ IpProtocol: 'tcp', FromPort: '443', ToPort: '443', CidrIp: '10.0.0.0/8' }]);
    expect(doc.resources[1].properties.GroupDescription).toEqual({ 'Fn::Sub': 'port 8443' });
    expectCompliant(run(awsAdminPortsClosed, doc));
  });

  test('an expanded loop that opens SSH to the internet fails on the expanded resource', () => {
    const doc = parseDocument('loop.template.json', JSON.stringify(loop(['22', '443'], '0.0.0.0/0')));
    expectFailure(run(awsAdminPortsClosed, doc), /ingress from 0\.0\.0\.0\/0 on admin port\(s\) 22 \(SSH\)/, 'Sg22');
  });

  test('a collection known only at deploy time: accepted, checked once with the identifier unresolved, and a notice', () => {
    const doc = parseDocument('loop.template.json', JSON.stringify(loop({ Ref: 'Ports' }, '0.0.0.0/0')));
    expect(doc.resources.map((r) => r.id)).toEqual(['Sg${Port}']);
    expect(doc.notices).toEqual(['Resources.Fn::ForEach::Groups: the collection of loop Groups is known only at deploy time; its fragment is checked once with Port unresolved']);
    const result = failures(run(awsAdminPortsClosed, doc))[0];
    expect(result).toMatchObject({ unresolved: true, resource: 'Sg${Port}' });
    expect(evaluateDocument(doc).notices).toContain(doc.notices![0]);
  });

  test('a YAML template made only of a loop is recognised as CloudFormation (no AWSTemplateFormatVersion)', () => {
    const yaml = [
      'Transform: AWS::LanguageExtensions',
      'Resources:',
      '  Fn::ForEach::Buckets:',
      '    - Name',
      '    - [Logs, Data]',
      '    - ${Name}Bucket:',
      '        Type: AWS::S3::Bucket',
      '        Properties:',
      '          BucketName: !Sub "acme-${Name}"',
    ].join('\n');
    const doc = parseDocument('loop.yaml', yaml);
    expect(doc.resources.map((r) => [r.id, r.properties.BucketName])).toEqual([['LogsBucket', { 'Fn::Sub': 'acme-Logs' }], ['DataBucket', { 'Fn::Sub': 'acme-Data' }]]);
  });

  test('Fn::Transform (AWS::Include) in Resources and macros are accepted with a notice, not refused', () => {
    const doc = parseDocument('inc.template.json', JSON.stringify({
      Transform: ['MyMacro'],
      Resources: { 'Fn::Transform': { Name: 'AWS::Include', Parameters: { Location: 's3://bucket/snippet.yaml' } }, Topic: { Type: 'AWS::SNS::Topic' } },
    }));
    expect(doc.resources.map((r) => r.id)).toEqual(['Topic']);
    expect(doc.notices).toEqual([
      'Resources.Fn::Transform: content inserted at deploy time (AWS::Include) is not checked',
      'the template declares the transform(s) MyMacro: resources they add at deploy time are not checked',
    ]);
  });

  test('a malformed loop is kept out with a notice; a resource without Type is still refused', () => {
    const doc = parseDocument('bad-loop.template.json', JSON.stringify({ Transform: 'AWS::LanguageExtensions', Resources: { 'Fn::ForEach::X': ['Id'], Topic: { Type: 'AWS::SNS::Topic' } } }));
    expect(doc.notices).toEqual(['Resources.Fn::ForEach::X: not an [identifier, collection, fragment] loop of AWS::LanguageExtensions; not checked']);
    expect(() => parseDocument('bad.template.json', JSON.stringify({ Resources: { Topic: { Type: 'AWS::SNS::Topic' }, Broken: { Properties: {} } } })))
      .toThrow('bad.template.json: resource Broken must be an object with a string Type');
  });
});

describe('content the engine cannot see: nested stacks and included content', () => {
  const lz = (extra: Record<string, unknown>) => parseDocument('parent.template.json', JSON.stringify({ Resources: { Topic: { Type: 'AWS::SNS::Topic' }, ...extra } }));

  test('without a trail and without nested stacks: GAR-LOG-01 fails', () => {
    const report = evaluateDocument(lz({}));
    expect(control(report, 'GAR-LOG-01').status).toBe('failed');
    const finding = report.findings.find((f) => f.ruleId === 'aws-trail-multi-region')!;
    expect(finding.message).toBe('no CloudTrail trail: admin and API activity is not logged');
    expect(finding.unresolved).toBeUndefined();
  });

  test('a nested stack (or AWS::Include) may hold the trail, the alerts, the backups: unresolved, naming it', () => {
    const report = evaluateDocument(lz({ Logging: { Type: 'AWS::CloudFormation::Stack', Properties: { TemplateURL: 'https://example.invalid/logging.yaml' } } }));
    for (const id of ['GAR-LOG-01', 'ABSC-LOG-02', 'ABSC-LOG-03', 'ABSC-BCK-01']) expect({ id, status: control(report, id).status }).toEqual({ id, status: 'unresolved' });
    expect(report.findings.find((f) => f.ruleId === 'aws-trail-multi-region')).toMatchObject({
      unresolved: true, unresolvedValue: 'nested stack Logging',
      message: 'no CloudTrail trail: admin and API activity is not logged in this template; nested stack Logging may add it (not read: unresolved)',
    });
    const included = evaluateDocument(lz({ 'Fn::Transform': { Name: 'AWS::Include', Parameters: { Location: 's3://b/trail.yaml' } } }));
    expect(included.findings.find((f) => f.ruleId === 'aws-trail-multi-region')).toMatchObject({ unresolved: true, unresolvedValue: 'content included by AWS::Include' });
  });
});

// ---------- 2. YAML as CloudFormation reads it ----------

describe('YAML flow collections indented as PyYAML accepts', () => {
  const flow = [
    'Resources:',
    '  Role:',
    '    Type: AWS::IAM::Role',
    '    Properties:',
    '      AssumeRolePolicyDocument:',
    '        Statement: [{',
    '          Effect: Allow, Principal: { Service: !Sub "ec2.${AWS::URLSuffix}" }, Action: "sts:AssumeRole"',
    '        }]',
    '      Tags: {',
    '      }',
    '  Sg:',
    '    Type: AWS::EC2::SecurityGroup',
    '    Properties: {',
    '      GroupDescription: ssh,',
    '      SecurityGroupIngress: [ { IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: !Ref AnyCidr } ]',
    '    }',
  ].join('\n');

  test('closing brackets at the key\'s indentation are accepted, with the short-form tags', () => {
    const doc = parseDocument('flow.yaml', flow);
    expect(doc.resources.map((r) => r.id)).toEqual(['Role', 'Sg']);
    expect(doc.resources[0].properties.AssumeRolePolicyDocument).toEqual({ Statement: [{ Effect: 'Allow', Principal: { Service: { 'Fn::Sub': 'ec2.${AWS::URLSuffix}' } }, Action: 'sts:AssumeRole' }] });
    expect(doc.resources[1].properties.SecurityGroupIngress).toEqual([{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIp: { Ref: 'AnyCidr' } }]);
  });

  test('the lenient reader still refuses duplicate keys and unknown tags, with the line', () => {
    expect(() => parseDocument('dup.yaml', `${flow}\n  Sg:\n    Type: AWS::SNS::Topic\n`)).toThrow(/dup\.yaml: malformed YAML at line \d+, column \d+/);
    expect(() => parseDocument('tag.yaml', flow.replace('!Ref AnyCidr', '!Bogus AnyCidr'))).toThrow(/tag\.yaml: malformed YAML at line/);
  });

  test('aliases expanding past the bound are refused in the lenient reader too (no hang)', () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 9; i++) levels.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill(`*${String.fromCharCode(96 + i)}`).join(', ')}]`);
    const started = Date.now();
    // Flow map closed left of its key: read by the lenient reader, which bounds the expansion.
    const lenient = ['Resources:', '  X:', '    Type: AWS::SNS::Topic', '    Properties: {', '      A: 1', '  }', ...levels].join('\n');
    expect(() => parseDocument('bomb.yaml', lenient)).toThrow(/bomb\.yaml: malformed YAML at line 6, column 3/);
    // Well indented: the yaml reader's alias bound refuses it with a clear error, not a raw exception.
    const strict = ['Resources:', '  X:', '    Type: AWS::SNS::Topic', ...levels].join('\n');
    expect(() => parseDocument('bomb2.yaml', strict)).toThrow('bomb2.yaml: malformed YAML: Excessive alias count indicates a resource exhaustion attack');
    expect(Date.now() - started).toBeLessThan(5000);
  });

  test('a comment right after a quoted scalar (PyYAML reads it) is accepted; a broken flow map is still refused', () => {
    const doc = parseDocument('c.yaml', 'Resources:\n  Logs:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: !Sub "${AWS::StackName}-logs"# the log bucket\n');
    expect(doc.resources[0].properties.BucketName).toEqual({ 'Fn::Sub': '${AWS::StackName}-logs' });
    expect(() => parseDocument('broken.yaml', 'Resources:\n  Logs:\n    Type: AWS::S3::Bucket\n    Properties: { BucketName: a b: c }\n')).toThrow(/broken\.yaml: malformed YAML at line 4/);
  });

  test('dates stay strings in the lenient reader too', () => {
    const doc = parseDocument('v.yaml', `AWSTemplateFormatVersion: 2010-09-09\n${flow}`);
    expect((doc.raw as { AWSTemplateFormatVersion: unknown }).AWSTemplateFormatVersion).toBe('2010-09-09');
  });
});

// ---------- 3. ABSC-LOG-02 ----------

describe('ABSC-LOG-02: alerts reach topics however they are written', () => {
  /** The compliant template's alerts replaced by CIS-style metric filters and alarms. */
  function withAlarms(topicArn: unknown, patterns: Record<string, string>): any {
    const t = awsTemplate();
    for (const id of ['RootLogin', 'LoginFailure', 'IamChange', 'TrailChange', 'KeyDeletion']) delete R(t)[id];
    R(t).AlertTopic.Properties.TopicName = 'security-alerts';
    for (const [name, pattern] of Object.entries(patterns)) {
      R(t)[`${name}Filter`] = { Type: 'AWS::Logs::MetricFilter', Properties: { LogGroupName: { Ref: 'TrailLogGroup' }, FilterPattern: pattern, MetricTransformations: [{ MetricNamespace: 'CIS', MetricName: name, MetricValue: '1' }] } };
      R(t)[`${name}Alarm`] = { Type: 'AWS::CloudWatch::Alarm', Properties: { Namespace: 'CIS', MetricName: name, Statistic: 'Sum', Period: 300, EvaluationPeriods: 1, Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold', AlarmActions: [topicArn] } };
    }
    return t;
  }
  const CIS = {
    Root: '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }',
    Failed: '{ ($.eventName = ConsoleLogin) && ($.errorMessage = "Failed authentication") }',
    Iam: '{($.eventName=DeleteGroupPolicy)||($.eventName=DeleteRolePolicy)||($.eventName=PutUserPolicy)||($.eventName=AttachRolePolicy)}',
    Trail: '{ ($.eventSource = cloudtrail.amazonaws.com) && ($.eventName != Describe*) && ($.eventName != Get*) && ($.eventName != List*) && ($.eventName != LookupEvents) }',
    Kms: '{ ($.eventSource = kms.amazonaws.com) && (($.eventName = DisableKey) || ($.eventName = ScheduleKeyDeletion)) }',
  };
  const joinArn = { 'Fn::Join': [':', ['arn', { Ref: 'AWS::Partition' }, 'sns', { Ref: 'AWS::Region' }, { Ref: 'AWS::AccountId' }, 'security-alerts']] };

  test('topic ARN built with Fn::Join, exclusions-only eventName filter: every event covered, topic followed', () => {
    const doc = cfnDoc(withAlarms(joinArn, CIS));
    const results = run(awsSecurityAlerts, doc);
    expectCompliant(results);
    expect(results.map((r) => r.message)).toContain('CloudTrail configuration change alerts AlertTopic');
    expectCompliant(run(awsAlertTopicEncrypted, doc));
  });

  test('topic ARN with Fn::Sub (pseudo-parameters, the topic\'s own GetAtt) resolves to the topic', () => {
    expectCompliant(run(awsSecurityAlerts, cfnDoc(withAlarms({ 'Fn::Sub': 'arn:${AWS::Partition}:sns:${AWS::Region}:${AWS::AccountId}:security-alerts' }, CIS))));
    expectCompliant(run(awsAlertTopicEncrypted, cfnDoc(withAlarms({ 'Fn::Sub': '${AlertTopic}' }, CIS))));
  });

  test('a filter that selects only read calls (or excludes the trail changes) misses CloudTrail changes', () => {
    const readOnly = cfnDoc(withAlarms(joinArn, { ...CIS, Trail: '{ ($.eventSource = cloudtrail.amazonaws.com) && ($.eventName = Describe*) }' }));
    expectFailure(run(awsSecurityAlerts, readOnly), /no event rule or alarm notifies a topic on CloudTrail configuration change/);
    const excluding = cfnDoc(withAlarms(joinArn, { ...CIS, Trail: '{ ($.eventSource = cloudtrail.amazonaws.com) && ($.eventName != StopLogging) && ($.eventName != DeleteTrail) && ($.eventName != UpdateTrail) && ($.eventName != CreateTrail) }' }));
    expectFailure(run(awsSecurityAlerts, excluding), /CloudTrail configuration change/);
  });

  test('the filter pattern parser: operators, wildcards, NOT EXISTS, text patterns', () => {
    expect(parseFilterPattern('{ ($.a = 1) && ($.b != x*) || $.c NOT EXISTS }')).toBeDefined();
    expect(parseFilterPattern('{ ($.a = ) }')).toBeUndefined();
    expect(filterPatternMatches('{ $.eventName != Describe* }', { eventName: 'DescribeTrails' })).toBe(false);
    expect(filterPatternMatches('{ $.eventName != Describe* }', { eventName: 'StopLogging' })).toBe(true);
    expect(filterPatternMatches('"ConsoleLogin" "Failed authentication"', { eventName: 'ConsoleLogin', errorMessage: 'Failed authentication' })).toBe(true);
    expect(filterPatternMatches('"ConsoleLogin" -"Failed"', { eventName: 'ConsoleLogin', errorMessage: 'Failed authentication' })).toBe(false);
  });

  test('EventBridge → Lambda → SNS: the function\'s topic (environment or sns:Publish policy) receives the alerts', () => {
    const t = awsTemplate();
    for (const id of ['RootLogin', 'LoginFailure', 'IamChange', 'TrailChange', 'KeyDeletion']) R(t)[id].Properties.Targets = [{ Arn: { 'Fn::GetAtt': ['Notifier', 'Arn'] }, Id: 'L' }];
    R(t).NotifierRole = { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: {}, Policies: [{ PolicyName: 'p', PolicyDocument: { Statement: [{ Effect: 'Allow', Action: 'sns:Publish', Resource: { Ref: 'AlertTopic' } }] } }] } };
    R(t).Notifier = { Type: 'AWS::Lambda::Function', Properties: { Role: { 'Fn::GetAtt': ['NotifierRole', 'Arn'] }, Runtime: 'python3.12', Handler: 'i.h', Code: { ZipFile: 'x' } } };
    const results = run(awsSecurityAlerts, cfnDoc(t));
    expectCompliant(results);
    expect(results[0].message).toBe('root account login alerts AlertTopic (via Lambda Notifier)');
    // The same function without a topic to publish to alerts nobody.
    R(t).NotifierRole.Properties.Policies = [];
    expectFailure(run(awsSecurityAlerts, cfnDoc(t)), /no event rule or alarm notifies a topic on root account login/);
  });

  test('a topic the engine cannot see is unresolved, not missing', () => {
    const t = withAlarms({ Ref: 'AlertTopicArn' }, CIS);
    t.Parameters = { AlertTopicArn: { Type: 'String' } };
    const report = evaluateDocument(cfnDoc(t), { classification: DataClassification.CRITICO });
    expect(control(report, 'ABSC-LOG-02').status).toBe('unresolved');
    const f = report.findings.find((x) => x.ruleId === 'aws-security-alerts')!;
    expect(f).toMatchObject({ unresolved: true, unresolvedValue: '{"Ref":"AlertTopicArn"}' });
    // A literal ARN of a topic elsewhere: the alerts exist; only the topic's encryption is unresolved.
    const literal = evaluateDocument(cfnDoc(withAlarms('arn:aws:sns:eu-south-1:111111111111:central-alerts', CIS)));
    expect(literal.findings.filter((x) => x.control === 'ABSC-LOG-02').map((x) => [x.ruleId, x.unresolved])).toEqual([['aws-alert-topic-encrypted', true]]);
    expect(control(literal, 'ABSC-LOG-02').status).toBe('unresolved');
  });
});

// ---------- 4. ABSC-NET-02 ----------

describe('ABSC-NET-02: Fn::If branches and any-address spellings', () => {
  const sg = (ingress: unknown) => cfnDoc({ Resources: { Sg: { Type: 'AWS::EC2::SecurityGroup', Properties: { GroupDescription: 'x', SecurityGroupIngress: ingress } } } });
  const ssh = (cidr: unknown) => ({ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIp: cidr });

  test.each([
    ['whole property', { 'Fn::If': ['Open', [ssh('0.0.0.0/0')], { Ref: 'AWS::NoValue' }] }],
    ['list item', [{ 'Fn::If': ['Open', ssh('0.0.0.0/0'), { Ref: 'AWS::NoValue' }] }]],
    ['a field', [ssh({ 'Fn::If': ['Open', '10.0.0.0/8', '0.0.0.0/0'] })]],
  ])('Fn::If on the %s: the open branch fails', (_where, ingress) => {
    expectFailure(run(awsAdminPortsClosed, sg(ingress)), /ingress from 0\.0\.0\.0\/0 on admin port\(s\) 22 \(SSH\) \(in a branch of Fn::If\)/, 'Sg');
  });

  test('a listener whose protocol is HTTP in one branch of Fn::If fails; HTTPS in both passes', () => {
    const listener = (protocol: unknown) => cfnDoc({ Resources: { L: { Type: 'AWS::ElasticLoadBalancingV2::Listener', Properties: { Protocol: protocol, Port: 443, DefaultActions: [{ Type: 'forward', TargetGroupArn: 'x' }] } } } });
    expectFailure(run(awsLoadBalancerTls, listener({ 'Fn::If': ['HasCert', 'HTTPS', 'HTTP'] })), /^listener uses HTTP without TLS \(in a branch of Fn::If\)$/, 'L');
    expectCompliant(run(awsLoadBalancerTls, listener({ 'Fn::If': ['Tls', 'TLS', 'HTTPS'] })));
  });

  test('a source parameter defaulting to any address (the samples\' SSHLocation) fails; without such a default it is unresolved', () => {
    const withParameter = (parameter: Record<string, unknown>) => cfnDoc({
      Parameters: { SSHLocation: { Type: 'String', ...parameter } },
      Resources: { Sg: { Type: 'AWS::EC2::SecurityGroup', Properties: { GroupDescription: 'x', SecurityGroupIngress: [ssh({ Ref: 'SSHLocation' })] } } },
    });
    expectFailure(run(awsAdminPortsClosed, withParameter({ Default: '0.0.0.0/0' })), /^ingress from any address \(parameter SSHLocation, default 0\.0\.0\.0\/0\) on admin port\(s\) 22 \(SSH\)$/, 'Sg');
    expectFailure(run(awsAdminPortsClosed, withParameter({ Default: '10.0.0.0/8', AllowedValues: ['10.0.0.0/8', '::/0'] })), /parameter SSHLocation, allowed value ::\/0/, 'Sg');
    const narrow = failures(run(awsAdminPortsClosed, withParameter({ Default: '10.0.0.0/8' })));
    expect(narrow).toEqual([expect.objectContaining({ unresolved: true, unresolvedValue: '{"Ref":"SSHLocation"}' })]);
  });

  test('Fn::If whose branches are both restricted passes', () => {
    expectCompliant(run(awsAdminPortsClosed, sg({ 'Fn::If': ['Prod', [ssh('10.0.0.0/8')], [ssh('192.168.0.0/16')]] })));
    expectCompliant(run(awsAdminPortsClosed, sg([{ 'Fn::If': ['Prod', ssh('10.0.0.0/8'), { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '0.0.0.0/0' }] }])));
  });

  test.each(['::0/0', '0:0:0:0:0:0:0:0/0', '0000::/0', '10.1.2.3/0', ' 0.0.0.0/0', '::ffff:0:0/96'])('any-address spelled %j is open', (cidr) => {
    expect(coversAllAddresses(cidr)).toBe(true);
    const key = cidr.includes(':') ? 'CidrIpv6' : 'CidrIp';
    expectFailure(run(awsAdminPortsClosed, sg([{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, [key]: cidr }])), /\(any address\) on admin port\(s\) 22|0\.0\.0\.0\/0 on admin/, 'Sg');
  });

  test.each(['::/1', '0.0.0.0/1', '10.0.0.0/8', 'fd00::/8', 'not-a-cidr'])('%j is not any-address', (cidr) => {
    expect(coversAllAddresses(cidr)).toBe(false);
  });

  const computeGroup = (rule: unknown) => tfDoc({ resource: { openstack_compute_secgroup_v2: { bastion: { name: 'bastion', description: 'b', rule } } } });

  test('openstack_compute_secgroup_v2 inline rules: SSH from anywhere (or no cidr) fails', () => {
    expectFailure(run(osAdminPortsClosed, computeGroup([{ from_port: 22, to_port: 22, ip_protocol: 'tcp', cidr: '0.0.0.0/0' }])), /ingress from 0\.0\.0\.0\/0 on admin port\(s\) 22 \(SSH\)/, 'openstack_compute_secgroup_v2.bastion');
    expectFailure(run(osAdminPortsClosed, computeGroup([{ from_port: 3389, to_port: 3389, ip_protocol: 'tcp' }])), /any source \(no cidr\) on admin port\(s\) 3389 \(RDP\)/);
    expectFailure(run(osAdminPortsClosed, computeGroup([{ from_port: 1, to_port: 65535, ip_protocol: 'tcp', cidr: '::/0' }])), /::\/0 on admin port/);
  });

  test('openstack_compute_secgroup_v2 inline rules restricted to the admin network or another group pass', () => {
    expectCompliant(run(osAdminPortsClosed, computeGroup([
      { from_port: 22, to_port: 22, ip_protocol: 'tcp', cidr: '10.20.0.0/24' },
      { from_port: 22, to_port: 22, ip_protocol: 'tcp', from_group_id: '${openstack_compute_secgroup_v2.vpn.id}' },
      { from_port: 443, to_port: 443, ip_protocol: 'tcp', cidr: '0.0.0.0/0' },
    ])));
  });

  test('neutron rules with another spelling of any-address fail', () => {
    const d = openstackDocument();
    d.resource.openstack_networking_secgroup_rule_v2 = { ...d.resource.openstack_networking_secgroup_rule_v2, ssh_v6: { direction: 'ingress', ethertype: 'IPv6', protocol: 'tcp', port_range_min: 22, port_range_max: 22, remote_ip_prefix: '::0/0', security_group_id: 'x' } };
    expectFailure(run(osAdminPortsClosed, tfDoc(d)), /ingress from ::0\/0 \(any address\) on admin port\(s\) 22 \(SSH\)/, 'openstack_networking_secgroup_rule_v2.ssh_v6');
  });
});

// ---------- 8. any bucket with public access unblocked ----------

describe('ABSC-NET-02: buckets with public access unblocked', () => {
  const bucket = (config: unknown) => cfnDoc({ Resources: { Site: { Type: 'AWS::S3::Bucket', Properties: config === undefined ? {} : { PublicAccessBlockConfiguration: config } } } });
  const ALL = { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true };

  test('all four blocked, or the S3 default (property absent), passes', () => {
    expectCompliant(run(awsBucketPublicAccessBlocked, bucket(ALL)));
    expectCompliant(run(awsBucketPublicAccessBlocked, bucket(undefined)));
  });

  test('a bucket that is not the archive with a setting off fails, also in a branch of Fn::If', () => {
    expectFailure(run(awsBucketPublicAccessBlocked, bucket({ ...ALL, RestrictPublicBuckets: false })), /public access not blocked: RestrictPublicBuckets not true/, 'Site');
    expectFailure(run(awsBucketPublicAccessBlocked, bucket({ 'Fn::If': ['Public', { BlockPublicAcls: false }, ALL] })), /^public access not blocked: BlockPublicAcls, BlockPublicPolicy, IgnorePublicAcls, RestrictPublicBuckets not true \(in a branch of Fn::If\)$/, 'Site');
  });
});

describe('ABSC-NET-02: public grants on buckets', () => {
  const withPolicy = (statement: Record<string, unknown>, condition?: string) => cfnDoc({ Resources: {
    Site: { Type: 'AWS::S3::Bucket', Properties: {} },
    SitePolicy: { Type: 'AWS::S3::BucketPolicy', ...(condition ? { Condition: condition } : {}), Properties: { Bucket: { Ref: 'Site' }, PolicyDocument: { Statement: [statement] } } },
  } });

  test('a policy allowing anyone without a condition, or a public canned ACL, fails', () => {
    expectFailure(run(awsBucketPublicAccessBlocked, withPolicy({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'x' }, 'IsPublic')), /^the bucket policy allows anyone \(Principal \*\) without a condition \(when condition IsPublic holds\)$/, 'SitePolicy');
    expectFailure(run(awsBucketPublicAccessBlocked, withPolicy({ Effect: 'Allow', Principal: { AWS: ['*'] }, Action: 's3:GetObject', Resource: 'x' })), /allows anyone/, 'SitePolicy');
    const acl = cfnDoc({ Resources: { Site: { Type: 'AWS::S3::Bucket', Properties: { AccessControl: { 'Fn::If': ['P', 'PublicRead', 'Private'] } } } } });
    expectFailure(run(awsBucketPublicAccessBlocked, acl), /^the bucket ACL PublicRead grants public access \(in a branch of Fn::If\)$/, 'Site');
  });

  test('a Deny for anyone, an Allow to a service principal or with a condition passes', () => {
    expectCompliant(run(awsBucketPublicAccessBlocked, withPolicy({ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: 'x', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })));
    expectCompliant(run(awsBucketPublicAccessBlocked, withPolicy({ Effect: 'Allow', Principal: { Service: 'cloudfront.amazonaws.com' }, Action: 's3:GetObject', Resource: 'x' })));
    expectCompliant(run(awsBucketPublicAccessBlocked, withPolicy({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'x', Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-1' } } })));
  });
});

// ---------- 5. *.template files and skipped files ----------

describe('check DIR', () => {
  test('reads *.template files (JSON or YAML) and says which files it skipped and why', () => {
    const folder = path.join(dir, 'samples');
    write('samples/vpc.template', 'Resources:\n  Vpc:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: 10.0.0.0/16\n');
    write('samples/json.template', JSON.stringify({ Resources: { Topic: { Type: 'AWS::SNS::Topic' } } }));
    write('samples/config.json', JSON.stringify({ name: 'not a template' }));
    write('samples/main.tf', 'resource "openstack_compute_secgroup_v2" "x" {}\n');
    const result = check([folder]);
    expect(result.documents.map((d) => path.basename(d.file))).toEqual(['json.template', 'vpc.template']);
    expect(result.skipped).toEqual([
      { file: path.join(folder, 'config.json'), reason: 'not a CloudFormation template or Terraform JSON (no typed Resources, AWSTemplateFormatVersion, resource, provider or terraform block)' },
      { file: path.join(folder, 'main.tf'), reason: 'Terraform HCL is not read: check the synthesized Terraform JSON (*.tf.json), or convert with hcl2json' },
    ]);
    expect(renderText(result, { cwd: dir })).toContain('skipped samples/main.tf: Terraform HCL is not read');
  });

  test('the check command reads *.template and prints the skipped files', async () => {
    write('cli/stack.template', 'Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n');
    write('cli/notes.yaml', 'title: not a template\nResources: none\n');
    const r = await runCli(['check', path.join(dir, 'cli')]);
    expect(r.stdout).toContain('stack.template');
    expect(r.stdout).toContain(`skipped ${path.join(dir, 'cli', 'notes.yaml')}: not a CloudFormation template or Terraform JSON`);
  });

  test('a folder with nothing to skip reports no skipped files', () => {
    write('clean/only.template', JSON.stringify({ Resources: { Topic: { Type: 'AWS::SNS::Topic' } } }));
    expect(check([path.join(dir, 'clean')]).skipped).toBeUndefined();
  });
});

// ---------- 6. the unresolved status in every format ----------

describe('unresolved, distinct from failed, in every format', () => {
  function unresolvedResult() {
    const t = awsTemplate();
    t.Parameters = { Validation: { Type: 'String' } };
    R(t).Trail.Properties.EnableLogFileValidation = { Ref: 'Validation' };
    return check([cfnDoc(t, '/work/x/unresolved.template.json')]);
  }

  test('the control is unresolved (not failed), the summary counts it, the finding names the value', () => {
    const result = unresolvedResult();
    const doc = result.documents[0];
    expect(control(doc, 'LOG-INT-05').status).toBe('unresolved');
    expect(result.summary).toMatchObject({ failed: 0, unresolved: 1 });
    expect(doc.findings.find((f) => f.control === 'LOG-INT-05')).toMatchObject({ unresolved: true, unresolvedValue: '{"Ref":"Validation"}' });
  });

  test('a certain failure and an unresolved result in one control: failed', () => {
    const t = awsTemplate();
    t.Parameters = { Validation: { Type: 'String' } };
    R(t).Trail.Properties.EnableLogFileValidation = { Ref: 'Validation' };
    R(t).ArchiveBucket.Properties.ObjectLockEnabled = false;
    expect(control(evaluateDocument(cfnDoc(t)), 'LOG-INT-05').status).toBe('failed');
  });

  test('text, json, markdown, sarif and html show it', () => {
    const result = unresolvedResult();
    const cwd = '/work/x';
    const text = renderText(result, { cwd });
    expect(text).toContain('UNRESOLVED LOG-INT-05 Log integrity');
    expect(text).toContain('Trail (EnableLogFileValidation): log file validation is not a literal true (unresolved: {"Ref":"Validation"} is known only at deploy time) [unresolved]');
    expect(text).toMatch(/PASSED: 1 document, \d+ passed, 0 failed, 1 unresolved,/);
    const json = JSON.parse(renderJson(result, { cwd }));
    expect(json.summary).toMatchObject({ failed: 0, unresolved: 1 });
    expect(json.findings.find((f: any) => f.control === 'LOG-INT-05')).toMatchObject({ unresolved: true, unresolvedValue: '{"Ref":"Validation"}' });
    expect(json.documents[0].controls.find((c: any) => c.control === 'LOG-INT-05').status).toBe('unresolved');
    expect(renderMarkdown(result, { cwd })).toContain('❔ unresolved');
    const sarif = JSON.parse(renderSarif(result, { rules: RULES, cwd }));
    const r = sarif.runs[0].results.find((x: any) => x.ruleId === 'aws-trail-log-validation');
    expect(r).toMatchObject({ level: 'note', properties: { unresolved: true, unresolvedValue: '{"Ref":"Validation"}' } });
    const html = renderHtml(result, { cwd });
    expect(html).toContain('<span class="badge badge-unresolved">unresolved (value known only at deploy time)</span>');
    expect(html).toContain('<td class="count-unresolved">1</td>');
  });
});

// ---------- 6, 7. CLI: --strict, --region, --account, --tier ----------

describe('check options for templates without kit metadata', () => {
  /** A third-party template: the compliant one without kit metadata. */
  function thirdParty(): any {
    const t = awsTemplate();
    delete t.Metadata;
    return t;
  }

  test('--region lets ACN-LOC-01 pass for a compliant template; a region outside Italy fails for critico', async () => {
    const file = write('third-party.template.json', JSON.stringify(thirdParty()));
    const without = await runCli(['check', file, '--format', 'json']);
    const loc = (r: { stdout: string }) => JSON.parse(r.stdout).documents[0].controls.find((c: any) => c.control === 'ACN-LOC-01').status;
    expect(loc(without)).toBe('unresolved');
    expect(loc(await runCli(['check', file, '--format', 'json', '--region', 'eu-south-1']))).toBe('passed');
    expect(loc(await runCli(['check', file, '--format', 'json', '--region', 'eu-west-1']))).toBe('failed');
    const bad = await runCli(['check', file, '--region', 'Milano']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/option '--region <region>' argument 'Milano' is invalid\. Expected an AWS region name such as eu-south-1\./);
  });

  test('exit code: 0 with only unresolved controls, 1 with --strict', async () => {
    const t = thirdParty();
    const file = write('unresolved-only.template.json', JSON.stringify(t));
    const plain = await runCli(['check', file, '--account', '111111111111']);
    expect(plain.stdout).toContain('UNRESOLVED ACN-LOC-01');
    expect(plain.code).toBe(0);
    expect((await runCli(['check', file, '--strict'])).code).toBe(1);
    expect((await runCli(['check', file, '--strict', '--region', 'eu-south-1'])).code).toBe(0);
  });

  test('--account: the stack\'s account shows a copy to another account (ACN-BCK-04); a bad account is refused', async () => {
    const t = thirdParty();
    const copy = R(t).Plan.Properties.BackupPlan.BackupPlanRule[0].CopyActions[0];
    copy.DestinationBackupVaultArn = 'arn:aws:backup:eu-south-1:222222222222:backup-vault:offsite';
    // No other evidence of the stack's own account.
    for (const k of Object.keys(R(t))) if (R(t)[k].Type === 'AWS::KMS::Key') R(t)[k].Properties.KeyPolicy = {};
    const file = write('account.template.json', JSON.stringify(t));
    const status = async (...args: string[]) => JSON.parse((await runCli(['check', file, '--format', 'json', '--region', 'eu-south-1', ...args])).stdout).documents[0].controls.find((c: any) => c.control === 'ACN-BCK-04').status;
    expect(await status()).toBe('unresolved');
    expect(await status('--account', '111111111111')).toBe('passed');
    expect(await status('--account', '222222222222')).toBe('failed');
    const bad = await runCli(['check', file, '--account', '12345']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/argument '12345' is invalid\. Expected a 12-digit AWS account ID\./);
  });

  test('--tier names the subnets of a tier; a bad tier or pattern is refused', async () => {
    const t = thirdParty();
    // Subnets named by their own convention: the management tier is "Ops".
    for (const [id, name] of [['ManagementSubnet1', 'OpsNet'], ['DataSubnet1', 'StoreNet']] as const) {
      R(t)[id].Properties.Tags = R(t)[id].Properties.Tags.filter((x: any) => !x.Key.startsWith('aws-cdk:')).concat([{ Key: 'Name', Value: name }]);
    }
    R(t).ManagementRoute = { Type: 'AWS::EC2::Route', Properties: { RouteTableId: { Ref: 'ManagementRouteTable' }, DestinationCidrBlock: '0.0.0.0/0', GatewayId: { Ref: 'Igw' } } };
    const file = write('tiers.template.json', JSON.stringify(t));
    const status = async (...args: string[]) => JSON.parse((await runCli(['check', file, '--format', 'json', ...args])).stdout).documents[0].controls.find((c: any) => c.control === 'ABSC-NET-01');
    // Without --tier the subnet is recognised by its logical ID only, and the finding says so.
    const guessed = await status();
    expect(guessed.status).toBe('failed');
    expect(guessed.evidence.find((e: any) => e.resource === 'ManagementSubnet1').message).toBe('the management subnet routes all traffic out (ManagementRoute via GatewayId Igw) (tier recognised by name only; name the tiers with --tier)');
    const named = await status('--tier', 'management=^Ops', '--tier', 'data=Store');
    expect(named.status).toBe('failed');
    expect(named.evidence.find((e: any) => e.resource === 'ManagementSubnet1').message).toBe('the management subnet routes all traffic out (ManagementRoute via GatewayId Igw)');
    // Named as a public (bastion) tier by the user: it is no longer the management tier, and no
    // other subnet of this template is isolated.
    const bastion = await status('--tier', 'public=^Ops');
    expect(bastion.status).toBe('failed');
    expect(bastion.evidence[0].message).toBe('no management subnet and no subnet without an internet route: management hosts cannot be isolated');
    for (const [arg, message] of [['dmz=x', /Expected <tier>=<pattern> with tier one of public, private, data, management/], ['data=(', /The pattern "\(" is not a valid regular expression/]] as const) {
      const bad = await runCli(['check', file, '--tier', arg]);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(message);
    }
  });
});

describe('tiers recognised by name only', () => {
  const subnets = (...names: string[]) => {
    const t: any = { Resources: {} };
    names.forEach((name, i) => {
      R(t)[`Subnet${i}`] = { Type: 'AWS::EC2::Subnet', Properties: { VpcId: 'vpc-1', CidrBlock: `10.0.${i}.0/24`, Tags: [{ Key: 'Name', Value: name }] } };
      R(t)[`Table${i}`] = { Type: 'AWS::EC2::RouteTable', Properties: { VpcId: 'vpc-1' } };
      R(t)[`Assoc${i}`] = { Type: 'AWS::EC2::SubnetRouteTableAssociation', Properties: { SubnetId: { Ref: `Subnet${i}` }, RouteTableId: { Ref: `Table${i}` } } };
    });
    return t;
  };

  test('a bastion DMZ subnet with a default route is public, not a failing management subnet', () => {
    const t = subnets('management-bastion-dmz', 'mgmt-isolated');
    R(t).Route0 = { Type: 'AWS::EC2::Route', Properties: { RouteTableId: { Ref: 'Table0' }, DestinationCidrBlock: '0.0.0.0/0', GatewayId: 'igw-1' } };
    const results = run(awsManagementSubnetIsolated, cfnDoc(t));
    expectCompliant(results);
    expect(results).toEqual([expect.objectContaining({ resource: 'Subnet1', message: 'the management subnet has no default route (tier recognised by name only; name the tiers with --tier)' })]);
  });

  test('a management subnet recognised by name with a default route fails, saying so', () => {
    const t = subnets('mgmt-hosts');
    R(t).Route0 = { Type: 'AWS::EC2::Route', Properties: { RouteTableId: { Ref: 'Table0' }, DestinationIpv6CidrBlock: '::0/0', GatewayId: 'igw-1' } };
    expectFailure(run(awsManagementSubnetIsolated, cfnDoc(t)), /routes all traffic out .*\(tier recognised by name only; name the tiers with --tier\)$/, 'Subnet0');
  });
});

describe('OpenStack networks: tiers by name only, --tier patterns', () => {
  /** Networks, each with a subnet on the gateway router (routed) or on no router. */
  function networks(...defs: [name: string, routed: boolean][]) {
    const network: Record<string, unknown> = {};
    const subnet: Record<string, unknown> = {};
    const iface: Record<string, unknown> = {};
    defs.forEach(([name, routed], i) => {
      network[`n${i}`] = { name };
      subnet[`s${i}`] = { name, network_id: `\${openstack_networking_network_v2.n${i}.id}`, cidr: `10.0.${i}.0/24` };
      if (routed) iface[`i${i}`] = { router_id: '${openstack_networking_router_v2.gw.id}', subnet_id: `\${openstack_networking_subnet_v2.s${i}.id}` };
    });
    return tfDoc({ resource: {
      openstack_networking_network_v2: network,
      openstack_networking_subnet_v2: subnet,
      openstack_networking_router_v2: { gw: { name: 'gw', external_network_id: 'ext-net' } },
      openstack_networking_router_interface_v2: iface,
    } });
  }
  const evaluate = (doc: SourceDocument, tiers?: { tier: 'management' | 'public'; pattern: RegExp }[]) =>
    osManagementNetworkIsolated.evaluate({ document: doc, classification: DataClassification.ORDINARIO, policy: CompliancePolicy.forClassification(DataClassification.ORDINARIO), tiers });

  test('a bastion DMZ network on the gateway router is public, not a failing management network', () => {
    const results = evaluate(networks(['management-bastion-dmz', true], ['mgmt-hosts', false]));
    expectCompliant(results);
    expect(results).toEqual([expect.objectContaining({ resource: 'openstack_networking_network_v2.n1', message: 'the management network is not attached to a router with an external gateway (tier recognised by name only; name the tiers with --tier)' })]);
  });

  test('a management network recognised by name on the gateway router fails, saying so; named by --tier, it says nothing of names', () => {
    const doc = networks(['mgmt-hosts', true], ['app', false]);
    expectFailure(evaluate(doc), /^the management network reaches the internet through router\(s\) openstack_networking_router_v2\.gw .*\(tier recognised by name only; name the tiers with --tier\)$/, 'openstack_networking_network_v2.n0');
    const named = evaluate(networks(['ops', true], ['app', false]), [{ tier: 'management', pattern: /^ops$/ }]);
    expectFailure(named, /^the management network reaches the internet through router\(s\) openstack_networking_router_v2\.gw \(external gateway with SNAT; set enable_snat = false on a router that only serves the VPN\)$/, 'openstack_networking_network_v2.n0');
  });
});

