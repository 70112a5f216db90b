/**
 * The CDK for Terraform app the kit's OpenStack stacks go in, from the runtime behind the kit's
 * cdktf seam, so code that builds and synthesizes the kit's stacks needs no import of cdktf.
 */
import { App } from './private/cdktf';

/** Options of {@link createTerraformApp}. */
export interface TerraformAppOptions {
  /** The output folder: `synth()` writes each stack to `<outdir>/stacks/<stack id>/cdk.tf.json`. */
  readonly outdir: string;
}

/**
 * A CDK for Terraform app for {@link LandingZone} and {@link CentralLogCollectionStack}. Its
 * annotations (the stacks' warnings) carry no call stacks, which would name the machine's folders
 * in the synthesized manifest. The app is the kit's own cdktf `App`: stacks and app share one
 * copy of cdktf, whatever else the project installs.
 */
export function createTerraformApp(options: TerraformAppOptions): App {
  return new App({ outdir: options.outdir, stackTraces: false });
}
