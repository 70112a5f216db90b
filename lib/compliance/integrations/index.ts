/** Ways to run the kit's compliance rules at synthesis: aws-cdk-lib plugin and cdktf validation. */
export { PaCloudKit, PA_CLOUD_KIT_PLUGIN_NAME, type PaCloudKitProps } from './cdk';
export { addComplianceValidation, checkTerraformStack, type ComplianceValidationOptions } from './cdktf';
