#!/usr/bin/env node
'use strict';
/**
 * `npm run build` (also npm's `prepare`: at `npm ci`/`npm install` in a clone and before
 * `npm pack`/`npm publish`): compiles lib/ to CommonJS JavaScript and declarations in dist/
 * (TypeScript's `tsc -p tsconfig.build.json`), then copies the data files the kit reads at run time
 * and writes the precompiled validator of the landing zones file. dist/ is never committed.
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const DIST = path.join(ROOT, 'dist');

/** Files under lib/ that are read at run time, copied to the same place under dist/. */
const ASSETS = ['openstack/schema/provider-schema.json'];

function main() {
  const started = Date.now();
  fs.rmSync(DIST, { recursive: true, force: true });
  const tsc = spawnSync(process.execPath, [path.join(path.dirname(require.resolve('typescript/package.json', { paths: [ROOT] })), 'bin', 'tsc'), '-p', path.join(ROOT, 'tsconfig.build.json')], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (tsc.status !== 0) {
    console.error(`build: tsc failed (exit ${tsc.status ?? tsc.signal})`);
    process.exit(1);
  }
  for (const asset of ASSETS) {
    const to = path.join(DIST, asset);
    fs.mkdirSync(path.dirname(to), { recursive: true });
    fs.copyFileSync(path.join(ROOT, 'lib', asset), to);
  }
  console.log(`build: dist/ in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

main();
