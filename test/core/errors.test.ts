import { PaCloudKitError, describeValue } from '../../lib/core';

describe('PaCloudKitError', () => {
  test('carries the field, the value, the rule and the control', () => {
    const error = new PaCloudKitError({ field: 'tenant.ipaCode', value: 'x y', rule: 'must be a codice IPA', control: 'TAG-01' });
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('PaCloudKitError');
    expect(error.field).toBe('tenant.ipaCode');
    expect(error.value).toBe('x y');
    expect(error.rule).toBe('must be a codice IPA');
    expect(error.control).toBe('TAG-01');
    expect(error.message).toBe('tenant.ipaCode: must be a codice IPA, got "x y" [TAG-01]');
  });

  test('omits the control when there is none', () => {
    expect(new PaCloudKitError({ field: 'f', value: 3, rule: 'must be even' }).message).toBe('f: must be even, got 3');
  });

  test('describes values readably', () => {
    expect(describeValue(undefined)).toBe('nothing');
    expect(describeValue(['a', 1])).toBe('["a",1]');
    expect(describeValue({ toString: () => '10.0.0.0/16' })).toBe('10.0.0.0/16');
  });
});
