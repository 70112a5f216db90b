/**
 * What every Terraform stack of the kit shares (a tenant's landing zone, a central log
 * collection): the provider pinned to the project's bindings, local state outside the published
 * output unless the user adds a backend, and the kit's metadata in the document's `"//"` object.
 */
import { LandingZoneMetadata, PaCloudKitError, TERRAFORM_METADATA_KEY } from '../../core';
import { OpenstackProvider } from '../generated/provider';
import { LocalBackend, TerraformStack } from './cdktf';

/** A path relative to the stack's directory, ending in .tfstate, that Terraform reads as written. */
const STATE_PATH = /^[^\s"$\\]+\.tfstate$/;

export abstract class KitTerraformStack extends TerraformStack {
  /** What the stack writes at `"//"["pa-cloud-kit"]`. */
  public abstract readonly metadata: LandingZoneMetadata;
  private statePath?: string;

  /** The OpenStack provider of the stack: `cloud` (a checked clouds.yaml entry) in `region`. */
  protected addProvider(cloud: string, region: string): void {
    new OpenstackProvider(this, 'openstack', { cloud, region });
  }

  /**
   * Where the local state goes, relative to the stack's directory (`<outdir>/stacks/<stack>`);
   * `example` shows a right one in the message.
   * @throws PaCloudKitError naming `localStatePath`
   */
  protected useLocalStatePath(path: string | undefined, example: string): void {
    if (path === undefined) return;
    if (typeof path !== 'string' || !STATE_PATH.test(path)) {
      throw new PaCloudKitError({ field: 'localStatePath', value: path, rule: `must be a path ending in .tfstate, without spaces, quotes, backslashes or $, e.g. "${example}"` });
    }
    this.statePath = path;
  }

  /**
   * Without a backend of the user's, state stays local: at `localStatePath`, by default
   * `terraform.<stack>.tfstate` next to the output directory (as cdktf's default does), outside
   * it; the path is relative rather than absolute, so the JSON does not depend on the machine
   * that synthesized it.
   */
  public override ensureBackendExists(): ReturnType<TerraformStack['ensureBackendExists']> {
    if (this.node.findAll().some((c) => LocalBackend.isBackend(c))) return super.ensureBackendExists();
    return new LocalBackend(this, { path: this.statePath ?? `../../../terraform.${this.node.id}.tfstate` });
  }

  /** The Terraform JSON of the stack, with the kit's metadata in the top-level `"//"` object. */
  public override toTerraform(): any {
    const tf = super.toTerraform();
    tf['//'] = { ...(tf['//'] ?? {}), [TERRAFORM_METADATA_KEY]: this.metadata };
    return tf;
  }
}
