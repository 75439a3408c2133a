import { createHash } from 'node:crypto';
import PDFDocument from 'pdfkit';
import { breakJapaneseLines } from './japanese-line-breaker';
import { documentFonts, FONT_ROLES, type FontRole } from './pdf-fonts';
import { drawTable, type TableColumn, type TableOptions } from './pdf-table';

export type { TableColumn, TableOptions } from './pdf-table';

/**
 * Page layout shared by every document (特記事項, 改善指示書): A4 portrait, Japanese line breaking
 * with justification, orphan control (no lone line of a paragraph at the top or bottom of a page), page numbers,
 * an optional footer line, the draft mark, and deterministic bytes.
 *
 * Deterministic bytes (DESIGN.md, Documents: the SHA-256 of an approved document is stored so a printed
 * copy can be checked): pdfkit's only varying parts are `/CreationDate` (the clock) and the trailer `/ID`
 * (an MD5 over the info dictionary, CreationDate included). We write no creation date — the record holds
 * when the document was approved — and set the ID from a SHA-256 of the document's input. Everything else
 * is a function of the input: fonts get tags derived from their per-document ids (F1 → BZZZZZ+…), zlib is
 * deterministic, and no image or timestamp enters.
 */

const MM = 72 / 25.4;

/** A4 page margins of every document, in points (the test helper reading PDFs back uses them too). */
export const PAGE_MARGINS = { top: 30 * MM, bottom: 25 * MM, left: 25 * MM, right: 20 * MM } as const;

/**
 * Orphan control: a paragraph broken across pages keeps at least this many lines on each side of the break, so no
 * page starts with the lone last line of a paragraph (「らない。」 alone at the top) and none ends with a lone first
 * line. A paragraph too short to keep that many on both sides moves to the next page whole.
 */
export const MIN_LINES_AT_BREAK = 2;

export interface TextStyle {
  font: FontRole;
  /** Points. */
  size: number;
  color?: string;
}

/** The usual body size of Japanese official documents; also the 1-character (全角) unit of indents. */
export const BODY_SIZE = 10.5;

/** Text styles every document shares: body text, headings in the semibold weight, the document title. */
export const STYLES = {
  body: { font: 'regular', size: BODY_SIZE },
  heading: { font: 'heading', size: BODY_SIZE },
  title: { font: 'heading', size: 16 },
} as const satisfies Record<string, TextStyle>;

export interface ComposerOptions {
  /** The PDF's Title entry. */
  title: string;
  subject?: string;
  /** The document ID is the first 16 bytes of SHA-256 of this (document kind + layout version + input). */
  idSource: string;
  draft: boolean;
  /**
   * Printed in the footer of every page beside the page number, e.g. the approval date and the first characters
   * of the content hash of an approved 特記事項.
   */
  footer?: string;
}

export type Align = 'justify' | 'left' | 'center' | 'right';

export interface ParagraphOptions {
  style: TextStyle;
  /** Left edge of every line, from the left margin (points). */
  indent?: number;
  /** Added to `indent` on the first line only (字下げ). */
  firstLineIndent?: number;
  /** Right edge, inset from the right margin. */
  rightInset?: number;
  /** Printed at `labelIndent` on the first line, e.g. the paragraph number 「２」. */
  label?: string;
  labelIndent?: number;
  align?: Align;
  /** Line pitch as a multiple of the font size. */
  leading?: number;
  /** Lines kept together on each side of a page break (default MIN_LINES_AT_BREAK; 1 turns the control off). */
  minLinesAtBreak?: number;
}

export interface LabelledOptions {
  style: TextStyle;
  labelIndent: number;
  /** Where the value's lines start, from the left margin. */
  indent: number;
  rightInset?: number;
  align?: Align;
}

/** Clusters are mostly single characters; the limit only guards against unbounded growth from Latin words. */
const WIDTH_CACHE_LIMIT = 50_000;
const widthCache = new Map<string, number>();

const BLACK = '#000000';
const DRAFT_GREY = '#a6a6a6';
const DEFAULT_LEADING = 1.75;
/** Beyond this much extra space per character a line is left ragged: such gaps read as spaces when copied. */
const MAX_JUSTIFY_SPACING_EM = 0.08;

export class DocumentComposer {
  readonly doc: PDFKit.PDFDocument;
  readonly left = PAGE_MARGINS.left;
  readonly top = PAGE_MARGINS.top;
  readonly pageWidth: number;
  readonly pageHeight: number;
  readonly right: number;
  readonly bottom: number;
  /** Top of the next line. */
  y: number;
  private readonly draft: boolean;
  private readonly footer: string | undefined;
  private currentStyle: TextStyle | undefined;

  constructor(options: ComposerOptions) {
    this.draft = options.draft;
    this.footer = options.footer;
    this.doc = new PDFDocument({
      size: 'A4',
      margins: { ...PAGE_MARGINS },
      bufferPages: true, // page numbers 「n / N」 need the page count, known only at the end
      font: '', // skips loading Helvetica, which no document uses
      lang: 'ja-JP',
      displayTitle: true,
      // pdfkit hashes every info entry in its constructor: an entry set to undefined would crash it.
      info: {
        Title: options.title,
        ...(options.subject === undefined ? {} : { Subject: options.subject }),
        Creator: 'itaku-guard',
        Producer: 'PDFKit',
      },
    });
    // No /CreationDate in the Info dictionary: pdfkit writes the entries it finds by enumeration, but its XMP
    // builder reads `info.CreationDate` unconditionally (the XMP stream itself is only emitted for PDF ≥ 1.4,
    // and we write 1.3). A non-enumerable constant satisfies the one and stays out of the other.
    Object.defineProperty(this.doc.info, 'CreationDate', { value: new Date(0), enumerable: false });
    setDocumentId(this.doc, createHash('sha256').update(options.idSource, 'utf8').digest().subarray(0, 16));

    const fonts = documentFonts();
    for (const role of FONT_ROLES) {
      // pdfkit's types only list paths and buffers; at run time it accepts a parsed fontkit font (see pdf-fonts.ts).
      this.doc.registerFont(role, fonts[role] as unknown as PDFKit.Mixins.PDFFontSource);
    }
    this.pageWidth = this.doc.page.width;
    this.pageHeight = this.doc.page.height;
    this.right = this.pageWidth - PAGE_MARGINS.right;
    this.bottom = this.pageHeight - PAGE_MARGINS.bottom;
    this.y = this.top;
  }

  get contentWidth(): number {
    return this.right - this.left;
  }

  /**
   * Width of `text` in `style`. Cached for the thread, not the document: the parsed fonts are shared, so a
   * width never changes, and line breaking measures every cluster — without the cache each new document
   * would run fontkit's shaper again for each of them (pdfkit's own layout cache is per document).
   */
  measure(text: string, style: TextStyle): number {
    const key = `${style.font}\u0000${style.size}\u0000${text}`;
    let width = widthCache.get(key);
    if (width === undefined) {
      this.use(style);
      width = this.doc.widthOfString(text);
      if (widthCache.size >= WIDTH_CACHE_LIMIT) widthCache.clear();
      widthCache.set(key, width);
    }
    return width;
  }

  lineHeight(style: TextStyle, leading = DEFAULT_LEADING): number {
    return style.size * leading;
  }

  /** Starts a new page unless `height` points still fit above the bottom margin. */
  ensureSpace(height: number): void {
    if (this.y + height > this.bottom + 1e-6) this.newPage();
  }

  newPage(): void {
    this.doc.addPage();
    this.y = this.top;
  }

  gap(points: number): void {
    this.y += points;
  }

  /** Breaks a paragraph into lines as `paragraph` would print them. */
  layoutParagraph(text: string, options: ParagraphOptions): string[] {
    const { style, indent = 0, firstLineIndent = 0, rightInset = 0 } = options;
    const width = this.contentWidth - indent - rightInset;
    return breakJapaneseLines(text, width, (s) => this.measure(s, style), width - firstLineIndent);
  }

  /**
   * The height a paragraph needs below the current position to start on this page under the orphan control:
   * all of it when it is too short to be broken, else its first MIN_LINES_AT_BREAK lines. A heading asks for
   * its own height plus this (keep with next), so it never stays alone at the bottom of a page.
   */
  startHeight(text: string, options: ParagraphOptions): number {
    const lines = this.layoutParagraph(text, options).length;
    const min = minLinesAtBreak(options);
    return (lines < 2 * min ? lines : min) * this.lineHeight(options.style, options.leading);
  }

  /**
   * Prints a paragraph line by line, starting new pages as needed, with orphan control (MIN_LINES_AT_BREAK).
   * Returns the number of lines.
   */
  paragraph(text: string, options: ParagraphOptions): number {
    const { style, indent = 0, firstLineIndent = 0, rightInset = 0, align = 'justify' } = options;
    const lines = this.layoutParagraph(text, options);
    const pitch = this.lineHeight(style, options.leading);
    const min = minLinesAtBreak(options);
    let i = 0;
    while (i < lines.length) {
      const take = this.linesForThisPage(lines.length - i, pitch, min);
      if (take === 0) {
        this.newPage();
        continue;
      }
      for (const end = i + take; i < end; i++) {
        if (i === 0 && options.label !== undefined) {
          this.put(options.label, this.left + (options.labelIndent ?? 0), style);
        }
        const x = this.left + indent + (i === 0 ? firstLineIndent : 0);
        const available = this.right - rightInset - x;
        const isLast = i === lines.length - 1;
        this.putAligned(lines[i], x, available, style, align === 'justify' && isLast ? 'left' : align);
        this.y += pitch;
      }
      if (i < lines.length) this.newPage();
    }
    return lines.length;
  }

  /**
   * How many of the `remaining` lines of a paragraph go on this page: all when they fit; otherwise as many as
   * fit while leaving at least `min` for the next page, and none (start on the next page) when fewer than `min`
   * would stay here. At the top of a page it always prints something, so a page-long paragraph cannot loop.
   */
  private linesForThisPage(remaining: number, pitch: number, min: number): number {
    const fit = Math.max(0, Math.floor((this.bottom - this.y + 1e-6) / pitch));
    if (remaining <= fit) return remaining;
    const take = Math.min(fit, remaining - min);
    if (take >= min) return take;
    return this.y <= this.top + 1e-6 ? Math.max(1, fit) : 0;
  }

  /**
   * A label with its value beside it (「件名　住民情報…」): the label at `labelIndent`, the value's lines at
   * `indent`. Label and value are placed, not padded with U+3000, which would split them into separate text
   * blocks. A value of several paragraphs prints them one under the other, the label on the first and each
   * later one indented by one character (字下げ) so the paragraphs stay visible. Returns the number of lines.
   */
  labelled(label: string, paragraphs: readonly string[], options: LabelledOptions): number {
    const { labelIndent, indent, style, rightInset, align = 'justify' } = options;
    let lines = 0;
    paragraphs.forEach((text, i) => {
      lines += this.paragraph(text, {
        style,
        indent,
        rightInset,
        align,
        ...(i === 0 ? { label, labelIndent } : { firstLineIndent: style.size }),
      });
    });
    return lines;
  }

  /** A ruled table across the content width, one row per element of `rows` (pdf-table.ts). */
  table<Row>(columns: readonly TableColumn<Row>[], rows: readonly Row[], options: TableOptions): void {
    drawTable(this, columns, rows, options);
  }

  /**
   * Makes `style` the current one before anything is measured in it. `measure` selects a style (and writes its
   * colour into the page) only when the width is not cached yet in this thread: selecting it here first, at a fixed
   * point, keeps the bytes the same whether this thread has measured the document's strings before or not.
   */
  select(style: TextStyle): void {
    this.put('', this.left, style);
  }

  /** Prints one line of text at the current y without moving down. */
  put(text: string, x: number, style: TextStyle, characterSpacing = 0): void {
    this.use(style);
    this.doc.text(text, x, this.y, { lineBreak: false, characterSpacing });
  }

  private putAligned(line: string, x: number, available: number, style: TextStyle, align: Align): void {
    const width = this.measure(line, style);
    switch (align) {
      case 'left':
        this.put(line, x, style);
        return;
      case 'right':
        this.put(line, x + available - width, style);
        return;
      case 'center':
        this.put(line, x + (available - width) / 2, style);
        return;
      case 'justify': {
        // 両端揃え: spread the slack left by 追い出し over the gaps between characters (code points, so a
        // surrogate pair such as 𠮷 counts once — pdfkit applies Tc once per glyph).
        const gaps = Array.from(line).length - 1;
        const spacing = gaps > 0 ? (available - width) / gaps : 0;
        const justify = spacing > -0.5 && spacing <= MAX_JUSTIFY_SPACING_EM * style.size;
        this.put(line, x, style, justify ? spacing : 0);
        return;
      }
      default: {
        const exhaustive: never = align;
        throw new Error(`Unknown alignment ${String(exhaustive)}`);
      }
    }
  }

  /**
   * Draws what every page carries — the page number 「n / N」 at the bottom and, on a draft, a large light
   * grey 「案」 in the top-right corner (in the margin, so it never covers the text) — then returns the bytes.
   */
  finish(): Buffer {
    const { start, count } = this.doc.bufferedPageRange();
    const footer: TextStyle = { font: 'regular', size: 9 };
    const mark: TextStyle = { font: 'heading', size: 30, color: DRAFT_GREY };
    for (let i = 0; i < count; i++) {
      this.doc.switchToPage(start + i);
      const pageNo = `${i + 1} / ${count}`;
      this.y = this.bottom + (this.pageHeight - this.bottom) / 2 - footer.size;
      const pageNoX = (this.pageWidth - this.measure(pageNo, footer)) / 2;
      this.put(pageNo, pageNoX, footer);
      if (this.footer !== undefined) {
        // Right-aligned on the page number's line; on the line below when it would run into the number.
        const x = this.right - this.measure(this.footer, footer);
        if (x < pageNoX + this.measure(pageNo, footer) + footer.size) this.y += footer.size * 1.5;
        this.put(this.footer, x, footer);
      }
      if (this.draft) {
        const box = 44;
        const x = this.right - box;
        const y = 9 * MM;
        this.doc.save().lineWidth(1.5).rect(x, y, box, box).stroke(DRAFT_GREY).restore();
        this.y = y + (box - mark.size * 1.437) / 2;
        this.put('案', x + (box - this.measure('案', mark)) / 2, mark);
      }
    }
    this.doc.end();
    return readAll(this.doc);
  }

  private use(style: TextStyle): void {
    const current = this.currentStyle;
    if (
      current &&
      current.font === style.font &&
      current.size === style.size &&
      current.color === style.color
    ) {
      return;
    }
    this.doc
      .font(style.font)
      .fontSize(style.size)
      .fillColor(style.color ?? BLACK);
    this.currentStyle = style;
  }
}

function minLinesAtBreak(options: ParagraphOptions): number {
  return Math.max(1, Math.floor(options.minLinesAtBreak ?? MIN_LINES_AT_BREAK));
}

/**
 * pdfkit derives the trailer ID in its constructor from the info dictionary and keeps it in `_id`, with no
 * option to set it; we replace it before anything is written. Checked so a pdfkit upgrade that renames the
 * field fails loudly (the determinism test would catch it too).
 */
function setDocumentId(doc: PDFKit.PDFDocument, id: Uint8Array): void {
  const internals = doc as unknown as { _id?: unknown };
  if (!(internals._id instanceof Uint8Array)) {
    throw new Error('pdfkit no longer keeps the document ID in `_id`: update setDocumentId()');
  }
  internals._id = id;
}

/** pdfkit writes synchronously into its readable side; after `end()` every byte is already buffered. */
function readAll(doc: PDFKit.PDFDocument): Buffer {
  const chunks: Buffer[] = [];
  for (let chunk = doc.read() as Buffer | null; chunk !== null; chunk = doc.read() as Buffer | null) {
    chunks.push(chunk);
  }
  const pdf = Buffer.concat(chunks);
  if (pdf.subarray(-6).toString('latin1').trimEnd() !== '%%EOF') {
    throw new Error('pdfkit did not finish the document synchronously');
  }
  return pdf;
}
