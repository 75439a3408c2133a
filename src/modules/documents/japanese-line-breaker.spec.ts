import { breakJapaneseLines, canBreakBetween, toClusters } from './japanese-line-breaker';

/** Full-width characters are 1 unit wide, ASCII half a unit: close enough to a Japanese font for the rules. */
const measure = (s: string): number =>
  Array.from(s).reduce((w, ch) => w + (ch.length === 1 && ch <= '~' ? 0.5 : 1), 0);

const LINE_START_FORBIDDEN = /^[。、，．」』）〕】・：；？！ーっゃゅょ々]/u;

describe('canBreakBetween', () => {
  it.each([
    ['こ', '。'],
    ['こ', '、'],
    ['こ', '」'],
    ['こ', '）'],
    ['こ', '』'],
    ['こ', 'ー'],
    ['こ', 'っ'],
    ['人', '々'],
    ['「', 'こ'],
    ['（', 'こ'],
    ['…', '…'],
    ['2', '7'],
    ['２', '０'],
    ['/', 'I'],
  ])('should forbid a break between %s and %s', (a, b) => {
    expect(canBreakBetween(a, b)).toBe(false);
  });

  it.each([
    ['あ', 'い'],
    ['。', 'あ'],
    ['」', '「'],
    [' ', 'I'],
    ['第', '1'],
  ])('should allow a break between %s and %s', (a, b) => {
    expect(canBreakBetween(a, b)).toBe(true);
  });
});

describe('toClusters', () => {
  it('should keep a surrogate pair whole', () => {
    expect(toClusters('𠮷野')).toEqual(['𠮷', '野']);
  });

  it('should bind punctuation to the character before it and brackets to the one after', () => {
    expect(toClusters('甲は「乙」に通知する。')).toEqual([
      '甲',
      'は',
      '「乙」',
      'に',
      '通',
      '知',
      'す',
      'る。',
    ]);
  });
});

describe('breakJapaneseLines', () => {
  it('should push the last character down rather than start a line with 。', () => {
    // Ten characters fit; the 11th is 「。」, which would otherwise start the second line.
    const lines = breakJapaneseLines('あいうえおかきくけこ。さしすせそ', 10, measure);
    expect(lines).toEqual(['あいうえおかきくけ', 'こ。さしすせそ']);
    expect(lines.every((l) => !LINE_START_FORBIDDEN.test(l))).toBe(true);
  });

  it('should not end a line with an opening bracket', () => {
    const lines = breakJapaneseLines('あいうえおかきくけ「こ」さしすせそ', 10, measure);
    expect(lines[0]).toBe('あいうえおかきくけ');
    expect(lines[1]).toBe('「こ」さしすせそ');
  });

  it('should never start a line with a forbidden character whatever the width', () => {
    const text =
      '乙は、本契約の履行に当たり、甲の「情報セキュリティポリシー」（基本方針及び対策基準をいう。）を遵守し、' +
      'ちょっとした変更であっても、々の記号や長音「ー」を含む文章でも、禁則を守らなければならない。';
    for (let width = 3; width <= 40; width++) {
      const lines = breakJapaneseLines(text, width, measure);
      expect(lines.join('')).toBe(text);
      for (const line of lines) {
        expect(line).not.toMatch(LINE_START_FORBIDDEN);
        expect(measure(line)).toBeLessThanOrEqual(width);
      }
    }
  });

  it('should break Latin text at spaces only and drop the space at the break', () => {
    const lines = breakJapaneseLines('認証はISO/IEC 27001:2022による。', 8, measure);
    expect(lines).toEqual(['認証はISO/IEC', '27001:2022によ', 'る。']);
  });

  it('should cut a cluster wider than a whole line by character as a last resort', () => {
    const url = 'https://example.jp/a/very/long/path';
    const lines = breakJapaneseLines(url, 5, measure);
    expect(lines.join('')).toBe(url);
    expect(lines.every((l) => measure(l) <= 5)).toBe(true);
  });

  it('should honour explicit newlines', () => {
    expect(breakJapaneseLines('一行目\n二行目', 10, measure)).toEqual(['一行目', '二行目']);
  });
});
