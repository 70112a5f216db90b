/**
 * The one seam between the kit and its CDK for Terraform runtime.
 *
 * Every other file of the OpenStack half, hand-written constructs and generated provider
 * bindings alike, imports the Terraform CDK from here, never from the package directly. Moving
 * to the API-identical fork (`cdktn`) means changing the module name below and nothing else.
 *
 * The list is explicit so it documents the surface the kit relies on. Generated bindings
 * (lib/openstack/generated) use the second group; if a regeneration needs a name that is not
 * here, `tsc` reports it and the name is added in this file.
 */

// ---- What hand-written kit code uses -------------------------------------------------------
export {
  Annotations,
  App,
  Aspects,
  Fn,
  Lazy,
  LocalBackend,
  Op,
  Testing,
  TerraformCount,
  TerraformDataSource,
  TerraformElement,
  TerraformIterator,
  TerraformLocal,
  TerraformOutput,
  TerraformProvider,
  TerraformResource,
  TerraformStack,
  TerraformVariable,
  Token,
  Tokenization,
  VariableType,
} from 'cdktf';
export type {
  IAspect,
  IResolvable,
  IResolveContext,
  ITerraformDependable,
  ITerraformResource,
  TerraformMetaArguments,
  TerraformOutputConfig,
  TerraformResourceLifecycle,
  TerraformVariableConfig,
} from 'cdktf';

// ---- What the generated provider bindings use in addition ---------------------------------
export {
  ComplexList,
  ComplexObject,
  ImportableResource,
  StringMap,
  StringMapList,
  booleanToHclTerraform,
  booleanToTerraform,
  canInspect,
  hashMapper,
  hashMapperHcl,
  isComplexElement,
  listMapper,
  listMapperHcl,
  numberToHclTerraform,
  numberToTerraform,
  stringToHclTerraform,
  stringToTerraform,
} from 'cdktf';
export type { IInterpolatingParent } from 'cdktf';
