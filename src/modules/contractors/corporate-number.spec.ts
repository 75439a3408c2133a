import { corporateNumberCheckDigit, isValidCorporateNumber } from './corporate-number';

describe('法人番号 check digit', () => {
  it('should accept published numbers', () => {
    // 国税庁 (National Tax Agency) and 総務省's published corporate numbers.
    expect(isValidCorporateNumber('7000012050002')).toBe(true);
    expect(isValidCorporateNumber('2000012020001')).toBe(true);
  });

  it('should compute the leading digit from the other twelve', () => {
    expect(corporateNumberCheckDigit('000012050002')).toBe(7);
  });

  it('should refuse a wrong check digit, wrong length or non-digits', () => {
    expect(isValidCorporateNumber('8000012050002')).toBe(false);
    expect(isValidCorporateNumber('700001205000')).toBe(false);
    expect(isValidCorporateNumber('70000120500021')).toBe(false);
    expect(isValidCorporateNumber('７000012050002')).toBe(false);
    expect(isValidCorporateNumber('70000120500a2')).toBe(false);
  });
});
