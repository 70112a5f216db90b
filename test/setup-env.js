// Unit tests synthesize without aws-cdk-lib's bundled CloudFormation validator; the compliance
// tests that need it set CDK_VALIDATION themselves.
if (process.env.CDK_VALIDATION === undefined) process.env.CDK_VALIDATION = 'false';
process.env.CDK_DISABLE_CLI_TELEMETRY = '1';
