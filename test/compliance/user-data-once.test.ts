import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { check } from '../../lib/compliance';
import { buildApp } from '../../examples/openstack/main';

test('the OpenStack rules decode and parse each instance\'s cloud-config user data once per check', () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'pa-user-data-once-'));
  // The module object the rules call through (a namespace import here would be a copy).
  const parse = jest.spyOn(require('yaml') as typeof import('yaml'), 'parse');
  try {
    buildApp(outdir).synth();
    parse.mockClear();
    const result = check([outdir]);
    expect(result.errors).toEqual([]);
    expect(result.documents.length).toBeGreaterThan(0);
    for (const report of result.documents) {
      // The rules that read the user data (backup and restore-test timers) ran and passed on it...
      const byControl = new Map(report.controls.map((c) => [c.control, c.status]));
      expect([report.landingZone, byControl.get('ABSC-BCK-01'), byControl.get('ABSC-BCK-02')]).toEqual([report.landingZone, 'passed', 'passed']);
    }
    // ...and each scheduler's cloud-config was parsed once, though both rules read its timers.
    const cloudConfigs = parse.mock.calls.map((c) => c[0]).filter((text) => typeof text === 'string' && text.trimStart().startsWith('#cloud-config'));
    expect(cloudConfigs.length).toBe(result.documents.length);
    expect(new Set(cloudConfigs).size).toBe(cloudConfigs.length);
  } finally {
    parse.mockRestore();
    fs.rmSync(outdir, { recursive: true, force: true });
  }
});
