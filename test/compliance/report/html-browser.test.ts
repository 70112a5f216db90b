/**
 * Opens the HTML report in headless Chromium (Debian's /usr/bin/chromium, driven by
 * playwright-core) with every network request blocked, and checks what a person would see.
 *
 * Chromium is required in CI: when /usr/bin/chromium is missing and CI is set, the test FAILS
 * with a message saying how to install it (.ci/run installs the Debian package). Locally, without
 * CI set, it is skipped with a note.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { renderHtml } from '../../../lib/compliance/report';
import { failingDocument, fakeResult, passingTerraformDocument } from './fake-result';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];
const hasChromium = fs.existsSync(CHROMIUM);
const inCi = Boolean(process.env.CI) && process.env.CI !== 'false';

if (!hasChromium && !inCi) {
  // eslint-disable-next-line no-console
  console.warn(`HTML browser test skipped: ${CHROMIUM} not found (apt-get install -y chromium); it fails in CI.`);
}

if (!hasChromium && inCi) {
  test('Chromium is installed for the HTML report test', () => {
    throw new Error(`${CHROMIUM} not found: the HTML report test needs Debian's chromium package (apt-get update && apt-get install -y chromium)`);
  });
}

(hasChromium ? describe : describe.skip)('HTML report in headless Chromium, offline', () => {
  let dir: string;
  let context: BrowserContext;
  let page: Page;
  let reportUrl: string;
  const requests: string[] = [];
  const blocked: string[] = [];
  const consoleMessages: string[] = [];
  let dialogs = 0;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pa-cloud-kit-html-'));
    const reportFile = path.join(dir, 'report.html');
    const result = fakeResult([
      failingDocument(path.join(dir, 'cdk.out', 'PaLz.template.json'), '<script>alert("pwned")</script>Bucket'),
      passingTerraformDocument(path.join(dir, 'cdktf.out', 'cdk.tf.json')),
    ]);
    fs.writeFileSync(reportFile, renderHtml(result, { cwd: dir, toolVersion: '0.1.0' }));
    reportUrl = pathToFileURL(reportFile).href;

    // A new, empty profile for each run.
    context = await chromium.launchPersistentContext(path.join(dir, 'profile'), {
      executablePath: CHROMIUM,
      headless: true,
      args: ARGS,
      offline: true,
      viewport: { width: 1280, height: 900 },
    });
    context.on('request', (request) => requests.push(request.url()));
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url === reportUrl) return route.continue();
      blocked.push(url);
      return route.abort('blockedbyclient');
    });
    page = context.pages()[0] ?? await context.newPage();
    page.on('console', (m) => consoleMessages.push(m.text()));
    page.on('dialog', (d) => {
      dialogs += 1;
      void d.dismiss();
    });
    await page.goto(reportUrl, { waitUntil: 'load' });
  });

  afterAll(async () => {
    await context?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  test('loads nothing from the network: the only request is the report itself', () => {
    expect(blocked).toEqual([]);
    expect(requests.filter((u) => u !== reportUrl)).toEqual([]);
    expect(requests).toContain(reportUrl);
    // A load refused by the page's Content-Security-Policy still shows as a request above, and
    // as a console error here.
    expect(consoleMessages).toEqual([]);
  });

  test('shows the title and a heading per landing zone', async () => {
    expect(await page.title()).toBe('pa-cloud-kit compliance report');
    await expect(page.getByRole('heading', { level: 1 }).innerText()).resolves.toBe('pa-cloud-kit compliance report');
    expect(await page.getByRole('heading', { name: 'Landing zone c_h501' }).isVisible()).toBe(true);
    expect(await page.getByRole('heading', { name: 'Landing zone c_f205' }).isVisible()).toBe(true);
  });

  test('shows the control matrix rows with their statuses and reasons', async () => {
    const rows = (await page.locator('#lz-1 table.matrix tbody tr').allInnerTexts()).map((row) => row.split('\t').map((c) => c.trim()));
    expect(rows).toEqual([
      ['ENC-TRANSIT-01', 'Encrypted channels only', 'failed', ''],
      ['ACN-KMS-02', "Keys under the PA's control (BYOK/HYOK)", 'acknowledged', 'BYOK migration planned for Q3 with the regional HSM'],
      ['TAG-01', 'Mandatory tags with valid values', 'passed', ''],
      ['ABSC-LOG-02', 'Alert on admin account changes and failed or root logins', 'provider responsibility', 'provider responsibility; guest-level rules'],
      ['ABSC-NET-03', 'Egress filtering', 'not applicable', 'applies to critico and strategico only'],
    ]);
    expect(await page.locator('#lz-1 .badge-failed').isVisible()).toBe(true);
  });

  test('shows the overridden kit default and why', async () => {
    const override = await page.locator('#lz-1 table.overrides tbody tr').innerText();
    expect(override.split('\t').map((c) => c.trim())).toEqual(['auditLogArchiveRetention', 'LOG-RET-04', '36 months', '24 months', 'yes', 'storage budget approved by the DPO until 2027']);
    expect(await page.locator('#lz-2').getByText('None: every kit default of the class is in force.').isVisible()).toBe(true);
  });

  test('shows the summary counts', async () => {
    const cells = await page.locator('#summary-all tbody td').allInnerTexts();
    const heads = await page.locator('#summary-all thead th').allInnerTexts();
    expect(heads).toEqual(['Passed', 'Failed', 'Warning (recommendation not met)', 'Unresolved (value known only at deploy time)', 'Acknowledged', 'Provider responsibility', 'Not applicable']);
    expect(cells).toEqual(['2', '1', '0', '0', '1', '2', '1']);
    expect(await page.locator('.verdict').innerText()).toBe('Failed: 2 landing zones checked, 2 findings.');
  });

  test('a script in a resource name is shown as text and never runs', async () => {
    expect(await page.locator('script').count()).toBe(0);
    expect(dialogs).toBe(0);
    expect(await page.locator('#lz-1 table.findings td.resource').first().innerText()).toBe('<script>alert("pwned")</script>Bucket (PolicyDocument)');
  });

  test('the evidence opens without scripts', async () => {
    const evidence = page.locator('#lz-1 details.evidence').first();
    expect(await evidence.locator('table').isVisible()).toBe(false);
    await evidence.locator('summary').click();
    expect(await evidence.locator('table').isVisible()).toBe(true);
    expect(await evidence.locator('tbody tr').nth(1).innerText()).toContain('DataBucket');
  });

  test('renders to a screenshot', async () => {
    const png = path.join(dir, 'report.png');
    await page.screenshot({ path: png, fullPage: true });
    const bytes = fs.readFileSync(png);
    expect(bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(true);
    expect(bytes.length).toBeGreaterThan(10_000);
  });
});
