import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * poppler-utils wrappers for tests that read back what a PDF really says. Missing tools fail the test
 * loudly (`apt-get install -y poppler-utils`): a PDF test that silently skips proves nothing.
 */
function run(tool: string, args: string[], pdf: Buffer): string {
  return runPoppler(tool, args, pdf, tool === 'pdftotext' ? '-' : undefined);
}

/** Runs a poppler tool on the PDF (written to a temporary file) and returns what it prints. */
export function runPoppler(tool: string, args: string[], pdf: Buffer, output?: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'itaku-pdf-'));
  try {
    const file = join(dir, 'document.pdf');
    writeFileSync(file, pdf);
    return execFileSync(tool, [...args, file, ...(output === undefined ? [] : [output])], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error(`${tool} is not installed: run apt-get install -y poppler-utils`);
    }
    throw error;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Text per page (pdftotext separates pages with a form feed), in physical layout or reading order. */
export function pdfText(pdf: Buffer, mode: 'layout' | 'plain'): string[] {
  const text = run('pdftotext', ['-enc', 'UTF-8', ...(mode === 'layout' ? ['-layout'] : [])], pdf);
  const pages = text.split('\f');
  if (pages.at(-1)?.trim() === '') pages.pop();
  return pages;
}

export interface PdfFont {
  name: string;
  type: string;
  embedded: boolean;
  subset: boolean;
  unicode: boolean;
}

export function pdfFonts(pdf: Buffer): PdfFont[] {
  const lines = run('pdffonts', [], pdf)
    .split('\n')
    .slice(2)
    .filter((l) => l.trim() !== '');
  return lines.map((line) => {
    // name type... encoding emb sub uni objectNo gen — the type may contain spaces, so read from the right.
    const cells = line.trim().split(/\s+/);
    const [emb, sub, uni] = cells.slice(-5, -2);
    return {
      name: cells[0],
      type: cells.slice(1, -6).join(' '),
      embedded: emb === 'yes',
      subset: sub === 'yes',
      unicode: uni === 'yes',
    };
  });
}

/** All whitespace removed (line breaks, layout spaces, U+3000), for comparing flowed text with its source. */
export function squash(text: string): string {
  return text.replace(/\s+/gu, '');
}
