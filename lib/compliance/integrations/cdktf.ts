/**
 * The kit's compliance rules as a cdktf validation: `addComplianceValidation(stack)` makes the
 * synthesis of an OpenStack landing zone (a `TerraformStack`) fail when its Terraform JSON breaks
 * a control, with one message per finding naming the control, the address, the property and the
 * fix. Findings of severity warning or note do not fail; they become warning annotations.
 */
import { Annotations, type TerraformStack } from '../../openstack/private/cdktf';
import type { Acknowledgement, DataClassification } from '../../core';
import { evaluateDocument } from '../engine';
import { parseDocument } from '../loader';
import type { DocumentReport, Finding } from '../types';

/** Options of {@link addComplianceValidation}. */
export interface ComplianceValidationOptions {
  /**
   * Data classification to check against.
   * @default - the stack's landing zone metadata, else its `pa:classification` tags, else ordinario
   */
  readonly classification?: DataClassification;
  /**
   * Controls knowingly not met, added to the metadata's.
   * @default - none
   */
  readonly acknowledgements?: readonly Acknowledgement[];
  /**
   * Region to check the location rules against.
   * @default - the metadata's region
   */
  readonly region?: string;
}

/**
 * Checks the stack's synthesized Terraform JSON (`toTerraform()`) with the kit's OpenStack rules
 * when the stack is synthesized (`app.synth()`, `Testing.synth(stack, true)`): an open finding of
 * severity error fails the synthesis. Returns the validation's last report, for tests and tools.
 */
export function addComplianceValidation(stack: TerraformStack, options: ComplianceValidationOptions = {}): { readonly lastReport: () => DocumentReport | undefined } {
  let last: DocumentReport | undefined;
  const warned = new Set<string>();
  stack.node.addValidation({
    validate: () => {
      last = checkTerraformStack(stack, options);
      const errors: string[] = [];
      for (const finding of last.findings) {
        if (finding.acknowledged !== undefined) continue;
        const message = describe(finding);
        if (finding.severity === 'error') {
          errors.push(message);
        } else if (!warned.has(message)) {
          warned.add(message);
          Annotations.of(stack).addWarning(message);
        }
      }
      return errors;
    },
  });
  return { lastReport: () => last };
}

/** Evaluates a stack's Terraform JSON now, without synthesizing it to disk. */
export function checkTerraformStack(stack: TerraformStack, options: ComplianceValidationOptions = {}): DocumentReport {
  const file = `${stack.node.path || stack.node.id}.tf.json`;
  const doc = parseDocument(file, JSON.stringify(stack.toTerraform()));
  return evaluateDocument(doc, {
    ...(options.classification ? { classification: options.classification } : {}),
    ...(options.acknowledgements ? { acknowledgements: [...options.acknowledgements] } : {}),
    ...(options.region ? { region: options.region } : {}),
  });
}

function describe(finding: Finding): string {
  const where = finding.property ? `${finding.resource} (${finding.property})` : finding.resource;
  // The message of an unresolved finding names the value known only at deploy time; at synthesis
  // it fails like a failed one (as `check --strict`).
  return `PaCloudKit ${finding.control} [${finding.ruleId}] ${where}: ${finding.message}. Fix: ${finding.fix}`;
}
