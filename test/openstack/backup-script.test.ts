/**
 * The rendered backup script's text: class values substituted from the policy, input checks.
 * What the script DOES is tested by running it with the real `openstack` client against real
 * Keystone and Swift and the Cinder emulator: test/openstack/backup-runtime.test.ts.
 */
import { CompliancePolicy, DataClassification, Duration, TenantIdentity } from '../../lib/core';
import { renderBackupScript } from '../../lib/openstack/cloud-init/backup-script';

const DAY = 86400;
const tenantOf = (classification: DataClassification) => TenantIdentity.of({
  ipaCode: 'c_h501', name: 'Comune di Esempio', classification, qualification: 'QC3',
  owner: 'Servizi ICT', incidentContact: 'cert@comune.example.it',
});
const scriptFor = (classification: DataClassification, offsite = classification !== DataClassification.ORDINARIO) =>
  renderBackupScript(CompliancePolicy.forClassification(classification), {
    tenant: tenantOf(classification),
    region: 'it-mil1',
    offsiteRegion: offsite ? 'it-rom1' : undefined,
    backupContainerName: 'c-h501-volume-backups',
    archiveContainerName: 'c-h501-log-archive',
  });
const C = DataClassification;

describe('renderBackupScript', () => {
  const header = (script: string, name: string) => new RegExp(`^readonly ${name}=(.*)$`, 'm').exec(script)?.[1];

  test('substitutes every class value from the policy', () => {
    const ordinario = scriptFor(C.ORDINARIO);
    const strategico = scriptFor(C.STRATEGICO);
    expect(header(ordinario, 'BACKUP_FREQUENCY')).toBe("'daily'");
    expect(header(strategico, 'BACKUP_FREQUENCY')).toBe("'hourly'");
    expect(header(ordinario, 'DAILY_RETENTION_SECONDS')).toBe(String(35 * DAY));
    expect(header(ordinario, 'MONTHLY_RETENTION_SECONDS')).toBe(String(12 * 30 * DAY));
    expect(header(strategico, 'MONTHLY_RETENTION_SECONDS')).toBe(String(36 * 30 * DAY));
    expect(header(ordinario, 'RESTORE_TEST_EVERY_SECONDS')).toBe(String(90 * DAY));
    expect(header(strategico, 'RESTORE_TEST_EVERY_SECONDS')).toBe(String(30 * DAY));
    expect(header(ordinario, 'OFFSITE_COPY')).toBe('false');
    expect(header(strategico, 'OFFSITE_COPY')).toBe('true');
    expect(header(strategico, 'OFFSITE_REGION')).toBe("'it-rom1'");
    // The record names the container the data is synced to, not the source.
    expect(header(strategico, 'OFFSITE_CONTAINER')).toBe("'c-h501-volume-backups-offsite'");
    expect(header(ordinario, 'OFFSITE_CONTAINER')).toBe("''");
    expect(header(ordinario, 'RESTORE_VOLUME_TYPE')).toBe("''");
  });

  test('follows overrides of the policy, and holds no class value outside its header', () => {
    const policy = CompliancePolicy.forClassification(C.ORDINARIO, {
      overrides: [{ setting: 'backupDailyRetention', value: '60 days' }, { setting: 'restoreTestFrequency', value: 'monthly' }],
    });
    const script = renderBackupScript(policy, {
      tenant: tenantOf(C.ORDINARIO), region: 'it-mil1', backupContainerName: 'b', archiveContainerName: 'a',
    });
    expect(header(script, 'DAILY_RETENTION_SECONDS')).toBe(String(60 * DAY));
    expect(header(script, 'RESTORE_TEST_EVERY_SECONDS')).toBe(String(30 * DAY));
    const body = script.slice(script.indexOf('readonly STATE_DIR'));
    for (const literal of ['3024000', '2592000', '7776000', "'daily'", "'monthly'", "'quarterly'", 'it-rom1', 'critico']) {
      expect(body).not.toContain(literal);
    }
  });

  test('is bash with strict mode', () => {
    expect(scriptFor(C.CRITICO)).toMatch(/^#!\/usr\/bin\/env bash\n[^]*\nset -euo pipefail\n/);
  });

  test('a critico script without an off-site region throws unless ACN-BCK-04 is acknowledged', () => {
    expect(() => scriptFor(C.CRITICO, false)).toThrow(
      /^offsiteRegion: critico backups need an off-site copy in another allowed region \(or acknowledge ACN-BCK-04 with a reason\), got nothing \[ACN-BCK-04\]$/,
    );
    const acknowledged = CompliancePolicy.forClassification(C.CRITICO, {
      acknowledgements: [{ control: 'ACN-BCK-04', reason: 'single-region provider, DR contract pending' }],
    });
    const script = renderBackupScript(acknowledged, { tenant: tenantOf(C.CRITICO), region: 'it-mil1', backupContainerName: 'b', archiveContainerName: 'a' });
    expect(header(script, 'OFFSITE_COPY')).toBe('false');
  });

  test('an off-site region equal to the region throws', () => {
    expect(() => renderBackupScript(CompliancePolicy.forClassification(C.CRITICO), {
      tenant: tenantOf(C.CRITICO), region: 'it-mil1', offsiteRegion: 'it-mil1', backupContainerName: 'b', archiveContainerName: 'a',
    })).toThrow(/^offsiteRegion: must differ from the region "it-mil1", got "it-mil1" \[ACN-BCK-04\]$/);
  });

  test('the restore volume type is substituted, and checked like every name', () => {
    const policy = CompliancePolicy.forClassification(C.CRITICO);
    const opts = { tenant: tenantOf(C.CRITICO), region: 'it-mil1', offsiteRegion: 'it-rom1', backupContainerName: 'b', archiveContainerName: 'a' };
    expect(header(renderBackupScript(policy, { ...opts, restoreVolumeType: 'encrypted-luks' }), 'RESTORE_VOLUME_TYPE')).toBe("'encrypted-luks'");
    expect(() => renderBackupScript(policy, { ...opts, restoreVolumeType: 'luks; reboot' }))
      .toThrow(/^restoreVolumeType: must be 1-255 letters, digits, dots, underscores or hyphens, starting with a letter or digit, got "luks; reboot"$/);
  });

  test('uses machine-readable output only: no "-f value" parsing', () => {
    const script = scriptFor(C.STRATEGICO);
    expect(script).not.toMatch(/-f value/);
    expect(script).toMatch(/volume backup list --long --volume "\$1" -f json/);
    expect(script).toMatch(/volume backup restore --force/);
  });

  test('a name that cannot be substituted safely throws', () => {
    expect(() => renderBackupScript(CompliancePolicy.forClassification(C.ORDINARIO), {
      tenant: tenantOf(C.ORDINARIO), region: 'it-mil1', backupContainerName: "b'; rm -rf /", archiveContainerName: 'a',
    })).toThrow(/^backupContainerName: must be 1-255 letters, digits, dots, underscores or hyphens/);
  });
});

test('renderBackupScript: a full-backup period under an hour throws', () => {
  expect(() => renderBackupScript(CompliancePolicy.forClassification(C.ORDINARIO), {
    tenant: tenantOf(C.ORDINARIO), region: 'it-mil1', backupContainerName: 'b', archiveContainerName: 'a', fullBackupEvery: Duration.hours(0),
  })).toThrow(/^fullBackupEvery: must be at least 1 hour, got "0 hours"$/);
});
