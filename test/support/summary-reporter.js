// Prints one plain closing line, "tests: N passed, N failed, N skipped", that log readers and CI
// can parse without knowing Jest's own summary format.
class SummaryReporter {
  onRunComplete(_contexts, results) {
    process.stderr.write(
      `tests: ${results.numPassedTests} passed, ${results.numFailedTests} failed, ${results.numPendingTests} skipped\n`,
    );
  }
}

module.exports = SummaryReporter;
