import {
  DATA_CLASSIFICATIONS,
  DataClassification,
  PaCloudKitError,
  QualificationLevel,
  classificationRank,
  parseClassification,
  parseQualification,
  qualificationRank,
} from '../../lib/core';

describe('DataClassification', () => {
  test('lists the three ACN classes, weakest first', () => {
    expect(DATA_CLASSIFICATIONS).toEqual(['ordinario', 'critico', 'strategico']);
    expect(classificationRank(DataClassification.ORDINARIO)).toBeLessThan(classificationRank(DataClassification.CRITICO));
    expect(classificationRank(DataClassification.CRITICO)).toBeLessThan(classificationRank(DataClassification.STRATEGICO));
  });

  test('parses user input case-insensitively', () => {
    expect(parseClassification('Critico')).toBe(DataClassification.CRITICO);
    expect(parseClassification(' strategico ')).toBe(DataClassification.STRATEGICO);
  });

  test.each([['secret'], [3], [undefined]])('rejects %p naming the field and the allowed values', (value) => {
    expect(() => parseClassification(value, 'tenants[0].classification')).toThrow(PaCloudKitError);
    expect(() => parseClassification(value, 'tenants[0].classification')).toThrow(
      /^tenants\[0\]\.classification: must be one of ordinario, critico, strategico, got /,
    );
  });
});

describe('QualificationLevel', () => {
  test('orders QC1 < QC2 < QC3 < QC4', () => {
    const ranks = [QualificationLevel.QC1, QualificationLevel.QC2, QualificationLevel.QC3, QualificationLevel.QC4].map(qualificationRank);
    expect(ranks).toEqual([0, 1, 2, 3]);
  });

  test('parses user input case-insensitively', () => {
    expect(parseQualification('qc3')).toBe(QualificationLevel.QC3);
  });

  test('rejects an unknown level naming the field', () => {
    expect(() => parseQualification('QC5', 'defaults.qualification')).toThrow(
      'defaults.qualification: must be one of QC1, QC2, QC3, QC4, got "QC5"',
    );
  });
});
