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

  // Worked by hand from the rule (9 − Σ Pn×Qn mod 9, Qn = 1, 2, 1, 2 … from the right): a weighted sum that
  // is a multiple of 9 gives 9, never 0 — the check digit runs from 1 to 9.
  it.each([
    ['9000000000009', true, '9×1 = 9 ≡ 0 (mod 9) → 9'],
    ['9000000000090', true, '9×2 = 18 ≡ 0 → 9'],
    ['7123456789012', true, '2+2+0+18+8+14+6+10+4+6+2+2 = 74 ≡ 2 → 7'],
    ['9123456789012', false, 'the same twelve digits under a wrong check digit'],
  ])('should judge %s valid: %s (%s)', (number, valid) => {
    expect(isValidCorporateNumber(number)).toBe(valid);
    if (valid) expect(corporateNumberCheckDigit(number.slice(1))).toBe(Number(number[0]));
  });

  it('should accept a check digit of 9 and never its 0 look-alike', () => {
    expect(isValidCorporateNumber('9000000000009')).toBe(true);
    expect(isValidCorporateNumber('0000000000009')).toBe(false);
    expect(corporateNumberCheckDigit('000000000090')).toBe(9);
    for (let d = 0; d <= 9; d++) expect(isValidCorporateNumber(`0${String(d).repeat(12)}`)).toBe(false);
  });

  it('should refuse a wrong check digit, wrong length or non-digits', () => {
    expect(isValidCorporateNumber('8000012050002')).toBe(false);
    expect(isValidCorporateNumber('700001205000')).toBe(false);
    expect(isValidCorporateNumber('70000120500021')).toBe(false);
    expect(isValidCorporateNumber('７000012050002')).toBe(false);
    expect(isValidCorporateNumber('70000120500a2')).toBe(false);
  });

  it('should refuse to compute a check digit from anything but exactly twelve digits', () => {
    // Too short, twelve digits then more, something before twelve digits, a letter, nothing.
    for (const bad of ['00001205000', '0000120500021', 'x000012050002', '00001205000a', ''])
      expect(() => corporateNumberCheckDigit(bad)).toThrow('expected 12 digits');
  });
});
