#!/usr/bin/env node
'use strict';
// The `pa-cloud-kit` command: runs the compiled kit (dist/, built by `npm run build`, and by npm
// itself at `npm ci`/`npm install` in a clone and before `npm pack`/`npm publish`). The command
// loads only what it runs: `--version` and `--help` no command module, `check` neither
// aws-cdk-lib nor cdktf, `synth` a provider only when the landing zones file uses it.
let main;
try {
  main = require('../dist/cli/main.js');
} catch (error) {
  if (error && error.code === 'MODULE_NOT_FOUND' && String(error.message).includes('main.js') && !require('node:fs').existsSync(require('node:path').join(__dirname, '..', 'dist', 'cli', 'main.js'))) {
    process.stderr.write('pa-cloud-kit: the compiled kit (dist/) is missing; in a clone of the repository run `npm run build`\n');
    process.exit(2);
  }
  throw error;
}

// A reader that goes away (`pa-cloud-kit check ... | head`) is not an error of the kit: what is
// left to print is dropped, and the command still ends with its own exit code.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (!error || error.code !== 'EPIPE') throw error;
  });
}

main.run(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  isTTY: Boolean(process.stdout.isTTY),
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    // run() never rejects; this is a last resort that still avoids a raw stack trace.
    process.stderr.write(`pa-cloud-kit: internal error: ${error && error.message ? error.message : error}; please report it\n`);
    process.exitCode = 2;
  },
);
