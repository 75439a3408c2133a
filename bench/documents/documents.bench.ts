import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import PDFDocument from 'pdfkit';
import { formatWareki } from '../../src/common/dates/wareki';
import { DocumentRenderer } from '../../src/modules/documents/document-renderer.service';
import { documentFonts, FONT_ROLES, fontFilePath } from '../../src/modules/documents/pdf-fonts';
import type { SpecialProvisionsInput } from '../../src/modules/documents/special-provisions';
import {
  SPECIAL_PROVISIONS_TITLE,
  renderSpecialProvisionsPdf,
} from '../../src/modules/documents/special-provisions.pdf';
import { sampleSpecialProvisionsInput } from '../../src/modules/documents/testing/special-provisions.fixture';

/**
 * Document bench: a draft 特記事項 with 20 articles (about 4 A4 pages), rendered
 *  - by raw pdfkit, the fonts given as file paths so every document reads and parses them (the baseline),
 *  - by our renderer in this thread (fonts parsed once per thread),
 *  - through DocumentRenderer's worker pool: latency one at a time, and throughput with the pool kept full.
 * Set DOC_BENCH_N for the documents per measurement (default 40).
 */

interface Row {
  name: string;
  firstMs: number;
  medianMs: number;
  pdfsPerSecond: number;
  rssMb: number;
}

const MM = 72 / 25.4;
const MB = 1024 * 1024;

export async function runDocumentBench(): Promise<void> {
  const n = Number(process.env.DOC_BENCH_N ?? 40);
  const input = sampleSpecialProvisionsInput({ draft: true });
  const rows: Row[] = [];

  rows.push(
    await measureSequential('raw pdfkit, font files per document (baseline)', n, () =>
      renderRawPdfkit(input, 'file'),
    ),
  );
  rows.push(
    await measureSequential('raw pdfkit, parsed fonts shared', n, () => renderRawPdfkit(input, 'parsed')),
  );
  rows.push(
    await measureSequential('ours, in-thread (fonts parsed once)', n, () =>
      Promise.resolve(renderSpecialProvisionsPdf(input)),
    ),
  );

  const defaultThreads = Math.max(1, availableParallelism() - 1);
  for (const threads of [...new Set([defaultThreads, availableParallelism()])]) {
    const renderer = new DocumentRenderer({ maxThreads: threads });
    try {
      const label = `ours, pool ${threads} thread${threads > 1 ? 's' : ''}${threads === defaultThreads ? ' (default)' : ''}`;
      const latency = await measureSequential(`${label}, one at a time`, n, () =>
        renderer.renderSpecialProvisions(input),
      );
      rows.push(latency);
      rows.push({
        ...(await measureThroughput(`${label}, pool kept full`, n, renderer, input)),
        firstMs: NaN,
      });
      const same = (await renderer.renderSpecialProvisions(input)).equals(renderSpecialProvisionsPdf(input));
      if (!same) throw new Error('the pool and in-thread rendering gave different bytes');
    } finally {
      await renderer.onApplicationShutdown();
    }
  }

  const sample = renderSpecialProvisionsPdf(input);
  const raw = await renderRawPdfkit(input, 'file');
  console.log(
    `\nDocuments: draft 特記事項, ${input.articles.length} articles; ours ${pageCount(sample)} pages / ` +
      `${(sample.length / 1024).toFixed(0)} KB, raw ${pageCount(raw)} pages / ${(raw.length / 1024).toFixed(0)} KB; ` +
      `${n} documents per row, ${availableParallelism()} cores, Node ${process.version}`,
  );
  printTable(rows);
  console.log(`peak RSS (process, all threads): ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB\n`);
}

async function measureSequential(name: string, n: number, render: () => Promise<Buffer>): Promise<Row> {
  let start = performance.now();
  await render();
  const firstMs = performance.now() - start;
  for (let i = 0; i < 2; i++) await render(); // warm-up
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    start = performance.now();
    await render();
    times.push(performance.now() - start);
  }
  const total = times.reduce((a, b) => a + b, 0);
  return { name, firstMs, medianMs: median(times), pdfsPerSecond: (1000 * n) / total, rssMb: rss() };
}

/** Keeps every thread busy plus one waiting document per thread; PDFs/s over the whole run. */
async function measureThroughput(
  name: string,
  n: number,
  renderer: DocumentRenderer,
  input: SpecialProvisionsInput,
): Promise<Omit<Row, 'firstMs'>> {
  const lanes = Math.min(renderer.capacity, 2 * renderer.maxThreads);
  // Warm every thread first (a thread's first document also starts it and parses its fonts).
  await Promise.all(Array.from({ length: lanes }, () => renderer.renderSpecialProvisions(input)));
  const times: number[] = [];
  let next = 0;
  const start = performance.now();
  const lane = async (): Promise<void> => {
    while (next < n) {
      next++;
      const t = performance.now();
      await renderer.renderSpecialProvisions(input);
      times.push(performance.now() - t);
    }
  };
  await Promise.all(Array.from({ length: lanes }, lane));
  const elapsed = performance.now() - start;
  return { name, medianMs: median(times), pdfsPerSecond: (1000 * n) / elapsed, rssMb: rss() };
}

/**
 * The same text with plain pdfkit, as one would write it without our renderer: pdfkit's own line wrapping,
 * streamed output, and fonts registered by path — pdfkit then reads and parses each file again for every
 * document ('file'). With 'parsed', it gets the parsed fonts our renderer shares, isolating that effect.
 */
function renderRawPdfkit(input: SpecialProvisionsInput, fonts: 'file' | 'parsed'): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 30 * MM, bottom: 25 * MM, left: 25 * MM, right: 20 * MM },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  for (const role of FONT_ROLES) {
    const source = fonts === 'file' ? fontFilePath(role) : documentFonts()[role];
    doc.registerFont(role, source as PDFKit.Mixins.PDFFontSource);
  }
  const body = { align: 'justify' as const, lineGap: 7.9 };
  doc.font('heading').fontSize(16).text(`${SPECIAL_PROVISIONS_TITLE}（案）`, { align: 'center' }).moveDown();
  doc
    .font('regular')
    .fontSize(10.5)
    .text(
      `${input.issuer.name}（以下「甲」という。）と${input.contractor.name}（以下「乙」という。）は、次の契約（以下「本契約」という。）` +
        'の履行に伴う情報セキュリティの確保について、次のとおり特記事項を定める。',
      { ...body, indent: 10.5 },
    )
    .text(`契約番号　${input.contractNumber}`, body)
    .text(`件名　${input.contractTitle}`, body)
    .text(`契約期間　${formatWareki(input.startDate)}から${formatWareki(input.endDate)}まで`, body);
  for (const article of input.articles) {
    doc
      .moveDown(0.5)
      .font('heading')
      .text(`第${article.articleNo}条（${article.title}）`, body)
      .font('regular');
    article.paragraphs.forEach((p, i) => doc.text(`${i === 0 ? '　' : `${i + 1}　`}${p}`, body));
  }
  doc
    .moveDown()
    .text('本特記事項の合意を証するため、本書２通を作成し、甲乙記名押印の上、各自その１通を保有する。', body)
    .text(`甲　${input.issuer.name}　代表者　　　　　　印`, body)
    .text(
      `乙　${input.contractor.address}　${input.contractor.name}　${input.contractor.representativeName}　印`,
      body,
    );
  doc.end();
  return done;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function rss(): number {
  return process.memoryUsage.rss() / MB;
}

function pageCount(pdf: Buffer): number {
  return (pdf.toString('latin1').match(/\/Type \/Page\b/g) ?? []).length;
}

function printTable(rows: Row[]): void {
  const header = ['renderer', 'first ms', 'median ms/doc', 'PDFs/s', 'RSS MB'];
  const cells = rows.map((r) => [
    r.name,
    Number.isNaN(r.firstMs) ? '' : r.firstMs.toFixed(0),
    r.medianMs.toFixed(1),
    r.pdfsPerSecond.toFixed(1),
    r.rssMb.toFixed(0),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]): string =>
    c.map((v, i) => (i === 0 ? v.padEnd(widths[i]) : v.padStart(widths[i]))).join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const c of cells) console.log(line(c));
}

if (require.main === module) {
  runDocumentBench().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
