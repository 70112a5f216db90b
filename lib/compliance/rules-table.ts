import { RULES } from './rules';
import { Rule } from './types';

const PROVIDER_NAME: Record<string, string> = { aws: 'AWS', openstack: 'OpenStack' };

/** A table cell: pipes escaped, line breaks flattened. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
}

/** The Markdown table of every rule (ID, control, provider, severity, what it checks, how to fix), for the README. */
export function renderRulesTable(rules: readonly Rule[] = RULES): string {
  const lines = [
    '| Rule | Control | Provider | Severity | What it checks | How to fix |',
    '|---|---|---|---|---|---|',
    ...rules.map((r) => `| \`${r.id}\` | ${r.control} | ${PROVIDER_NAME[r.provider] ?? r.provider} | ${r.severity} | ${cell(r.checks)} | ${cell(r.fix)} |`),
  ];
  return `${lines.join('\n')}\n`;
}
