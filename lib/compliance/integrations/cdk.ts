/**
 * The kit's compliance rules as an aws-cdk-lib policy validation plugin, so `cdk synth` of a kit
 * app fails when a landing zone breaks a control.
 *
 * Rule IDs are per CONTROL: a violation's `ruleName` is the control ID (e.g. `ENC-TRANSIT-01`),
 * which aws-cdk-lib qualifies with the plugin name as `PaCloudKit::ENC-TRANSIT-01`. That is the
 * ID `Validations.of(scope).acknowledge({ id: 'PaCloudKit::ACN-KMS-02', reason })` suppresses
 * (aws-cdk-lib 2.276 honours acknowledgements of plugin violations on the violating resource's
 * construct or any of its parents), and what the kit's `LandingZone` writes for the PA's
 * acknowledgements. Acknowledgements are per control because the kit's are: the catalogue says
 * which controls a class may knowingly not meet. A failure of a control that may NOT be
 * acknowledged for the tenant's class is reported with severity `fatal`, which aws-cdk-lib never
 * suppresses: a floor cannot be waived from the app. The rule that found it is in
 * `ruleMetadata.rule`.
 */
import * as fs from 'node:fs';
import type {
  IPolicyValidationContext,
  IPolicyValidationPlugin,
  PolicyValidationPluginReport,
  PolicyViolatingResource,
  PolicyViolation,
} from 'aws-cdk-lib';
import { type Acknowledgement, CloudProvider, ControlCatalogue, type DataClassification } from '../../core';
import { evaluateDocument } from '../engine';
import { parseDocument } from '../loader';
import { RULES } from '../rules';
import type { Finding, Severity } from '../types';
import { kitVersion } from './private/kit-version';

/** Props of {@link PaCloudKit}. */
export interface PaCloudKitProps {
  /**
   * Data classification to check every template against.
   * @default - each template's landing zone metadata, else its `pa:classification` tags, else ordinario
   */
  readonly classification?: DataClassification;
  /**
   * Controls knowingly not met, added to each template's own (its metadata). Prefer
   * `Validations.of(scope).acknowledge({ id: 'PaCloudKit::<control>', reason })` or the
   * `LandingZone`'s `acknowledgements`, which record where and why.
   * @default - none
   */
  readonly acknowledgements?: readonly Acknowledgement[];
}

/** The plugin's name, and the namespace of its rule IDs (`PaCloudKit::<control>`). */
export const PA_CLOUD_KIT_PLUGIN_NAME = 'PaCloudKit';

/**
 * Runs the kit's compliance rules over every CloudFormation template of the cloud assembly.
 *
 * @example
 * const app = new App({ policyValidationBeta1: [new PaCloudKit()] });
 * // or: Validations.of(app).addPlugins(new PaCloudKit());
 */
export class PaCloudKit implements IPolicyValidationPlugin {
  public readonly name = PA_CLOUD_KIT_PLUGIN_NAME;
  public readonly version: string;
  /** The controls checked on AWS. */
  public readonly ruleIds: string[];
  private readonly props: PaCloudKitProps;

  constructor(props: PaCloudKitProps = {}) {
    this.props = props;
    this.version = kitVersion();
    this.ruleIds = [...new Set(RULES.filter((r) => r.provider === CloudProvider.AWS).map((r) => r.control))];
  }

  public validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    const violations: PolicyViolation[] = [];
    const stacks = context.stackTemplates.length > 0
      ? context.stackTemplates
      : context.templatePaths.map((templatePath) => ({ templatePath, stackConstructPath: '', region: undefined, accountId: undefined }));
    for (const stack of stacks) {
      const doc = parseDocument(stack.templatePath, fs.readFileSync(stack.templatePath, 'utf8'));
      const region = stack.region && !stack.region.includes('${Token') ? stack.region : undefined;
      const report = evaluateDocument(doc, {
        ...(this.props.classification ? { classification: this.props.classification } : {}),
        ...(this.props.acknowledgements ? { acknowledgements: [...this.props.acknowledgements] } : {}),
        ...(region ? { region } : {}),
      });
      const logicalIds = new Set(doc.resources.map((r) => r.id));
      for (const finding of report.findings) {
        if (finding.acknowledged !== undefined) continue; // acknowledged in the landing zone's metadata
        const acknowledgeable = ControlCatalogue.has(finding.control)
          && ControlCatalogue.get(finding.control).acknowledgeableFor.includes(report.classification);
        const resource: PolicyViolatingResource = logicalIds.has(finding.resource)
          ? { resourceLogicalId: finding.resource, templatePath: stack.templatePath, locations: [location(finding)] }
          : { constructPath: stack.stackConstructPath, templatePath: stack.templatePath, locations: [location(finding)] };
        violations.push({
          ruleName: finding.control,
          // At synthesis the kit's own stacks should resolve everything: an unresolved finding fails
          // synthesis like a failed one (as `check --strict`); its message names the value.
          description: finding.message,
          fix: finding.fix,
          severity: severityOf(finding, acknowledgeable),
          violatingResources: [resource],
          ruleMetadata: {
            rule: finding.ruleId,
            control: finding.control,
            classification: report.classification,
            landingZone: report.landingZone,
            acknowledgeable: acknowledgeable ? 'yes' : `no (not for ${report.classification})`,
          },
        });
      }
    }
    return {
      success: !violations.some((v) => v.severity === 'error' || v.severity === 'fatal'),
      violations,
      pluginVersion: this.version,
    };
  }
}

function severityOf(finding: Finding, acknowledgeable: boolean): string {
  const severity: Severity = finding.severity;
  if (severity === 'error') return acknowledgeable ? 'error' : 'fatal';
  return severity === 'warning' ? 'warning' : 'info';
}

/** Where in the resource: `Properties/<property>`, or the whole resource. */
function location(finding: Finding): string {
  return finding.property ? `Properties/${finding.property.replace(/\./g, '/')}` : 'Properties';
}
