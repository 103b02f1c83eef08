/**
 * GS1 mod-10 check digits (EAN-13, EAN-8, UPC-A, and the 18-digit scale code,
 * which uses the same method). Weights 3,1,3,… from the rightmost data digit —
 * for 12 data digits that is exactly EAN-13's "1,3 from the left".
 */

const DIGITS = /^\d+$/;

/** Check digit for a string of data digits (without the check digit). */
export function gs1CheckDigit(data: string): number {
  if (!DIGITS.test(data)) throw new RangeError('gs1CheckDigit: digits only');
  let sum = 0;
  let weight = 3;
  for (let i = data.length - 1; i >= 0; i--) {
    sum += (data.charCodeAt(i) - 48) * weight;
    weight = weight === 3 ? 1 : 3;
  }
  return (10 - (sum % 10)) % 10;
}

/** True when `code` is all digits and its last digit is the GS1 check digit of the rest. */
export function hasValidGs1CheckDigit(code: string): boolean {
  if (code.length < 2 || !DIGITS.test(code)) return false;
  return gs1CheckDigit(code.slice(0, -1)) === code.charCodeAt(code.length - 1) - 48;
}

const ofLength = (length: number) => (code: string) => code.length === length && hasValidGs1CheckDigit(code);

export const ean13CheckDigit = (first12: string): number => {
  if (first12.length !== 12) throw new RangeError('ean13CheckDigit: 12 digits');
  return gs1CheckDigit(first12);
};
export const ean8CheckDigit = (first7: string): number => {
  if (first7.length !== 7) throw new RangeError('ean8CheckDigit: 7 digits');
  return gs1CheckDigit(first7);
};
export const upcACheckDigit = (first11: string): number => {
  if (first11.length !== 11) throw new RangeError('upcACheckDigit: 11 digits');
  return gs1CheckDigit(first11);
};

export const isValidEan13 = ofLength(13);
export const isValidEan8 = ofLength(8);
export const isValidUpcA = ofLength(12);

/** Appends the GS1 check digit: `withCheckDigit('590123412345') === '5901234123457'`. */
export const withCheckDigit = (data: string): string => `${data}${gs1CheckDigit(data)}`;
