// Test order: the suites that spend minutes in other processes (the real OpenStack services and
// the `openstack` client, the CLI's child processes) start first, so with two workers the rest of
// the suite runs beside them instead of after them. Everything else keeps jest's own order
// (slowest and failed first, from its cache).
const Sequencer = require('@jest/test-sequencer').default;

const LONG_FIRST = [/test[\\/]openstack[\\/]backup-runtime\.test\.ts$/, /test[\\/]openstack[\\/]swift-contract\.test\.ts$/, /test[\\/]cli[\\/]synth-output\.test\.ts$/, /test[\\/]package[\\/]/];

function rank(path) {
  const i = LONG_FIRST.findIndex((pattern) => pattern.test(path));
  return i === -1 ? LONG_FIRST.length : i;
}

class LongFirstSequencer extends Sequencer {
  sort(tests) {
    const ordered = super.sort(tests);
    return [...ordered].sort((a, b) => rank(a.path) - rank(b.path));
  }
}

module.exports = LongFirstSequencer;
