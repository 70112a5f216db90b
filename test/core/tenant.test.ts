import { DataClassification, PaCloudKitError, QualificationLevel, TAG_KEYS, TenantIdentity, mandatoryTagKeys, parseIpaCode } from '../../lib/core';

const valid = {
  ipaCode: 'c_x000',
  name: 'Comune di Esempio',
  classification: 'critico',
  qualification: 'QC2',
  owner: 'Servizio Sistemi Informativi',
  incidentContact: 'cert@comune.esempio.it',
};

describe('parseIpaCode', () => {
  test.each([['c_h501'], ['asl_rm1'], ['agid'], ['M_EF']])('accepts %p', (code) => {
    expect(parseIpaCode(code)).toBe(code.toLowerCase());
  });

  test.each([['Comune di Roma'], ['1abc'], ['c-h501'], ['x'], ['a'.repeat(31)], [''], [42]])('rejects %p with the format', (code) => {
    expect(() => parseIpaCode(code, 'tenant.ipaCode')).toThrow(PaCloudKitError);
    expect(() => parseIpaCode(code, 'tenant.ipaCode')).toThrow(
      /^tenant\.ipaCode: must be a codice IPA from the Indice PA: 2-30 letters, digits or underscores starting with a letter, e\.g\. "c_h501", got /,
    );
  });

  test('the message for "Comune di Roma" names the field, the value and the rule', () => {
    expect(() => parseIpaCode('Comune di Roma', 'ipaCode')).toThrow(
      'ipaCode: must be a codice IPA from the Indice PA: 2-30 letters, digits or underscores starting with a letter, e.g. "c_h501", got "Comune di Roma"',
    );
  });
});

describe('TenantIdentity', () => {
  test('builds the mandatory tags in a stable order', () => {
    const tenant = TenantIdentity.of(valid);
    expect(tenant.classification).toBe(DataClassification.CRITICO);
    expect(tenant.qualification).toBe(QualificationLevel.QC2);
    expect(tenant.tags()).toEqual({
      'pa:ipa-code': 'c_x000',
      'pa:classification': 'critico',
      'acn:qualification': 'QC2',
      'pa:owner': 'Servizio Sistemi Informativi',
      'pa:incident-contact': 'cert@comune.esempio.it',
    });
    expect(tenant.slug).toBe('c-x000');
  });

  test('adds the aggregator tag when an aggregator runs the landing zone', () => {
    const tenant = TenantIdentity.of({ ...valid, aggregator: { ipaCode: 'r_esempio', name: 'Regione Esempio' } });
    expect(tenant.tags()[TAG_KEYS.AGGREGATOR]).toBe('r_esempio');
    expect(tenant.tagStrings()).toEqual([
      'pa:ipa-code=c_x000',
      'pa:classification=critico',
      'acn:qualification=QC2',
      'pa:owner=Servizio Sistemi Informativi',
      'pa:incident-contact=cert@comune.esempio.it',
      'pa:aggregator=r_esempio',
    ]);
    expect(mandatoryTagKeys(true)).toEqual(Object.keys(tenant.tags()));
    expect(mandatoryTagKeys(false)).toHaveLength(5);
  });

  test.each([
    [{ ipaCode: 'Comune di Roma' }, /^tenant\.ipaCode: must be a codice IPA/],
    [{ name: '' }, /^tenant\.name: must be 1-128 characters of letters, digits, spaces and _ \. : = \+ @ -, got ""/],
    [{ name: 'Comune/Esempio' }, /^tenant\.name: must be 1-128 characters/],
    [{ classification: 'riservato' }, /^tenant\.classification: must be one of ordinario, critico, strategico, got "riservato"/],
    [{ qualification: 'QC9' }, /^tenant\.qualification: must be one of QC1, QC2, QC3, QC4, got "QC9"/],
    [{ owner: 'x'.repeat(129) }, /^tenant\.owner: must be 1-128 characters/],
    [{ incidentContact: 'not-an-email' }, /^tenant\.incidentContact: must be an e-mail address, e\.g\. "cert@comune\.example\.it", got "not-an-email"/],
    [{ aggregator: { ipaCode: 'bad code', name: 'Regione' } }, /^tenant\.aggregator\.ipaCode: must be a codice IPA/],
    [{ aggregator: { ipaCode: 'r_x', name: '' } }, /^tenant\.aggregator\.name: must be 1-128 characters/],
  ])('rejects %p naming the field', (change, message) => {
    expect(() => TenantIdentity.of({ ...valid, ...change })).toThrow(message);
  });
});
