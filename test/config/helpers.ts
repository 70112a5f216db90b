import { ConfigError, ConfigValidationError, LandingZonesConfig, parseConfig } from '../../lib/config';

/** A valid file with one ordinario AWS tenant; tests append or replace lines (line numbers in comments). */
export const BASE: readonly string[] = [
  'defaults:', //                              1
  '  qualification: QC2', //                   2
  '  networkPool: 10.0.0.0/8', //              3
  'tenants:', //                               4
  '  - ipaCode: c_a000', //                    5
  '    name: Comune di Esempio', //            6
  '    classification: ordinario', //          7
  '    owner: Servizi informativi', //         8
  '    incidentContact: cert@comune.example.it', // 9
  '    account: "123456789012"', //            10
];

/** BASE with the tenant's classification changed (line 7). */
export function baseAs(classification: string): string[] {
  return BASE.map((l) => l.replace('classification: ordinario', `classification: ${classification}`));
}

/** A second tenant, to append after BASE (its `- ipaCode` on line 11). */
export function secondTenant(ipaCode = 'c_b000', extra: readonly string[] = []): string[] {
  return [`  - ipaCode: ${ipaCode}`, '    name: Comune B', '    classification: ordinario', '    owner: CED', '    incidentContact: ced@comune-b.example.it', '    account: "123456789013"', ...extra];
}

/** Parses lines as a file named lz.yaml. */
export function parse(lines: readonly string[]): LandingZonesConfig {
  return parseConfig(`${lines.join('\n')}\n`, 'lz.yaml');
}

/** The errors of a file that must not load. */
export function errorsOf(lines: readonly string[] | string): readonly ConfigError[] {
  const text = typeof lines === 'string' ? lines : `${lines.join('\n')}\n`;
  try {
    parseConfig(text, 'lz.yaml');
  } catch (e) {
    if (e instanceof ConfigValidationError) return e.errors;
    throw e;
  }
  throw new Error('expected the file to have mistakes, but it loaded');
}

/** The errors as `line:column message`, for exact comparisons. */
export function located(lines: readonly string[] | string): string[] {
  return errorsOf(lines).map((e) => `${e.line}:${e.column} ${e.message}`);
}
