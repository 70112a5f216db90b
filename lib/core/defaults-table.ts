import { DATA_CLASSIFICATIONS } from './classification';
import { CompliancePolicy, POLICY_SETTINGS, RequirementBasis, formatSettingValue } from './policy';

/**
 * The kit's default settings per class as a Markdown table, straight from the policy, so the
 * README cannot drift from the code (a test compares them).
 */
export function renderDefaultsTable(): string {
  const policies = DATA_CLASSIFICATIONS.map((c) => CompliancePolicy.forClassification(c));
  const lines = [
    '| Setting | Requirement | ordinario | critico | strategico | Floor | Control |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const setting of POLICY_SETTINGS) {
    const [first] = policies.map((p) => p.requirement(setting));
    const values = policies.map((p) => p.requirement(setting).display);
    const floors = policies.map((p) => {
      const r = p.requirement(setting);
      return r.floor === undefined ? '—' : formatSettingValue(setting, r.floor);
    });
    const floor = floors.every((f) => f === floors[0]) ? floors[0] : floors.join(' / ');
    const fixed = policies.every((p) => p.requirement(setting).basis === RequirementBasis.LEGAL_FLOOR) ? ' (fixed)' : '';
    lines.push(`| \`${setting}\` | ${first.title} | ${values.join(' | ')} | ${floor}${fixed} | ${first.control} |`);
  }
  return lines.join('\n');
}
