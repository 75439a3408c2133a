import { hasWellFormedItems, ITEM_SEPARATOR, paragraphLines, splitItems, withItems } from './paragraph-items';

describe('paragraph items (号)', () => {
  const paragraph = withItems('乙は、次に掲げる事項を記載した書面を提出しなければならない。', [
    '再委託先の名称',
    '再委託する業務の範囲',
  ]);

  it('should keep the items inside one string, numbered (1), (2) in half-width digits after U+2028', () => {
    expect(paragraph).toBe(
      `乙は、次に掲げる事項を記載した書面を提出しなければならない。${ITEM_SEPARATOR}(1)再委託先の名称` +
        `${ITEM_SEPARATOR}(2)再委託する業務の範囲`,
    );
    expect(paragraph).not.toContain('\n');
  });

  it('should split what withItems joined', () => {
    expect(splitItems(paragraph)).toEqual({
      text: '乙は、次に掲げる事項を記載した書面を提出しなければならない。',
      items: [
        { label: '(1)', text: '再委託先の名称' },
        { label: '(2)', text: '再委託する業務の範囲' },
      ],
    });
    expect(splitItems('乙は、秘密を守らなければならない。')).toEqual({
      text: '乙は、秘密を守らなければならない。',
      items: [],
    });
  });

  it('should number past 9 without losing the order', () => {
    const items = Array.from({ length: 12 }, (_, i) => `事項${i + 1}`);
    const split = splitItems(withItems('次に掲げる事項。', items));
    expect(split.items.map((i) => i.label)).toEqual(items.map((_, i) => `(${i + 1})`));
    expect(split.items.map((i) => i.text)).toEqual(items);
  });

  it('should refuse parts that are not items numbered in sequence', () => {
    expect(hasWellFormedItems(`前文。${ITEM_SEPARATOR}(2)二番目`)).toBe(false);
    expect(hasWellFormedItems(`前文。${ITEM_SEPARATOR}番号のない行`)).toBe(false);
    expect(hasWellFormedItems(`前文。${ITEM_SEPARATOR}(1)`)).toBe(false);
    expect(hasWellFormedItems(paragraph)).toBe(true);
  });

  it('should give readers one line per item, number and text apart', () => {
    expect(paragraphLines(paragraph)).toEqual([
      '乙は、次に掲げる事項を記載した書面を提出しなければならない。',
      '(1)　再委託先の名称',
      '(2)　再委託する業務の範囲',
    ]);
  });
});
