import { Transform } from 'class-transformer';
import { ValidatorConstraint, type ValidatorConstraintInterface } from 'class-validator';

/**
 * Input as Japanese users type it. A Japanese IME in its usual mode gives full-width digits (０９０), full-width or
 * typographic dashes (－ ‐ – —) and the prolonged sound mark (ー) where a hyphen was meant, and the ideographic
 * space (U+3000). Fields that hold a number (a 法人番号, a telephone number) take such input and store it in one
 * normal form, in ASCII; フリガナ takes hiragana and half-width katakana and stores full-width katakana.
 *
 * The DTOs apply these with class-transformer (`@Transform`) before validation, so the API and the web forms, which
 * validate with the same DTO classes, accept the same input and store the same value. Free text is never touched.
 */

/** Dashes that stand for a hyphen in a number: ‐ ‑ ‒ – — ― − ﹣ －. */
const DASHES = /[\u2010-\u2015\u2212\uFE63\uFF0D]/gu;
/** The prolonged sound mark (ー, and its half-width ｰ) typed between two digits, meaning a hyphen. */
const LONG_MARK_BETWEEN_DIGITS = /(?<=[0-9])[\u30FC\uFF70]+(?=[0-9])/gu;
/** Full-width ASCII variants that may appear in a telephone number: ０-９ ＋ （ ）. */
const FULL_WIDTH_NUMBER_SIGNS = /[\uFF10-\uFF19\uFF0B\uFF08\uFF09]/gu;
/** Every kind of blank a person may type: ASCII space, tab, the ideographic space, no-break space. */
const BLANKS = /[\s\u3000]+/gu;

function halfWidth(ch: string): string {
  return String.fromCharCode(ch.charCodeAt(0) - 0xfee0);
}

/**
 * A telephone-like number as typed, in ASCII: full-width digits, + and parentheses become ASCII, every dash (and
 * a ー between digits) becomes '-', runs of blanks become one ASCII space, and blanks at either end go.
 * 「０９０－１２３４－５６７８」 → "090-1234-5678"; 「（０２３８）２２－１１１１」 → "(0238)22-1111".
 */
export function normalizeNumberText(value: string): string {
  return value
    .replace(FULL_WIDTH_NUMBER_SIGNS, halfWidth)
    .replace(DASHES, '-')
    .replace(LONG_MARK_BETWEEN_DIGITS, (marks) => '-'.repeat(marks.length))
    .replace(BLANKS, ' ')
    .trim();
}

/**
 * A number written only with digits (a 法人番号): the digits in ASCII, with the blanks and hyphens people add for
 * readability removed. 「７０００－０１－２０５０００２」 → "7000012050002". Anything else is left for the
 * validator to refuse.
 */
export function normalizeDigits(value: string): string {
  return normalizeNumberText(value).replace(/[ -]/gu, '');
}

/** Hiragana ぁ–ゖ and the iteration marks ゝゞ, and their katakana (ァ–ヶ, ヽヾ) 0x60 code points further on. */
const HIRAGANA = /[\u3041-\u3096\u309D\u309E]/gu;
/** Half-width katakana with its marks (ｶﾞ is two code points); NFKC turns a run of them into full width. */
const HALF_WIDTH_KATAKANA = /[\uFF61-\uFF9F]+/gu;
/**
 * フリガナ: full-width katakana ァ–ヺ, the middle dot ・ (エヌ・ティ・ティ), the prolonged sound mark ー, the
 * iteration marks ヽヾ, and the ideographic space between words; at least one katakana.
 */
const KATAKANA_ONLY = /^(?=.*[\u30A1-\u30FA])[\u30A1-\u30FE\u3000]+$/u;

/**
 * A フリガナ as typed, in full-width katakana: hiragana becomes katakana (すずき → スズキ), half-width katakana
 * becomes full width (ｽｽﾞｷ → スズキ), blanks between words become one ideographic space, and blanks at either end
 * go. Other characters are left for KatakanaRule to refuse.
 */
export function normalizeKana(value: string): string {
  return value
    .replace(HALF_WIDTH_KATAKANA, (run) => run.normalize('NFKC'))
    .replace(HIRAGANA, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0x60))
    .replace(BLANKS, '\u3000')
    .trim();
}

export function isKatakana(value: string): boolean {
  return KATAKANA_ONLY.test(value);
}

/** What the API and the forms say when a フリガナ holds anything but katakana (rule `katakana`). */
export const KATAKANA_MESSAGE = 'フリガナは全角カタカナで入力してください。';

/** A フリガナ in full-width katakana (after normalizeKana): `@Validate(KatakanaRule)`. */
@ValidatorConstraint({ name: 'katakana' })
export class KatakanaRule implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'string' && isKatakana(value);
  }
  defaultMessage(): string {
    return KATAKANA_MESSAGE;
  }
}

const onString =
  (normalize: (value: string) => string) =>
  ({ value }: { value: unknown }): unknown =>
    typeof value === 'string' ? normalize(value) : value;

/** A telephone-like number stored in ASCII (normalizeNumberText). */
export const NumberText = (): PropertyDecorator => Transform(onString(normalizeNumberText));
/** A number of digits only, stored as ASCII digits (normalizeDigits). */
export const DigitsOnly = (): PropertyDecorator => Transform(onString(normalizeDigits));
/** A フリガナ stored in full-width katakana (normalizeKana). */
export const KanaText = (): PropertyDecorator => Transform(onString(normalizeKana));
