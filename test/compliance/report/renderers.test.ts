import * as path from 'node:path';
import { renderHtml, renderJson, renderMarkdown, renderSarif, renderText } from '../../../lib/compliance/report';
import { InputError } from '../../../lib/compliance/types';
import { FAKE_RULES, failingDocument, fakeResult, passingTerraformDocument } from './fake-result';

const CWD = path.resolve('/work/project');
const CFN = path.join(CWD, 'cdk.out', 'PaLz.template.json');
const TF = path.join(CWD, 'cdktf.out', 'stacks', 'lz', 'cdk.tf.json');
const result = fakeResult([failingDocument(CFN), passingTerraformDocument(TF)]);

describe('renderJson', () => {
  const json = JSON.parse(renderJson(result, { cwd: CWD, toolVersion: '1.2.3' }));

  test('lists every finding with control, severity, file, resource, message and fix', () => {
    expect(json.findings).toEqual([
      {
        control: 'ENC-TRANSIT-01', ruleId: 'aws-bucket-tls-only', severity: 'error', file: 'cdk.out/PaLz.template.json', landingZone: 'c_h501',
        resource: 'LogArchiveBucket1A2B', property: 'PolicyDocument', message: 'the bucket policy does not deny non-TLS requests',
        fix: 'Add a Deny statement on aws:SecureTransport false to the bucket policy.', acknowledged: null, unresolved: false, unresolvedValue: null,
      },
      expect.objectContaining({ control: 'ACN-KMS-02', resource: 'BackupKey', acknowledged: 'BYOK migration planned for Q3 with the regional HSM' }),
    ]);
  });

  test('summary counts controls over all documents and separates open findings', () => {
    expect(json.summary).toEqual({ documents: 2, passed: 2, failed: 1, warning: 0, unresolved: 0, acknowledged: 1, provider: 2, notApplicable: 1, findings: 2, openFindings: 1, errors: 0 });
    expect(json.passed).toBe(false);
    expect(json.tool).toEqual({ name: 'pa-cloud-kit', version: '1.2.3' });
    expect(json.version).toBe(1);
  });

  test('documents carry classification, its source, the control matrix, overrides and relative files', () => {
    expect(json.documents[0]).toMatchObject({
      file: 'cdk.out/PaLz.template.json', kind: 'cloudformation', landingZone: 'c_h501', classification: 'critico', classificationSource: 'metadata',
      resourceCount: 42, counts: { passed: 1, failed: 1, acknowledged: 1, provider: 1, notApplicable: 1 },
    });
    expect(json.documents[0].controls.map((c: { control: string; status: string }) => `${c.control}=${c.status}`))
      .toEqual(['ENC-TRANSIT-01=failed', 'ACN-KMS-02=acknowledged', 'TAG-01=passed', 'ABSC-LOG-02=provider', 'ABSC-NET-03=not-applicable']);
    expect(json.documents[0].overrides[0]).toEqual({ setting: 'auditLogArchiveRetention', control: 'LOG-RET-04', kitDefault: '36 months', value: '24 months', weakens: true, reason: 'storage budget approved by the DPO until 2027' });
    expect(json.documents[1].file).toBe('cdktf.out/stacks/lz/cdk.tf.json');
  });

  test('unusable files are listed as errors and make the result not pass', () => {
    const withError = JSON.parse(renderJson(fakeResult([passingTerraformDocument(TF)], [new InputError(path.join(CWD, 'bad.json'), 'malformed JSON at line 3')]), { cwd: CWD }));
    expect(withError.errors).toEqual([{ file: 'bad.json', message: `${path.join(CWD, 'bad.json')}: malformed JSON at line 3` }]);
    expect(withError.passed).toBe(false);
    expect(withError.tool).toEqual({ name: 'pa-cloud-kit' });
  });
});

describe('renderText', () => {
  const text = renderText(result, { cwd: CWD });

  test('names the landing zone, the failing control, the resource, the message and the fix', () => {
    expect(text).toContain('c_h501 — cdk.out/PaLz.template.json');
    expect(text).toContain('cloudformation, 42 resources, classification critico (from the landing zone metadata)');
    expect(text).toMatch(/FAIL ENC-TRANSIT-01 Encrypted channels only\n {4}LogArchiveBucket1A2B \(PolicyDocument\): the bucket policy does not deny non-TLS requests\n {6}fix: Add a Deny/);
  });

  test('shows acknowledged controls with their reason and overrides with theirs', () => {
    expect(text).toContain("ACK  ACN-KMS-02 Keys under the PA's control (BYOK/HYOK) (1 finding): BYOK migration planned for Q3 with the regional HSM");
    expect(text).toContain('override auditLogArchiveRetention 36 months -> 24 months [LOG-RET-04] (weakens the kit default): storage budget approved by the DPO until 2027');
  });

  test('ends with the verdict and the counts; no colour unless asked', () => {
    expect(text.trimEnd().split('\n').pop()).toBe('FAILED: 2 documents, 2 passed, 1 failed, 1 acknowledged, 2 provider responsibility, 1 not applicable, 2 findings');
    expect(text).not.toContain('\u001b[');
    expect(renderText(result, { cwd: CWD, color: true })).toContain('\u001b[31mFAIL\u001b[0m');
  });

  test('a passing result says PASSED', () => {
    expect(renderText(fakeResult([passingTerraformDocument(TF)]), { cwd: CWD })).toMatch(/^PASSED: 1 document, 1 passed, 0 failed/m);
  });
});

describe('renderMarkdown', () => {
  const markdown = renderMarkdown(result, { cwd: CWD });

  test('has a section per landing zone with the control matrix, findings and overrides', () => {
    expect(markdown).toContain('## Landing zone c\\_h501');
    expect(markdown).toContain('| ENC-TRANSIT-01 | Encrypted channels only | ❌ **failed** |  |');
    expect(markdown).toContain('| ACN-KMS-02 | Keys under the PA\'s control (BYOK/HYOK) | ⚠️ acknowledged | BYOK migration planned for Q3 with the regional HSM |');
    expect(markdown).toContain('| ABSC-LOG-02 | Alert on admin account changes and failed or root logins | 🏢 provider responsibility | provider responsibility; guest-level rules |');
    expect(markdown).toContain('| ENC-TRANSIT-01 | error | LogArchiveBucket1A2B (PolicyDocument) | the bucket policy does not deny non-TLS requests | Add a Deny statement on aws:SecureTransport false to the bucket policy. |');
    expect(markdown).toContain('| auditLogArchiveRetention | LOG-RET-04 | 36 months | 24 months | yes | storage budget approved by the DPO until 2027 |');
    expect(markdown).toContain('| 2 | 1 | 1 | 2 | 1 | 2 |');
  });

  test('escapes table breaks, HTML and emphasis in values', () => {
    const evil = renderMarkdown(fakeResult([failingDocument(CFN, 'Bad|<script>alert(1)</script>*x*')]), { cwd: CWD });
    expect(evil).toContain('Bad\\|&lt;script&gt;alert(1)&lt;/script&gt;\\*x\\* (PolicyDocument)');
    expect(evil).not.toContain('<script>');
  });
});

describe('renderSarif', () => {
  const sarif = JSON.parse(renderSarif(result, { rules: FAKE_RULES, cwd: CWD, toolVersion: '1.2.3', lineOf: (_f, r) => (r === 'LogArchiveBucket1A2B' ? 17 : undefined) }));
  const run = sarif.runs[0];

  test('is a SARIF 2.1.0 log with one run', () => {
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.$schema).toBe('https://json.schemastore.org/sarif-2.1.0.json');
    expect(sarif.runs).toHaveLength(1);
    expect(run.tool.driver).toMatchObject({ name: 'pa-cloud-kit', version: '1.2.3' });
  });

  test('lists one driver rule per kit rule with id, name, descriptions, help and control', () => {
    expect(run.tool.driver.rules).toHaveLength(FAKE_RULES.length);
    expect(run.tool.driver.rules[0]).toEqual({
      id: 'aws-bucket-tls-only', name: 'AwsBucketTlsOnly',
      shortDescription: { text: 'Buckets deny non-TLS requests' }, fullDescription: { text: 'every bucket policy denies aws:SecureTransport=false' },
      help: { text: 'Add a Deny statement on aws:SecureTransport false to the bucket policy.' },
      defaultConfiguration: { level: 'error' },
      properties: { control: 'ENC-TRANSIT-01', provider: 'aws', tags: ['compliance', 'ENC-TRANSIT-01'] },
    });
  });

  test('has one result per finding, with the relative file, the resource line and a logical location', () => {
    expect(run.results).toHaveLength(2);
    expect(run.results[0]).toMatchObject({
      ruleId: 'aws-bucket-tls-only', ruleIndex: 0, level: 'error',
      message: { text: 'ENC-TRANSIT-01: the bucket policy does not deny non-TLS requests' },
      locations: [{
        physicalLocation: { artifactLocation: { uri: 'cdk.out/PaLz.template.json' }, region: { startLine: 17 } },
        logicalLocations: [{ name: 'LogArchiveBucket1A2B', fullyQualifiedName: 'c_h501/LogArchiveBucket1A2B', kind: 'resource' }],
      }],
      properties: { control: 'ENC-TRANSIT-01', landingZone: 'c_h501', classification: 'critico', property: 'PolicyDocument' },
    });
    expect(run.results[0].suppressions).toBeUndefined();
  });

  test('an acknowledged finding is an accepted suppression with the reason; unknown lines fall back to 1', () => {
    expect(run.results[1].suppressions).toEqual([{ kind: 'external', status: 'accepted', justification: 'BYOK migration planned for Q3 with the regional HSM' }]);
    expect(run.results[1].locations[0].physicalLocation.region).toEqual({ startLine: 1 });
    expect(run.results[1].ruleIndex).toBe(1);
  });

  test('unusable files are tool execution notifications and mark the run unsuccessful', () => {
    const withError = JSON.parse(renderSarif(fakeResult([], [new InputError(path.join(CWD, 'my file.json'), 'empty file')]), { rules: FAKE_RULES, cwd: CWD }));
    expect(withError.runs[0].invocations).toEqual([{
      executionSuccessful: false,
      toolExecutionNotifications: [{ level: 'error', message: { text: `${path.join(CWD, 'my file.json')}: empty file` }, locations: [{ physicalLocation: { artifactLocation: { uri: 'my%20file.json' } } }] }],
    }]);
    expect(withError.runs[0].results).toEqual([]);
  });
});

describe('renderHtml', () => {
  const page = renderHtml(result, { cwd: CWD, generatedAt: new Date('2025-01-02T03:04:05Z'), toolVersion: '1.2.3' });

  test('is one self-contained page: inline CSS, no script, nothing loaded from elsewhere', () => {
    expect(page.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(page).toContain("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">");
    expect(page).toContain('<style>');
    expect(page).not.toMatch(/<script|<link|<img|<iframe|@import|url\(|src=|href=/i);
  });

  test('shows each landing zone with its matrix, override reason, evidence and counts', () => {
    expect(page).toContain('<h2 id="lz-1-title">Landing zone c_h501</h2>');
    expect(page).toContain('<h2 id="lz-2-title">Landing zone c_f205</h2>');
    expect(page).toContain('<tr class="control status-acknowledged" data-control="ACN-KMS-02"><td>ACN-KMS-02</td><td>Keys under the PA&#39;s control (BYOK/HYOK)</td><td><span class="badge badge-acknowledged">acknowledged</span></td><td>BYOK migration planned for Q3 with the regional HSM</td></tr>');
    expect(page).toContain('<td>storage budget approved by the DPO until 2027</td>');
    expect(page).toContain('<td class="resource">DataBucket</td><td>PolicyDocument</td><td>denies non-TLS requests</td>');
    expect(page).toContain('Generated 2025-01-02T03:04:05.000Z · pa-cloud-kit 1.2.3');
    expect(page).toContain('<td class="count-passed">2</td><td class="count-failed">1</td><td class="count-warning">0</td><td class="count-unresolved">0</td><td class="count-acknowledged">1</td><td class="count-provider">2</td><td class="count-not-applicable">1</td>');
  });

  test('escapes every value: a script in a resource name stays text', () => {
    const evil = renderHtml(fakeResult([failingDocument(CFN, '<script>alert("x")</script>')], [new InputError('<img src=x>.json', 'bad')]), { cwd: CWD });
    expect(evil).not.toContain('<script>');
    expect(evil).not.toContain('<img');
    expect(evil).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
  });

  test('does not depend on the clock unless asked', () => {
    expect(renderHtml(result, { cwd: CWD })).toBe(renderHtml(result, { cwd: CWD }));
  });
});
