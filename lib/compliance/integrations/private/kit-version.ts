import * as fs from 'node:fs';
import * as path from 'node:path';

let cached: string | undefined;

/** The kit's version from its package.json (`0.0.0` if it cannot be read). */
export function kitVersion(): string {
  if (cached === undefined) {
    try {
      const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', '..', 'package.json'), 'utf8')) as { name?: unknown; version?: unknown };
      cached = pkg.name === 'pa-cloud-kit' && typeof pkg.version === 'string' ? pkg.version : '0.0.0';
    } catch {
      cached = '0.0.0';
    }
  }
  return cached;
}
