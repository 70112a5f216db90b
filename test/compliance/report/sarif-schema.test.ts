/**
 * Validates the SARIF output against the SARIF 2.1.0 JSON schema (2.1.0-rtm.5, the final 2.1.0
 * schema, draft-04) shipped by the npm package `@microsoft/jest-sarif`, with `ajv-draft-04`.
 * Both are devDependencies the lead installs; until they are, this test is skipped with a note
 * (renderers.test.ts asserts the structure either way).
 */
import * as path from 'node:path';
import { renderSarif } from '../../../lib/compliance/report';
import { InputError } from '../../../lib/compliance/types';
import { FAKE_RULES, failingDocument, fakeResult, passingTerraformDocument } from './fake-result';

const SCHEMA = '@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json';

function tryResolve(id: string): string | undefined {
  try {
    return require.resolve(id);
  } catch {
    return undefined;
  }
}

const schemaFile = tryResolve(SCHEMA);
const ajvDraft04 = tryResolve('ajv-draft-04');
const available = schemaFile !== undefined && ajvDraft04 !== undefined;
if (!available) {
  // eslint-disable-next-line no-console
  console.warn(`SARIF schema validation skipped: install the devDependencies @microsoft/jest-sarif and ajv-draft-04 (${SCHEMA})`);
}

(available ? describe : describe.skip)('SARIF output against the SARIF 2.1.0 schema', () => {
  // Loaded lazily so the file type-checks and loads without the optional packages.
  const load = () => {
    const Ajv = require(ajvDraft04!) as new (opts: object) => { compile(schema: object): ((data: unknown) => boolean) & { errors?: unknown } };
    // The schema's language-tag pattern is not valid in Unicode mode, hence unicodeRegExp: false.
    const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
    (require('ajv-formats') as (a: unknown) => void)(ajv);
    return ajv.compile(require(schemaFile!) as object);
  };
  const CWD = path.resolve('/work/project');

  test('a log with findings, a suppression and an unusable file is valid', () => {
    const validate = load();
    const result = fakeResult(
      [failingDocument(path.join(CWD, 'cdk.out', 'Lz.template.json')), passingTerraformDocument(path.join(CWD, 'stacks', 'cdk.tf.json'))],
      [new InputError(path.join(CWD, 'broken file.json'), 'malformed JSON')],
    );
    const log = JSON.parse(renderSarif(result, { rules: FAKE_RULES, cwd: CWD, toolVersion: '0.1.0', lineOf: () => 12 }));
    const valid = validate(log);
    expect(validate.errors ?? null).toBeNull();
    expect(valid).toBe(true);
  });

  test('the validator rejects a log the schema forbids (a level SARIF does not know)', () => {
    const validate = load();
    const log = JSON.parse(renderSarif(fakeResult([failingDocument(path.join(CWD, 'a.json'))]), { rules: FAKE_RULES, cwd: CWD }));
    log.runs[0].results[0].level = 'fatal';
    expect(validate(log)).toBe(false);
  });
});
