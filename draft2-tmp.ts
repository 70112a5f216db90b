import { evaluateDocument, parseDocument } from './lib/compliance';
import { synthesizeSolutionsStack, SOLUTIONS_STACKS } from './test/compliance/corpus/solutions-constructs';
const CONTROLS = new Set(['ABSC-NET-01','ABSC-NET-02', 'ENC-TRANSIT-01', 'ACN-KMS-01', 'ABSC-NET-06', 'ABSC-LOG-02', 'LOG-RET-04']);
for (const n of Object.keys(SOLUTIONS_STACKS)) {
  const t = synthesizeSolutionsStack(n);
  const doc = parseDocument(n + '.template.json', t);
  console.log('==', n, doc.resources.map((r) => r.type.replace('AWS::', '')).sort().join(','));
  const r = evaluateDocument(doc, { classification: 'ordinario' as any });
  for (const c of r.controls) if (CONTROLS.has(c.control)) for (const e of c.evidence) console.log('  ', c.control, c.status, e.status, e.ruleId, e.resource, '|', e.message.slice(0, 140));
}
