import { crc32, deflateSync } from 'node:zlib';
import { detectEvidenceType, isPlainText, safeFileName } from './media-types';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** A 1×1 RGB PNG: signature, IHDR, IDAT, IEND, each chunk with its CRC. */
function png(): Buffer {
  const chunk = (type: string, data: Buffer): Buffer => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), 8 + data.length);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(1, 0);
  ihdr.writeUInt32BE(1, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.from([0, 0x1f, 0x6f, 0xbf]))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A zip of stored (uncompressed) entries, local headers then the central directory. */
function zip(entries: Record<string, string>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(entries)) {
    const fileName = Buffer.from(name, 'utf8');
    const data = Buffer.from(text, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc32(data), 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(fileName.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc32(data), 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(fileName.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, fileName, data);
    centrals.push(central, fileName);
    offset += local.length + fileName.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(entries).length, 8);
  end.writeUInt16LE(Object.keys(entries).length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const contentTypes = (main: string): string =>
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
  '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
  `<Override PartName="/main.xml" ContentType="${main}"/></Types>`;

describe('detectEvidenceType', () => {
  it('should recognise the allowed binary types by their signature', async () => {
    expect(await detectEvidenceType(Buffer.from('%PDF-1.4\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\n', 'latin1'))).toBe(
      'application/pdf',
    );
    expect(await detectEvidenceType(png())).toBe('image/png');
    expect(
      await detectEvidenceType(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1])),
    ).toBe('image/jpeg');
  });

  it('should recognise xlsx and docx by the entries inside the zip', async () => {
    const xlsx = zip({
      '[Content_Types].xml': contentTypes(
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml',
      ),
      'xl/workbook.xml': '<workbook/>',
    });
    const docx = zip({
      '[Content_Types].xml': contentTypes(
        'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml',
      ),
      'word/document.xml': '<document/>',
    });
    expect(await detectEvidenceType(xlsx)).toBe(XLSX);
    expect(await detectEvidenceType(docx)).toBe(DOCX);
  });

  it('should refuse a macro-enabled workbook, a plain zip and a jar', async () => {
    const xlsm = zip({
      '[Content_Types].xml': contentTypes('application/vnd.ms-excel.sheet.macroEnabled.main+xml'),
      'xl/workbook.xml': '<workbook/>',
    });
    expect(await detectEvidenceType(xlsm)).toBeNull();
    expect(await detectEvidenceType(zip({ 'readme.txt': 'hello' }))).toBeNull();
    expect(await detectEvidenceType(zip({ 'META-INF/MANIFEST.MF': 'Manifest-Version: 1.0\n' }))).toBeNull();
  });

  it('should refuse an executable, a GIF and an old binary Office file, whatever they are called', async () => {
    const exe = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'), Buffer.alloc(120)]);
    exe.write('PE\0\0', 64, 'latin1');
    expect(await detectEvidenceType(exe)).toBeNull();
    expect(await detectEvidenceType(Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1'))).toBeNull();
    const cfb = Buffer.concat([
      Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
      Buffer.alloc(504),
    ]);
    expect(await detectEvidenceType(cfb)).toBeNull();
  });

  it('should accept UTF-8 text and CSV, with or without a BOM, Japanese included', async () => {
    const csv = '項目,回答\n入退室管理,実施している\n"鍵の管理、""台帳""あり",一部実施\n';
    expect(await detectEvidenceType(Buffer.from(csv, 'utf8'))).toBe('text/plain');
    expect(await detectEvidenceType(Buffer.from(`\ufeff${csv}`, 'utf8'))).toBe('text/plain');
  });

  it('should refuse text that is not UTF-8 or holds NUL', async () => {
    // 「点検」 in Shift_JIS.
    expect(await detectEvidenceType(Buffer.from([0x93, 0x5f, 0x8c, 0x9f, 0x0a]))).toBeNull();
    expect(await detectEvidenceType(Buffer.from('a,b\n1,\u00002\n', 'utf8'))).toBeNull();
  });

  it('should refuse HTML, SVG and XML, which a browser would render', async () => {
    for (const markup of [
      '<!DOCTYPE html><html><body>点検</body></html>',
      '\n  <html><script>alert(1)</script></html>',
      '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
      '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>',
      'title\n<SCRIPT src="https://example.invalid/x.js"></SCRIPT>',
      '<!-- a comment first --><p>hi</p>',
    ]) {
      expect({ markup, type: await detectEvidenceType(Buffer.from(markup, 'utf8')) }).toEqual({
        markup,
        type: null,
      });
    }
  });

  it('should keep a CSV that quotes markup far into the file (a vulnerability scan report)', () => {
    const rows = Array.from({ length: 100 }, (_, i) => `${i},入力欄の検査,正常`).join('\n');
    expect(isPlainText(Buffer.from(`${rows}\n101,XSS,"<script>alert(1)</script>"\n`, 'utf8'))).toBe(true);
  });

  it('should answer null rather than throw for a damaged zip', async () => {
    const broken = zip({ '[Content_Types].xml': contentTypes('x'), 'xl/a.xml': '<a/>' }).subarray(0, 40);
    await expect(detectEvidenceType(broken)).resolves.toBeNull();
  });
});

describe('safeFileName', () => {
  it('should keep only the last path segment', () => {
    expect(safeFileName('C:\\Users\\taro\\点検結果.pdf')).toBe('点検結果.pdf');
    expect(safeFileName('../../etc/passwd')).toBe('passwd');
  });

  it('should strip control and bidirectional characters', () => {
    expect(safeFileName('報告\r\n書\u0000\u0007.pdf')).toBe('報告書.pdf');
    expect(safeFileName('invoice\u202Efdp.exe')).toBe('invoicefdp.exe');
  });

  it('should cut the name to 255 characters without splitting a character', () => {
    const name = safeFileName(`${'𠮷'.repeat(300)}.csv`);
    expect(Array.from(name)).toHaveLength(255);
    expect(name.isWellFormed()).toBe(true);
  });

  it('should keep quotes and spaces, and fall back when nothing usable is left', () => {
    expect(safeFileName('点検結果 "報告".pdf')).toBe('点検結果 "報告".pdf');
    expect(safeFileName('..')).toBe('evidence');
    expect(safeFileName(' \t ')).toBe('evidence');
  });
});
