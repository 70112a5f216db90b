import { CloudProvider, ControlCatalogue } from '../../core';
import { Rule } from '../types';
import * as awsRules from './aws';
import * as openstackRules from './openstack';

// Each provider's rules are listed once, in rules/aws/index.ts and rules/openstack/index.ts (one
// export per rule file); these lists are every export of those files.

/** Whether a provider's rule list holds only rules of that provider (a helper exported there by mistake would be caught here). */
function rulesOf(provider: CloudProvider, exports: Record<string, Rule>): readonly Rule[] {
  const rules = Object.values(exports);
  for (const rule of rules) {
    if (typeof rule?.evaluate !== 'function' || rule.provider !== provider) {
      throw new Error(`rules/${provider}/index.ts must export only ${provider} rules; ${String((rule as { id?: unknown })?.id ?? rule)} is not one`);
    }
  }
  return rules;
}

/** The AWS rules (rules/aws/index.ts), in the order they are listed there. */
export const AWS_RULES: readonly Rule[] = rulesOf(CloudProvider.AWS, awsRules);

/** The OpenStack rules (rules/openstack/index.ts), in the order they are listed there. */
export const OPENSTACK_RULES: readonly Rule[] = rulesOf(CloudProvider.OPENSTACK, openstackRules);

const CONTROL_ORDER = new Map(ControlCatalogue.all().map((c, i) => [c.id, i]));

/** Every rule of the engine, each in its own file: AWS first, then OpenStack, in the catalogue's control order. */
export const RULES: readonly Rule[] = [...AWS_RULES, ...OPENSTACK_RULES].sort((a, b) =>
  a.provider.localeCompare(b.provider) || (CONTROL_ORDER.get(a.control) ?? 99) - (CONTROL_ORDER.get(b.control) ?? 99) || a.id.localeCompare(b.id));

export * from './aws';
export * from './openstack';
