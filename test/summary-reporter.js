// Writes jest's totals to .jest-results.json so .ci/run can end with a plain
// "N passed, N failed" line whatever else the run printed.
const fs = require('fs');
const path = require('path');

class SummaryReporter {
  constructor(globalConfig) {
    this.rootDir = globalConfig.rootDir;
  }

  onRunComplete(_contexts, results) {
    const summary = {
      passed: results.numPassedTests,
      failed: results.numFailedTests + results.numRuntimeErrorTestSuites,
      skipped: results.numPendingTests + results.numTodoTests,
      suites: results.numTotalTestSuites,
      failedSuites: results.numFailedTestSuites,
    };
    fs.writeFileSync(path.join(this.rootDir, '.jest-results.json'), JSON.stringify(summary) + '\n');
  }
}

module.exports = SummaryReporter;
