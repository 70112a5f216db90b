/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  // Ordinary unit tests skip aws-cdk-lib's bundled CloudFormation validator (~3 s per synth);
  // the dedicated compliance tests turn it back on.
  setupFiles: ['<rootDir>/test/setup-env.js'],
  testTimeout: 120000,
  // Two workers on the 2-core CI machine (jest's default there is one, i.e. everything in band): the
  // OpenStack runtime suite spends its time in Python processes and runs beside the others.
  maxWorkers: 2,
  testSequencer: '<rootDir>/test/sequencer.js',
  reporters: ['default', '<rootDir>/test/summary-reporter.js'],
};
