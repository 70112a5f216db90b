import { Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * One cdk-nag finding the kit accepts on purpose, on one construct of a landing zone, with the
 * reason. IDs are namespaced `<plugin>::<rule>` so aws-cdk-lib's validation report matches them
 * against the finding of that plugin (cdk-nag 3 packs are validation plugins named
 * `AwsSolutions` and `NIST.800.53.R5`).
 */
export interface NagAcknowledgement {
  /** The validation ID, e.g. `AwsSolutions::AwsSolutions-IAM4[Policy::...]`. */
  readonly id: string;
  /** Path of the construct under the LandingZone, e.g. `Backup/ServiceRole`. */
  readonly resource: string;
  /** Why the finding is accepted. */
  readonly reason: string;
}

/** Every cdk-nag finding the kit accepts, in one place (the README table is generated from it). */
export const NAG_ACKNOWLEDGEMENTS: readonly NagAcknowledgement[] = [];

/**
 * Records each acknowledgement on the construct it is about, under `landingZone`. Constructs
 * that a class does not create (e.g. the egress firewall) are skipped.
 */
export function applyNagAcknowledgements(landingZone: IConstruct): void {
  for (const ack of NAG_ACKNOWLEDGEMENTS) {
    const target = findByPath(landingZone, ack.resource);
    if (target) Validations.of(target).acknowledge({ id: ack.id, reason: ack.reason });
  }
}

/** The acknowledgements as a Markdown table: validation ID, resource, reason. */
export function nagAcknowledgementsTable(): string {
  const escape = (text: string) => text.replace(/\|/g, '\\|');
  return [
    '| Finding | Resource (under the LandingZone) | Reason |',
    '|---|---|---|',
    ...NAG_ACKNOWLEDGEMENTS.map((a) => `| \`${escape(a.id)}\` | \`${escape(a.resource)}\` | ${escape(a.reason)} |`),
  ].join('\n');
}

function findByPath(root: IConstruct, relativePath: string): IConstruct | undefined {
  let current: IConstruct | undefined = root;
  for (const id of relativePath.split('/')) {
    current = current?.node.tryFindChild(id);
    if (!current) return undefined;
  }
  return current;
}
