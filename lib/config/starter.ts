import {
  CloudProvider,
  CompliancePolicy,
  ControlCatalogue,
  DataClassification,
  KeyCustody,
  PaCloudKitError,
  RegionCatalogue,
  checkRegion,
  offsiteVaultName,
  parseClassification,
  parseEmail,
  parseIpaCode,
  slugOf,
  parseTagValue,
} from '../core';
import { checkCredentialsExpireAt } from '../openstack/settings';
import { DEFAULT_SCHEMA_REFERENCE } from './schema';

/** Options of {@link renderStarterConfig}. Every default is a valid placeholder, so the starter synthesizes as written. */
export interface StarterConfigOptions {
  /**
   * The PA's codice IPA in the Indice PA.
   * @default 'c_a000'
   */
  readonly ipaCode?: string;
  /**
   * The PA's name.
   * @default 'Comune di Esempio'
   */
  readonly name?: string;
  /**
   * The classification of the PA's data and services.
   * @default DataClassification.ORDINARIO
   */
  readonly classification?: DataClassification | string;
  /**
   * The cloud.
   * @default CloudProvider.AWS
   */
  readonly provider?: CloudProvider | string;
  /**
   * AWS: the region. OpenStack: the name of the provider's region (declared in Italy).
   * @default 'eu-south-1' on AWS, 'RegionOne' on OpenStack
   */
  readonly region?: string;
  /**
   * AWS: the PA's account.
   * @default '123456789012'
   */
  readonly account?: string;
  /**
   * The office that owns the landing zone.
   * @default 'Servizi informativi'
   */
  readonly owner?: string;
  /**
   * The e-mail address for security alerts and incident reports.
   * @default 'cert@comune.example.it'
   */
  readonly incidentContact?: string;
  /**
   * OpenStack: when the application credentials of the log shippers and of the backup scheduler
   * expire, an ISO 8601 date-time with a time zone (`openstack.credentialsExpireAt`).
   * @default - a year from today, at midnight UTC
   */
  readonly credentialsExpireAt?: string;
  /**
   * The schema reference written in the first line, for editors.
   * @default DEFAULT_SCHEMA_REFERENCE
   */
  readonly schemaReference?: string;
}

const PLACEHOLDER_BACKUP_ACCOUNT = '210987654321';
const OPENSTACK_REGION_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
/** Where the comments start, so they line up. */
const COMMENT_COLUMN = 36;
/** Placeholder key IDs, one per purpose (ACN-KMS-01). */
const PLACEHOLDER_KEY_IDS = {
  data: '00000000-0000-0000-0000-000000000000',
  logs: '00000000-0000-0000-0000-000000000001',
  backup: '00000000-0000-0000-0000-000000000002',
} as const;

/**
 * A commented landing zones file for ONE PA, which `pa-cloud-kit init` writes. Its placeholders are
 * valid values, so `pa-cloud-kit synth` accepts the file as written; the comments say what to
 * replace. Critico and strategico starters carry placeholder keys and an off-site copy target,
 * since the class requires them.
 *
 * @throws PaCloudKitError naming the option when an option is not valid
 */
export function renderStarterConfig(options: StarterConfigOptions = {}): string {
  const ipaCode = parseIpaCode(options.ipaCode ?? 'c_a000', 'ipaCode');
  const name = parseTagValue(options.name ?? 'Comune di Esempio', 'name');
  const classification = parseClassification(options.classification ?? DataClassification.ORDINARIO, 'classification');
  const provider = parseProvider(options.provider ?? CloudProvider.AWS);
  const owner = parseTagValue(options.owner ?? 'Servizi informativi', 'owner');
  const incidentContact = parseEmail(options.incidentContact ?? 'cert@comune.example.it', 'incidentContact');
  const account = options.account ?? '123456789012';
  if (!/^\d{12}$/.test(account)) {
    throw new PaCloudKitError({ field: 'account', value: options.account, rule: 'must be an AWS account ID of 12 digits, e.g. "123456789012"' });
  }
  const policy = CompliancePolicy.forClassification(classification);
  const qualification = policy.settings.minimumQualification;
  const credentialsExpireAt = options.credentialsExpireAt === undefined ? aYearFromToday() : checkCredentialsExpireAt(options.credentialsExpireAt, 'credentialsExpireAt');
  const region = options.region ?? (provider === CloudProvider.AWS ? 'eu-south-1' : 'RegionOne');
  const backupRegion = region === 'RegionTwo' ? 'RegionOne' : 'RegionTwo';
  if (provider === CloudProvider.AWS) {
    checkRegion(policy, RegionCatalogue.standard().get(CloudProvider.AWS, region, 'region'), 'region');
  } else {
    if (!OPENSTACK_REGION_NAME.test(region)) {
      throw new PaCloudKitError({ field: 'region', value: options.region, rule: 'must be a region name of letters, digits, dots, dashes and underscores' });
    }
  }
  const needsKeys = policy.settings.keyCustody !== KeyCustody.CUSTOMER_MANAGED;
  const needsCopy = policy.settings.offsiteBackupCopy;
  const schema = options.schemaReference ?? DEFAULT_SCHEMA_REFERENCE;
  const acknowledgeable = ControlCatalogue.all().filter((c) => c.acknowledgeableFor.includes(classification)).map((c) => c.id);

  const c = (text: string, comment?: string) => (comment ? `${text.padEnd(COMMENT_COLUMN - 1)} # ${comment}` : text);
  const lines: string[] = [
    `# yaml-language-server: $schema=${schema}`,
    '#',
    '# The landing zone of one PA (pubblica amministrazione) for pa-cloud-kit:',
    '#   pa-cloud-kit synth landing-zones.yaml --out out/',
    '# Every value below is a valid placeholder: replace each with your own.',
    '# An aggregator (soggetto aggregatore, competence centre, in-house company) running several',
    '# PAs adds an "aggregator" section and one entry per PA under "tenants".',
    '',
    'defaults:',
    c(`  provider: ${provider}`, 'aws | openstack'),
  ];
  if (provider === CloudProvider.AWS) {
    lines.push(c(`  region: ${region}`, 'AWS region; critico and strategico data stay in Italy (eu-south-1, Milan)'));
  }
  lines.push(
    c(`  qualification: ${qualification}`, 'ACN qualification (QC1-QC4) of the cloud services you use, from the ACN'),
    c('', 'catalogue of qualified services: ordinario needs QC1, critico QC2, strategico QC3'),
  );
  if (provider === CloudProvider.OPENSTACK) {
    lines.push(
      '',
      'openstack:',
      c('  cloud: mycloud', 'the entry of clouds.yaml with your credentials'),
      c('  externalNetworkName: public', "the provider's external (public) network"),
      c('  regions:', 'every region you use, with the country of its data centres'),
      `    - name: ${region}`,
      '      country: IT',
      c(`      containerSyncCluster: ${region}`, "the region's Swift cluster in the container sync realm"),
      `    - name: ${backupRegion}`,
      '      country: IT',
      `      containerSyncCluster: ${backupRegion}`,
      c(`  region: ${region}`, 'where your data goes'),
      c(`  backupRegion: ${backupRegion}`, 'where off-site backup copies go (required for critico and strategico)'),
      c('  containerSyncRealm: realm1', "the provider's Swift container sync realm (GET /info lists realms"),
      c('', 'and clusters): copies sync to //<realm>/<cluster>/AUTH_<project>/<container>'),
      c('  # ntpServers: ["10.0.0.123"]', "the provider's NTP servers, reachable from the isolated management"),
      c('', 'network (INRiM is not); without them synth warns (GAR-LOG-01)'),
      c('  # fwaas: false', 'the provider has no FWaaS v2: critico and strategico tenants then'),
      c('', 'acknowledge ABSC-NET-03'),
      c('  # serviceTypes: { blockStorage: volumev3, objectStore: object-store }', 'as `openstack catalog list` names them'),
      c(`  credentialsExpireAt: "${credentialsExpireAt}"`, 'the application credentials of the log shippers and of the'),
      c('', 'backup scheduler expire then: move it forward and apply again to rotate them'),
      c('  # schedulerImageName: Debian 12', "the provider's image and flavor of the backup scheduler"),
      '  # schedulerFlavorName: m1.small',
    );
  }
  lines.push(
    '',
    'tenants:',
    c(`  - ipaCode: ${ipaCode}`, 'the codice IPA of your PA in the Indice PA (indicepa.gov.it)'),
    c(`    name: ${quote(name)}`),
    c(`    classification: ${classification}`, 'ordinario | critico | strategico: the ACN classification of your data'),
    c(`    owner: ${quote(owner)}`, 'the office that owns the landing zone'),
    c(`    incidentContact: ${incidentContact}`, 'security alerts and incident reports (L. 90/2024, NIS2: 24 h)'),
  );
  if (provider === CloudProvider.AWS) lines.push(c(`    account: "${account}"`, 'your AWS account ID, 12 digits in quotes'));
  lines.push(c('    cidr: 10.0.0.0/16', 'your network range, /16 to /24, not overlapping your other networks'));
  if (provider === CloudProvider.OPENSTACK) {
    lines.push(
      c('    # managementProxy: http://10.0.192.10:3128', 'the forward proxy on your management subnet (the last'),
      c('', 'quarter of cidr): the only way out of the isolated management network'),
      c('', 'to the OpenStack APIs and package mirrors'),
    );
  }
  const arn = (purpose: keyof typeof PLACEHOLDER_KEY_IDS) => `arn:aws:kms:${region}:${account}:key/${PLACEHOLDER_KEY_IDS[purpose]}`;
  if (needsKeys) {
    lines.push(c('    keys:', `keys your PA holds (BYOK/HYOK, ACN-KMS-02), required for ${classification}`));
    if (provider === CloudProvider.AWS) {
      lines.push(
        c('', 'one per purpose (ACN-KMS-01): data, logs, backups'),
        `      kmsKeyArn: ${arn('data')}`,
        `      logsKmsKeyArn: ${arn('logs')}`,
        `      backupKmsKeyArn: ${arn('backup')}`,
      );
    } else {
      lines.push(c('      encryptedVolumeType: encrypted-pa', "the provider's encrypted volume type backed by your keys"));
    }
  } else {
    lines.push(
      c('    # keys:', 'keys your PA holds (BYOK/HYOK, ACN-KMS-02): required for strategico,'),
      ...(provider === CloudProvider.AWS
        ? [
          c('    #   kmsKeyArn: arn:aws:kms:...', 'for critico unless ACN-KMS-02 is acknowledged;'),
          c('    #   logsKmsKeyArn: arn:aws:kms:...', 'one key per purpose (ACN-KMS-01): data, logs, backups'),
          '    #   backupKmsKeyArn: arn:aws:kms:...',
        ]
        : [c('    #   encryptedVolumeType: ...', 'for critico unless ACN-KMS-02 is acknowledged')]),
    );
  }
  if (needsCopy && provider === CloudProvider.AWS) {
    lines.push(
      c('    backupCopy:', `off-site backup copies (ACN-BCK-04), required for ${classification}:`),
      c(`      account: "${PLACEHOLDER_BACKUP_ACCOUNT}"`, `another account, with the vault ${offsiteVaultName(slugOf(ipaCode))}`),
    );
  } else if (!needsCopy) {
    lines.push(
      c('    # backupCopy:', 'off-site backup copies (ACN-BCK-04): recommended for ordinario,'),
      c(provider === CloudProvider.AWS ? '    #   account: "210987654321"' : `    #   region: ${backupRegion}`, 'required for critico and strategico'),
    );
  }
  lines.push(
    c('    # overrides:', 'kit defaults you change, each with a reason; floors cannot be lowered'),
    '    #   - setting: auditLogSearchableRetention',
    '    #     value: 18 months',
    '    #     reason: budget approved for 18 months of searchable logs',
  );
  if (acknowledgeable.length > 0) {
    const example = acknowledgeable.includes('ACN-BCK-04') ? 'ACN-BCK-04' : acknowledgeable[0];
    lines.push(
      c('    # acknowledgements:', 'a control you knowingly do not meet, with the reason'),
      `    #   - control: ${example}`,
      '    #     reason: off-site copies start with the 2026 contract, see the migration plan',
      `    # Controls that can be acknowledged for ${classification}: ${acknowledgeable.join(', ')}.`,
    );
  } else {
    lines.push(`    # No control can be acknowledged for ${classification}: the kit meets them all.`);
  }
  lines.push('');
  return lines.join('\n');
}

/** Midnight UTC a year from today, e.g. `2027-06-30T00:00:00Z`. */
function aYearFromToday(): string {
  const today = new Date();
  const date = new Date(Date.UTC(today.getUTCFullYear() + 1, today.getUTCMonth(), today.getUTCDate()));
  return `${date.toISOString().slice(0, 10)}T00:00:00Z`;
}

function parseProvider(value: unknown): CloudProvider {
  const found = [CloudProvider.AWS, CloudProvider.OPENSTACK].find((p) => p === value);
  if (!found) throw new PaCloudKitError({ field: 'provider', value, rule: 'must be one of aws, openstack' });
  return found;
}

/** A YAML scalar: plain when it reads back the same, double-quoted otherwise. */
function quote(text: string): string {
  return /^[\p{L}][\p{L}\p{N} _.-]*$/u.test(text) && !/^(true|false|null|yes|no|on|off)$/i.test(text) ? text : JSON.stringify(text);
}
