/**
 * The project quotas an OpenStack landing zone needs, from its class policy and its network:
 * Cinder's `backups`, `backup_gigabytes`, `volumes` and `gigabytes`, Neutron's security groups
 * and rules, networks, subnets and routers. Providers hand out small defaults (Cinder: 10
 * backups, 1000 backup gigabytes; Neutron: 100 rules), and a run of the backup scheduler that
 * hits a quota fails.
 */
import { CompliancePolicy, Duration, QuotaNeeds, frequencyPeriod } from '../core';

// What one landing zone needs of its project's quotas: the type is core's, as it is part of the
// landing zone metadata.
export type { QuotaNeeds };

/** Neutron's rules of the project's `default` group (IPv4 and IPv6, ingress from the group and egress to all). */
export const DEFAULT_GROUP_RULES = 4;
/** Default egress rules a new group holds until the kit deletes them (`delete_default_rules`). */
export const TRANSIENT_DEFAULT_RULES = 2;

/** Backups kept per volume under a policy (see {@link QuotaNeeds.backupsPerVolume}). */
export function backupsPerVolume(policy: CompliancePolicy, fullBackupEvery: Duration = Duration.days(7)): number {
  const s = policy.settings;
  const period = frequencyPeriod(s.backupFrequency).toHours();
  const window = s.backupDailyRetention.toHours() + fullBackupEvery.toHours();
  const monthly = Math.ceil(s.backupMonthlyRetention.toHours() / Duration.months(1).toHours());
  return Math.ceil(window / period) + 1 + monthly;
}
