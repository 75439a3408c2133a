/**
 * CSV for Excel in a Japanese office: UTF-8 with a byte-order mark (without it Excel reads the file as Shift_JIS
 * and the Japanese turns into mojibake — DOMAIN.md), CRLF line ends and RFC 4180 quoting.
 */

/** U+FEFF, written out as EF BB BF. */
export const UTF8_BOM = '\uFEFF';

/** A text cell is neutralised and quoted as needed; a number is ours (a count, a score) and written as is. */
export type CsvValue = string | number | null;

/**
 * Characters with which Excel (and LibreOffice, Google Sheets) starts a formula, or which it strips before
 * looking for one (tab, CR). A company name such as `=HYPERLINK("http://…","…")` typed into the register would
 * otherwise run as a formula on the body's own PC when the export is opened (CSV / formula injection, OWASP).
 * Quoting does not help: Excel removes the quotes before it evaluates the cell.
 */
const FORMULA_TRIGGERS = /^[=+\-@\t\r]/u;

/**
 * What a spreadsheet may skip or fold before it looks for a formula: leading blanks (spaces, the ideographic
 * space U+3000, no-break spaces, LF) and full-width forms — Japanese Excel with the IME on reads ＝ ＋ － ＠ as
 * = + - @ — so the check runs on the text as NFKC folds it, after the blanks.
 */
function formulaView(text: string): string {
  return text.normalize('NFKC').replace(/^[\s\u3000\u00a0\u200b\ufeff]+/u, '');
}

/**
 * Prefixes a `'` to text that would start a formula, so that spreadsheet programs show it as text (OWASP's
 * recommendation). The cost is a visible apostrophe in those few cells, which is the lesser evil for a file
 * that leaves the system.
 */
export function neutraliseFormula(text: string): string {
  return FORMULA_TRIGGERS.test(text) || FORMULA_TRIGGERS.test(formulaView(text)) ? `'${text}` : text;
}

/** One cell, RFC 4180: quoted when it holds a comma, a double quote, CR or LF; inner quotes doubled. */
export function csvCell(value: CsvValue): string {
  if (value === null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = neutraliseFormula(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Rows as CSV text, every record ended by CRLF. */
export function csvRecords(rows: readonly (readonly CsvValue[])[]): string {
  return rows.map((row) => `${row.map(csvCell).join(',')}\r\n`).join('');
}

/** Header and rows as CSV text, every record ended by CRLF. */
export function toCsvText(header: readonly string[], rows: readonly (readonly CsvValue[])[]): string {
  return csvRecords([header, ...rows]);
}

/** The file's bytes: BOM + CSV text in UTF-8. */
export function toExcelCsv(header: readonly string[], rows: readonly (readonly CsvValue[])[]): Buffer {
  return Buffer.from(UTF8_BOM + toCsvText(header, rows), 'utf8');
}
