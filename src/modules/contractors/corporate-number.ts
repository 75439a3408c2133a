/**
 * 法人番号: 13 digits whose first digit is a check digit over the other 12 (National Tax Agency rule):
 * check = 9 − (Σ digit × weight mod 9), weights 1, 2, 1, 2 … counted from the least significant digit.
 */
export function corporateNumberCheckDigit(base12: string): number {
  if (!/^\d{12}$/.test(base12)) throw new TypeError('expected 12 digits');
  let sum = 0;
  for (let i = 0; i < 12; i++) {
    const digit = Number(base12[11 - i]);
    sum += digit * (i % 2 === 0 ? 1 : 2);
  }
  return 9 - (sum % 9);
}

export function isValidCorporateNumber(value: string): boolean {
  return /^\d{13}$/.test(value) && Number(value[0]) === corporateNumberCheckDigit(value.slice(1));
}
