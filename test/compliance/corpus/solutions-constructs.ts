/**
 * CloudFormation templates synthesized at test time from a third-party construct library, AWS
 * Solutions Constructs (`@aws-solutions-constructs/*`, Apache-2.0), with aws-cdk-lib: the
 * templates are not stored in the repository; the manifest names the package and version.
 */
import { App, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { ApiGatewayToLambda } from '@aws-solutions-constructs/aws-apigateway-lambda';
import { CloudFrontToS3 } from '@aws-solutions-constructs/aws-cloudfront-s3';
import { FargateToOpenSearch } from '@aws-solutions-constructs/aws-fargate-opensearch';

const ENV = { account: '111111111111', region: 'eu-south-1' };

/** The synthesizers by the stack name the manifest uses. */
export const SOLUTIONS_STACKS: Readonly<Record<string, (stack: Stack) => void>> = {
  'CloudFrontToS3': (stack) => {
    new CloudFrontToS3(stack, 'Site', {});
  },
  'ApiGatewayToLambda': (stack) => {
    new ApiGatewayToLambda(stack, 'Api', {
      lambdaFunctionProps: { runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200 });') },
    });
  },
  'FargateToOpenSearch': (stack) => {
    new FargateToOpenSearch(stack, 'Search', {
      publicApi: true,
      ecrRepositoryArn: 'arn:aws:ecr:eu-south-1:111111111111:repository/search-app',
      ecrImageVersion: 'v1',
      openSearchDomainName: 'corpus-search',
    });
  },
};

/** Synthesizes one stack of {@link SOLUTIONS_STACKS} and returns its template text. */
export function synthesizeSolutionsStack(name: string): string {
  const app = new App();
  const stack = new Stack(app, name, { env: ENV });
  const build = SOLUTIONS_STACKS[name];
  if (!build) throw new Error(`no solutions construct stack named ${name}`);
  build(stack);
  const assembly = app.synth();
  return JSON.stringify(assembly.getStackByName(name).template, null, 1);
}
