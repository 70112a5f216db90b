import * as fs from 'fs';
import * as path from 'path';
import * as fc from 'fast-check';
import { parseConfig } from '../../lib/config';

const SAMPLE = fs.readFileSync(path.join(__dirname, '..', '..', 'examples', 'aggregator', 'landing-zones.yaml'), 'utf8');

function ranges(text: string): string[] {
  return parseConfig(text, 'sample.yaml').tenants.map((t) => `${t.identity.ipaCode} ${t.cidr}`);
}

function appended(index: number, cidr: string | undefined, provider: 'aws' | 'openstack'): string {
  return [
    `  - ipaCode: c_n${String(index).padStart(3, '0')}`,
    `    name: Comune Nuovo ${index}`,
    '    classification: ordinario',
    '    owner: CED',
    '    incidentContact: ced@nuovo.example.it',
    ...(provider === 'aws' ? [`    account: "${String(500000000000 + index)}"`] : ['    provider: openstack']),
    ...(cidr ? [`    cidr: ${cidr}`] : []),
    '',
  ].join('\n');
}

describe('allocation stability', () => {
  const before = ranges(SAMPLE);

  test('appending a tenant without a cidr gives it the next free /16 and moves nobody', () => {
    const after = ranges(SAMPLE + appended(1, undefined, 'aws'));
    expect(after.slice(0, before.length)).toEqual(before);
    expect(after[before.length]).toBe('c_n001 10.4.0.0/16');
  });

  test('appending any tenants, with or without their own range, never changes the existing ranges', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            // /16 to /24 ranges outside the sample's 10.0.0.0-10.3.255.255, 10.20/16 and 10.30/20
            cidr: fc.option(fc.tuple(fc.integer({ min: 40, max: 250 }), fc.integer({ min: 16, max: 24 })), { nil: undefined }),
            provider: fc.constantFrom<'aws' | 'openstack'>('aws', 'openstack'),
          }),
          { minLength: 1, maxLength: 6 },
        ),
        (extra) => {
          const used = new Set<number>();
          const text = SAMPLE + extra.map((t, i) => {
            // each declared range in its own /16 so appended tenants do not collide with each other
            const cidr = t.cidr && !used.has(t.cidr[0]) ? (used.add(t.cidr[0]), `10.${t.cidr[0]}.0.0/${t.cidr[1]}`) : undefined;
            return appended(i, cidr, t.provider);
          }).join('');
          const after = ranges(text);
          expect(after.slice(0, before.length)).toEqual(before);
          expect(after).toHaveLength(before.length + extra.length);
        },
      ),
      { numRuns: 40 },
    );
  });

  test('an appended range that collides with an existing one is an error, never a move', () => {
    expect(() => parseConfig(SAMPLE + appended(1, '10.1.0.0/24', 'aws'), 'sample.yaml')).toThrow(
      /sample\.yaml:\d+:11: tenants\[6\]\.cidr: must not overlap 10\.1\.0\.0\/16 of tenant r_esempio_sanita, got "10\.1\.0\.0\/24"/,
    );
  });
});
