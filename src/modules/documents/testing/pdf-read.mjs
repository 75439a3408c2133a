// Reads a PDF from stdin with Mozilla's pdf.js and writes what the tests look at as JSON on stdout: every page's
// size and text runs (with their positions, top-left origin, in points) and every font (name, type, whether it
// is embedded, subset and maps to Unicode). A separate Node process because pdfjs-dist is an ES module that Jest's
// CommonJS runtime cannot load; Node is all it needs, so `npm test` runs without poppler.
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const data = new Uint8Array(Buffer.concat(chunks));

const doc = await getDocument({
  data,
  fontExtraProperties: true,
  isEvalSupported: false,
  disableFontFace: true,
  useSystemFonts: false,
  verbosity: 0,
}).promise;

const pages = [];
const fonts = new Map();
for (let number = 1; number <= doc.numPages; number++) {
  const page = await doc.getPage(number);
  const [, , width, height] = page.view;
  const content = await page.getTextContent();
  // The operator list loads the page's fonts into commonObjs, with their properties.
  await page.getOperatorList();
  const items = [];
  for (const item of content.items) {
    if (!('str' in item) || item.str === '') continue;
    const font = page.commonObjs.has(item.fontName) ? page.commonObjs.get(item.fontName) : null;
    const size = Math.hypot(item.transform[2], item.transform[3]) || item.height;
    items.push({
      str: item.str,
      x: item.transform[4],
      // Baseline, measured from the top of the page.
      y: height - item.transform[5],
      width: item.width,
      size,
      ascent: font?.ascent ?? 0.9,
      descent: font?.descent ?? -0.2,
    });
    if (font && !fonts.has(font.name)) {
      fonts.set(font.name, {
        name: font.name,
        type: font.type ?? '',
        embedded: font.missingFile === false,
        subset: /^[A-Z]{6}\+/.test(font.name ?? ''),
        unicode: Boolean(font.toUnicode),
      });
    }
  }
  pages.push({ number, width, height, items });
  page.cleanup();
}
await doc.destroy();
process.stdout.write(JSON.stringify({ pages, fonts: [...fonts.values()] }));
