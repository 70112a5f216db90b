#!/usr/bin/env node
'use strict';
// The `pa-cloud-kit` command. The kit ships TypeScript sources: tsx's CommonJS loader
// (tsx 4: `tsx/cjs/api` register()) compiles them on require, then lib/cli/main.ts runs.
require('tsx/cjs/api').register();

const { run } = require('../lib/cli/main.ts');

run(process.argv.slice(2), {
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
