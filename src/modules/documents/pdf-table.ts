// The ruled tables of the documents (従事者名簿, 外部サービス台帳), drawn on a DocumentComposer.
import { breakJapaneseLines } from './japanese-line-breaker';
import type { Align, DocumentComposer, TextStyle } from './pdf-composer';

/** Table cells: line pitch as a multiple of the cell size, padding and rules (points). */
const CELL_LEADING = 1.45;
const CELL_PAD_X = 2.5;
const CELL_PAD_Y = 3;
const RULE_WIDTH = 0.6;
const RULE_COLOR = '#000000';

/** A column of a ruled table (`DocumentComposer.table`). */
export interface TableColumn<Row> {
  /** The heading's lines. */
  title: readonly string[];
  /** Share of the content width (the shares are scaled to fill it). */
  width: number;
  /** The cell's lines for a row; `no` counts the rows from 1. */
  cell: (row: Row, no: number) => string[];
  align?: 'left' | 'center';
}

export interface TableOptions {
  /** Style of the cells; its size sets the line pitch of every row. */
  cell: TextStyle;
  /** Style of the header row. */
  head: TextStyle;
}

/**
 * A ruled table across the content width, one row per element of `rows`: the header again on every page, each
 * row kept whole on one page, every cell ruled on each side. Rows and columns are the caller's; the layout is
 * the same for every document that prints one (従事者名簿, 外部サービス台帳).
 */
export function drawTable<Row>(
  c: DocumentComposer,
  columns: readonly TableColumn<Row>[],
  rows: readonly Row[],
  options: TableOptions,
): void {
  const { cell: cellStyle, head: headStyle } = options;
  const pitch = cellStyle.size * CELL_LEADING;
  const scale = c.contentWidth / columns.reduce((n, col) => n + col.width, 0);
  const widths = columns.map((col) => col.width * scale);
  const xs = widths.reduce<number[]>(
    (acc, _w, i) => [...acc, i === 0 ? c.left : acc[i - 1] + widths[i - 1]],
    [],
  );
  const layout = (texts: readonly string[], i: number, style: TextStyle): string[] =>
    texts.flatMap((t) => breakJapaneseLines(t, widths[i] - 2 * CELL_PAD_X, (s) => c.measure(s, style)));
  const rowHeight = (cells: string[][]): number =>
    Math.max(...cells.map((lines) => lines.length)) * pitch + 2 * CELL_PAD_Y;
  const printRow = (cells: string[][], style: TextStyle, height: number, aligns: readonly Align[]): void => {
    const top = c.y;
    const doc = c.doc;
    doc.save().lineWidth(RULE_WIDTH).strokeColor(RULE_COLOR);
    doc
      .rect(
        xs[0],
        top,
        widths.reduce((a, b) => a + b, 0),
        height,
      )
      .stroke();
    for (let i = 1; i < xs.length; i++)
      doc
        .moveTo(xs[i], top)
        .lineTo(xs[i], top + height)
        .stroke();
    doc.restore();
    cells.forEach((lines, i) => {
      lines.forEach((line, j) => {
        c.y = top + CELL_PAD_Y + j * pitch;
        const x =
          aligns[i] === 'center' ? xs[i] + (widths[i] - c.measure(line, style)) / 2 : xs[i] + CELL_PAD_X;
        c.put(line, x, style);
      });
    });
    c.y = top + height;
  };

  c.select(headStyle);
  const headCells = columns.map((col, i) => layout(col.title, i, headStyle));
  const headHeight = rowHeight(headCells);
  const headAligns = columns.map((): Align => 'center');
  const cellAligns = columns.map((col): Align => col.align ?? 'left');
  const printHead = (): void => {
    c.select(headStyle);
    printRow(headCells, headStyle, headHeight, headAligns);
  };

  c.ensureSpace(headHeight + pitch * 2 + 2 * CELL_PAD_Y);
  printHead();
  rows.forEach((row, n) => {
    c.select(cellStyle);
    const cells = columns.map((col, i) => layout(col.cell(row, n + 1), i, cellStyle));
    const height = rowHeight(cells);
    if (c.y + height > c.bottom + 1e-6) {
      c.newPage();
      printHead();
    }
    printRow(cells, cellStyle, height, cellAligns);
  });
}
