import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * Reading back what a PDF really says, for tests, with Mozilla's pdf.js (`pdfjs-dist`, a devDependency): the
 * text of every page with its positions, and the fonts with their embedding. It runs in a child Node process
 * (`pdf-read.mjs`: pdf.js is an ES module that Jest's CommonJS runtime cannot load), so the tests need nothing
 * but Node and npm — no poppler.
 */

export interface PdfTextRun {
  str: string;
  /** Left edge, from the left of the page, in points. */
  x: number;
  /** Baseline, from the top of the page, in points. */
  y: number;
  width: number;
  /** Font size in points. */
  size: number;
  /** The font's ascent and descent as fractions of the size (descent negative). */
  ascent: number;
  descent: number;
}

export interface PdfPageRuns {
  /** 1-based. */
  number: number;
  width: number;
  height: number;
  items: PdfTextRun[];
}

export interface PdfFont {
  name: string;
  /** The PDF font type, e.g. CIDFontType2 (a CID-keyed TrueType font). */
  type: string;
  embedded: boolean;
  subset: boolean;
  unicode: boolean;
}

interface PdfReading {
  pages: PdfPageRuns[];
  fonts: PdfFont[];
}

const READER = join(__dirname, 'pdf-read.mjs');
/** Readings by the PDF's SHA-256: tests read the same document several ways. */
const readings = new Map<string, PdfReading>();

/** Every page's text runs and the document's fonts, as pdf.js reads them. */
export function readPdf(pdf: Buffer): PdfReading {
  const key = createHash('sha256').update(pdf).digest('hex');
  const known = readings.get(key);
  if (known) return known;
  const json = execFileSync(process.execPath, [READER], {
    input: pdf,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  const reading = JSON.parse(json) as PdfReading;
  if (readings.size > 200) readings.clear();
  readings.set(key, reading);
  return reading;
}

/** Runs sharing a baseline (within a fifth of their size), top to bottom, each line's runs left to right. */
export function physicalLines(page: PdfPageRuns): PdfTextRun[][] {
  const lines: PdfTextRun[][] = [];
  const sorted = [...page.items].sort((a, b) => a.y - b.y || a.x - b.x);
  for (const run of sorted) {
    const line = lines.at(-1);
    if (line && Math.abs(line[0].y - run.y) <= Math.max(1, run.size / 5)) line.push(run);
    else lines.push([run]);
  }
  return lines.map((line) => line.sort((a, b) => a.x - b.x));
}

/** One text column per this many points in the layout mode: about a body character's width. */
const LAYOUT_COLUMN = 7;

/**
 * Text per page in physical layout (runs placed at their column, as `pdftotext -layout` does) or in reading order
 * (a line's runs joined by one space where there is a gap). Lines are top to bottom, joined by line feeds.
 */
export function pdfText(pdf: Buffer, mode: 'layout' | 'plain'): string[] {
  return readPdf(pdf).pages.map((page) =>
    physicalLines(page)
      .map((line) => {
        let text = '';
        let end = -Infinity;
        for (const run of line) {
          const gap = run.x - end > run.size * 0.25;
          if (mode === 'layout') {
            const column = Math.round(run.x / LAYOUT_COLUMN);
            text = text.padEnd(Math.max(column, text.length + (gap && text ? 1 : 0)), ' ');
          } else if (text && gap) {
            text += ' ';
          }
          text += run.str;
          end = run.x + run.width;
        }
        return text.replace(/\s+$/u, '');
      })
      .join('\n'),
  );
}

/** The fonts the document uses, as `pdffonts` lists them. */
export function pdfFonts(pdf: Buffer): PdfFont[] {
  return readPdf(pdf).fonts;
}

/** All whitespace removed (line breaks, layout spaces, U+3000), for comparing flowed text with its source. */
export function squash(text: string): string {
  return text.replace(/\s+/gu, '');
}
