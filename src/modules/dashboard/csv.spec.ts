import { csvCell, neutraliseFormula, toCsvText, toExcelCsv } from './csv';

describe('csv', () => {
  it('should leave plain cells unquoted', () => {
    expect(csvCell('株式会社置賜データ')).toBe('株式会社置賜データ');
    expect(csvCell(12)).toBe('12');
    expect(csvCell(87.5)).toBe('87.5');
    expect(csvCell(null)).toBe('');
    expect(csvCell('')).toBe('');
  });

  it('should quote a cell holding a comma, a double quote, CR or LF, doubling inner quotes', () => {
    expect(csvCell('置賜,米沢')).toBe('"置賜,米沢"');
    expect(csvCell('株式会社"置賜"')).toBe('"株式会社""置賜"""');
    expect(csvCell('一行目\r\n二行目')).toBe('"一行目\r\n二行目"');
    expect(csvCell('一行目\n二行目')).toBe('"一行目\n二行目"');
    expect(csvCell('a\rb')).toBe('"a\rb"');
  });

  it.each([
    ['=', '=1+1', "'=1+1"],
    ['+', '+81-238-00-0000', "'+81-238-00-0000"],
    ['-', '-1+1', "'-1+1"],
    ['@', '@SUM(A1:A2)', "'@SUM(A1:A2)"],
    ['tab', '\t=1+1', "'\t=1+1"],
  ])('should neutralise a cell starting with %s by a leading apostrophe', (_name, input, expected) => {
    expect(neutraliseFormula(input)).toBe(expected);
    expect(csvCell(input)).toBe(expected);
  });

  it('should neutralise a cell starting with CR and then quote it', () => {
    expect(neutraliseFormula('\r=1+1')).toBe("'\r=1+1");
    expect(csvCell('\r=1+1')).toBe('"\'\r=1+1"');
  });

  it('should neutralise before quoting, so the quotes of a formula are doubled inside the quoted cell', () => {
    expect(csvCell('=HYPERLINK("http://example.com","x")')).toBe(
      '"\'=HYPERLINK(""http://example.com"",""x"")"',
    );
  });

  it('should not touch text with a trigger character elsewhere than at the start, nor numbers', () => {
    expect(csvCell('A=B+C-D@E')).toBe('A=B+C-D@E');
    expect(csvCell('株式会社－置賜')).toBe('株式会社－置賜');
    expect(neutraliseFormula("'=1")).toBe("'=1");
    expect(csvCell(0)).toBe('0');
  });

  it('should write a number that is not finite (a score of no items) as an empty cell, never NaN', () => {
    expect(csvCell(Number.NaN)).toBe('');
    expect(csvCell(Number.POSITIVE_INFINITY)).toBe('');
    expect(csvCell(-0.5)).toBe('-0.5');
  });

  it('should neutralise full-width triggers and triggers after leading blanks, as spreadsheets fold them', () => {
    for (const text of [
      '＝SUM(A1)',
      '＋1',
      '－1',
      '＠SUM(A1)',
      ' =1+1',
      '\u3000=HYPERLINK("x")',
      '\n@x',
      '\u00a0-2',
      '  ＝1',
    ]) {
      expect(csvCell(text).replace(/^"/, '')).toMatch(/^'/);
    }
    // Text that only contains them further on, or a full-width digit, is left alone.
    for (const text of ['株式会社＝データ', 'A-1', '１２３', '　置賜']) expect(csvCell(text)).toBe(text);
  });

  it('should end every record with CRLF', () => {
    expect(
      toCsvText(
        ['委託先名', '点数'],
        [
          ['株式会社置賜データ', 90],
          ['山形,商事', null],
        ],
      ),
    ).toBe('委託先名,点数\r\n株式会社置賜データ,90\r\n"山形,商事",\r\n');
  });

  it('should start the bytes with the UTF-8 byte-order mark and keep Japanese text intact', () => {
    const bytes = toExcelCsv(['委託先名'], [['髙橋情報サービス株式会社（山﨑）']]);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(3).toString('utf8')).toBe('委託先名\r\n髙橋情報サービス株式会社（山﨑）\r\n');
    expect(new TextDecoder('utf-8', { ignoreBOM: false }).decode(bytes)).toBe(
      '委託先名\r\n髙橋情報サービス株式会社（山﨑）\r\n',
    );
  });
});
