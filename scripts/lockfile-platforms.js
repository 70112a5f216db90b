#!/usr/bin/env node
/**
 * Records the platform-specific optional dependencies that the registry this project installs
 * from does not serve (e.g. @swc/core-darwin-arm64) in package-lock.json, marked optional with
 * their os/cpu/libc, so `npm ci` accepts the lock file on every platform and skips them here.
 *
 * npm omits an optional package it cannot fetch from the lock file, and `npm ci` then refuses a
 * lock file that lacks it ("Missing: ... from lock file"). Run this after every `npm install`
 * that changes the lock file: `node scripts/lockfile-platforms.js`.
 */
const fs = require('fs');
const path = require('path');

const file = path.join(__dirname, '..', 'package-lock.json');
const lock = JSON.parse(fs.readFileSync(file, 'utf8'));
const packages = lock.packages;
const PLATFORM = /(darwin|linux|win32|android|freebsd|openharmony|sunos|aix|netbsd|openbsd)-(arm64|x64|arm|ia32|ppc64|s390x|riscv64|loong64|wasm32)/;

let added = 0;
for (const [key, entry] of Object.entries(packages)) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const top = `node_modules/${name}`;
    const nested = key ? `${key}/node_modules/${name}` : top;
    if (packages[top] || packages[nested]) continue;
    const match = PLATFORM.exec(name);
    if (!match) continue;
    const record = { version, cpu: [match[2]], optional: true, os: [match[1]] };
    if (match[1] === 'linux') {
      if (name.includes('musl')) record.libc = ['musl'];
      else if (name.includes('gnu')) record.libc = ['glibc'];
    }
    packages[top] = record;
    added++;
  }
}
lock.packages = Object.fromEntries(Object.entries(packages).sort(([a], [b]) => a.localeCompare(b, 'en')));
fs.writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`lockfile-platforms: recorded ${added} optional platform package(s)`);
