import { BODY_SIZE, PAGE_MARGINS } from '../pdf-composer';
import { readPdf } from './pdf-tools';

/**
 * Reading a PDF back page by page, with positions, for tests of any document the composer lays out (特記事項,
 * 改善指示書, 再委託承認通知書, 従事者名簿, …). Built on pdf.js through `readPdf` (pdf-tools.ts), so it needs
 * nothing but Node.
 *
 *     const pages = readPdfPages(pdf);            // every page: its physical lines, top to bottom
 *     pages[0].lines.map((l) => l.text);          // 「第1条（…）」, 「乙は、…」, …
 *     bodyLines(pages[2]);                        // the text area only: no page number, footer or 案 mark
 *     assertNoOrphanLines(pdf);                   // throws, naming the page, on a lone last line at the top
 *
 * Coordinates are PDF points from the top-left corner of the page.
 */

export interface PdfWord {
  text: string;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
}

/** One physical line: the text runs that share a baseline, left to right. */
export interface PdfLine {
  /** The words joined; a space only where the gap between two words is wider than a third of the line height. */
  text: string;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
  words: PdfWord[];
}

export interface PdfPage {
  /** 1-based. */
  number: number;
  width: number;
  height: number;
  /** Top to bottom. */
  lines: PdfLine[];
}

export interface PageArea {
  /** Margins of the text area in points; lines outside it (page numbers, footers, the draft mark) are not body. */
  top: number;
  bottom: number;
}

export interface OrphanCheckOptions {
  /** The text area; default: the composer's margins. */
  area?: PageArea;
  /** The body font size in points (one character's width in Japanese text); default: the composer's. */
  em?: number;
}

/** A page that starts with the lone last line of a paragraph begun on the page before. */
export interface OrphanLine {
  page: number;
  line: string;
  /** The line it continues, at the bottom of the previous page. */
  after: string;
}

/** Every page of the PDF with its physical lines. */
export function readPdfPages(pdf: Buffer): PdfPage[] {
  return readPdf(pdf).pages.map((page) => ({
    number: page.number,
    width: page.width,
    height: page.height,
    lines: toLines(
      page.items
        .filter((run) => run.str.trim() !== '')
        .map((run): PdfWord => ({
          text: run.str,
          xMin: run.x,
          xMax: run.x + run.width,
          // The glyph box: the font's ascent above the baseline, its descent below (y grows downwards).
          yMin: run.y - run.ascent * run.size,
          yMax: run.y - run.descent * run.size,
        })),
    ),
  }));
}

/** The lines inside the text area: what flows from page to page, without page numbers, footers and marks. */
export function bodyLines(page: PdfPage, area: PageArea = PAGE_MARGINS): PdfLine[] {
  // A glyph's box may reach a little above the line's top (accents, brackets) or below its bottom.
  const slack = BODY_SIZE / 2;
  return page.lines.filter((l) => l.yMin >= area.top - slack && l.yMax <= page.height - area.bottom + slack);
}

/**
 * Pages that start with the lone last line of a paragraph continued from the page before (「らない。」 alone at the
 * top). Read from the geometry of justified text, as the composer sets it:
 * - the previous page's last line is full (it reaches the right edge of the text, within half a character): the
 *   paragraph goes on;
 * - the page's first line starts where that line starts (a continuation line, not a heading or a new paragraph);
 * - and that first line ends its paragraph: it is short, or the next line starts elsewhere (a new paragraph, a
 *   number, a heading) or after a gap, or nothing follows on the page.
 * Blind spots, by design: a paragraph split one line and one line (its first line is indented, so the two do not
 * start at the same place) and text set ragged (`align: 'left'`) are not judged.
 */
export function findOrphanLines(pdf: Buffer | PdfPage[], options: OrphanCheckOptions = {}): OrphanLine[] {
  const pages = Array.isArray(pdf) ? pdf : readPdfPages(pdf);
  const em = options.em ?? BODY_SIZE;
  const bodies = pages.map((p) => bodyLines(p, options.area));
  const right = Math.max(...bodies.flat().map((l) => l.xMax));
  const orphans: OrphanLine[] = [];
  for (let p = 1; p < pages.length; p++) {
    const prev = bodies[p - 1].at(-1);
    const [first, second] = bodies[p];
    if (!prev || !first) continue;
    const prevFull = prev.xMax >= right - em / 2;
    const continues = Math.abs(first.xMin - prev.xMin) < em / 6;
    if (!prevFull || !continues) continue;
    const pitch = linePitch(bodies[p]) ?? linePitch(bodies[p - 1]) ?? em * 1.75;
    const endsParagraph =
      first.xMax < right - em / 2 ||
      second === undefined ||
      Math.abs(second.xMin - first.xMin) >= em / 6 ||
      second.yMin - first.yMin > pitch * 1.2;
    if (endsParagraph) orphans.push({ page: pages[p].number, line: first.text, after: prev.text });
  }
  return orphans;
}

/** Throws, listing every page that starts with the lone last line of a paragraph (see `findOrphanLines`). */
export function assertNoOrphanLines(pdf: Buffer | PdfPage[], options: OrphanCheckOptions = {}): void {
  const orphans = findOrphanLines(pdf, options);
  if (orphans.length === 0) return;
  throw new Error(
    'pages start with the lone last line of a paragraph:\n' +
      orphans.map((o) => `  page ${o.page}: 「${o.line}」 (after 「${o.after}」)`).join('\n'),
  );
}

/** The usual distance between consecutive lines of a page (the most frequent one), if it has two lines. */
function linePitch(lines: PdfLine[]): number | undefined {
  const counts = new Map<number, number>();
  for (let i = 1; i < lines.length; i++) {
    const d = Math.round((lines[i].yMin - lines[i - 1].yMin) * 2) / 2;
    if (d > 0) counts.set(d, (counts.get(d) ?? 0) + 1);
  }
  let best: [number, number] | undefined;
  for (const entry of counts) if (!best || entry[1] > best[1]) best = entry;
  return best?.[0];
}

/** Groups words into physical lines: same vertical middle (within a quarter of their height), left to right. */
function toLines(words: PdfWord[]): PdfLine[] {
  const sorted = [...words].sort((a, b) => a.yMin + a.yMax - (b.yMin + b.yMax) || a.xMin - b.xMin);
  const groups: PdfWord[][] = [];
  for (const word of sorted) {
    const middle = (word.yMin + word.yMax) / 2;
    const group = groups.at(-1);
    const last = group?.[0];
    if (group && last && Math.abs((last.yMin + last.yMax) / 2 - middle) <= (last.yMax - last.yMin) / 4) {
      group.push(word);
    } else {
      groups.push([word]);
    }
  }
  return groups.map((group) => {
    const line = group.sort((a, b) => a.xMin - b.xMin);
    const height = Math.max(...line.map((w) => w.yMax - w.yMin));
    let text = '';
    line.forEach((word, i) => {
      if (i > 0 && word.xMin - line[i - 1].xMax > height / 3) text += ' ';
      text += word.text;
    });
    return {
      text,
      xMin: Math.min(...line.map((w) => w.xMin)),
      yMin: Math.min(...line.map((w) => w.yMin)),
      xMax: Math.max(...line.map((w) => w.xMax)),
      yMax: Math.max(...line.map((w) => w.yMax)),
      words: line,
    };
  });
}
