// The public API of the OpenStack half of the kit. Generated bindings and the cdktf seam stay
// internal (lib/openstack/generated, lib/openstack/private).
export * from './network';
export * from './logging';
export * from './backup';
export * from './landing-zone';
export * from './central-logs';
export * from './app';
export * from './metadata';
export * from './container-sync';
export * from './service-types';
export * from './quotas';
export { validateTerraformJson, validateTerraformFile, formatTerraformIssues } from './validate';
export type { TerraformValidationIssue } from './validate';
export * from './settings';
