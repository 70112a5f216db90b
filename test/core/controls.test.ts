import * as fs from 'fs';
import * as path from 'path';
import {
  CloudProvider,
  ControlCatalogue,
  DataClassification,
  PaCloudKitError,
  Responsibility,
  validateAcknowledgements,
} from '../../lib/core';

const BASELINE = path.join(__dirname, '..', '..', '..', 'shared', 'docs', 'regulatory-baseline.md');

describe('ControlCatalogue', () => {
  test('holds every control ID of the regulatory baseline, and no other', () => {
    const ids = [
      'ACN-QUAL-01', 'ACN-LOC-01', 'ACN-KMS-01', 'ACN-KMS-02', 'GAR-LOG-01', 'ABSC-LOG-02', 'ABSC-LOG-03',
      'LOG-RET-04', 'LOG-INT-05', 'ABSC-BCK-01', 'ABSC-BCK-02', 'ABSC-BCK-03', 'ACN-BCK-04', 'ABSC-NET-01',
      'ABSC-NET-02', 'ABSC-NET-03', 'ABSC-NET-06', 'ENC-TRANSIT-01', 'TAG-01',
    ];
    expect(ControlCatalogue.all().map((c) => c.id)).toEqual(ids);
  });

  (fs.existsSync(BASELINE) ? test : test.skip)('matches the control table of shared/docs/regulatory-baseline.md', () => {
    const text = fs.readFileSync(BASELINE, 'utf8');
    const table = text.slice(text.indexOf('## Control catalogue'));
    const documented = [...table.matchAll(/^\| ([A-Z]+(?:-[A-Z]+)*-\d{2}) \|/gm)].map((m) => m[1]);
    expect(documented.length).toBeGreaterThan(0);
    expect(ControlCatalogue.all().map((c) => c.id)).toEqual(documented);
  });

  test('every control has a title, a source, classes and a responsibility per provider', () => {
    for (const control of ControlCatalogue.all()) {
      expect(control.title.length).toBeGreaterThan(5);
      expect(control.source.length).toBeGreaterThan(3);
      expect(control.appliesTo.length).toBeGreaterThan(0);
      for (const cloud of [CloudProvider.AWS, CloudProvider.OPENSTACK]) {
        expect(Object.values(Responsibility)).toContain(control[cloud].responsibility);
        expect(control[cloud].check.length).toBeGreaterThan(5);
      }
      for (const cls of control.acknowledgeableFor) expect(control.appliesTo).toContain(cls);
    }
  });

  test('critico-only controls do not apply to ordinario', () => {
    const ordinario = ControlCatalogue.forClassification(DataClassification.ORDINARIO).map((c) => c.id);
    expect(ordinario).not.toContain('ACN-KMS-02');
    expect(ordinario).not.toContain('ACN-BCK-04');
    expect(ordinario).not.toContain('ABSC-NET-03');
    expect(ControlCatalogue.forClassification(DataClassification.STRATEGICO)).toHaveLength(19);
  });

  test('provider responsibilities follow the baseline', () => {
    const onOpenStack = ControlCatalogue.checkedOn(CloudProvider.OPENSTACK).map((c) => c.id);
    expect(onOpenStack).not.toContain('ABSC-NET-06');
    expect(onOpenStack).not.toContain('ABSC-LOG-02');
    expect(ControlCatalogue.get('GAR-LOG-01').openstack.responsibility).toBe(Responsibility.SHARED);
    expect(ControlCatalogue.checkedOn(CloudProvider.AWS)).toHaveLength(19);
  });

  test('rejects an unknown control ID, listing the known ones', () => {
    expect(() => ControlCatalogue.get('ACN-XYZ-09', 'acknowledgements[0].control')).toThrow(
      /^acknowledgements\[0\]\.control: must be a control ID of the catalogue \(ACN-QUAL-01, .*TAG-01\), got "ACN-XYZ-09"$/,
    );
    expect(ControlCatalogue.has('TAG-01')).toBe(true);
  });
});

describe('validateAcknowledgements', () => {
  const reason = 'The PA signed a contract clause covering this';

  test('accepts an acknowledgeable control with a reason', () => {
    const acks = validateAcknowledgements([{ control: 'ACN-KMS-02', reason }], DataClassification.CRITICO);
    expect(acks.get('ACN-KMS-02')?.reason).toBe(reason);
  });

  test('rejects a control that cannot be acknowledged for the class', () => {
    expect(() => validateAcknowledgements([{ control: 'ACN-KMS-02', reason }], DataClassification.STRATEGICO)).toThrow(
      'acknowledgements[0].control: ACN-KMS-02 cannot be acknowledged for a strategico tenant (acknowledgeable for: critico), got "ACN-KMS-02" [ACN-KMS-02]',
    );
    expect(() => validateAcknowledgements([{ control: 'ACN-QUAL-01', reason }], DataClassification.ORDINARIO)).toThrow(
      /ACN-QUAL-01 cannot be acknowledged for an ordinario tenant \(acknowledgeable for: no class\)/,
    );
  });

  test('rejects an acknowledgement without a real reason', () => {
    expect(() => validateAcknowledgements([{ control: 'ACN-BCK-04', reason: 'n/a' }], DataClassification.CRITICO)).toThrow(
      'acknowledgements[0].reason: an acknowledgement of ACN-BCK-04 needs a reason of at least 10 characters, got "n/a" [ACN-BCK-04]',
    );
  });

  test('rejects the same control twice', () => {
    expect(() =>
      validateAcknowledgements([{ control: 'ACN-BCK-04', reason }, { control: 'ACN-BCK-04', reason }], DataClassification.CRITICO),
    ).toThrow('acknowledgements[1].control: each control may be acknowledged once, got "ACN-BCK-04"');
  });

  test('rejects an unknown control', () => {
    expect(() => validateAcknowledgements([{ control: 'NOPE', reason }], DataClassification.CRITICO)).toThrow(PaCloudKitError);
  });
});
