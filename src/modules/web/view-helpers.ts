import type Handlebars from 'handlebars';
import { formatWareki } from '../../common/dates/wareki';
import { hasWellFormedItems, splitItems } from '../../common/text/paragraph-items';
import { citation } from '../documents/japanese-format';
import { LABELS } from './labels';

/**
 * Template helpers: Japanese dates (和暦 where the documents use it), labels for codes, and small comparisons.
 * Handlebars escapes every {{value}}; nothing here returns unescaped HTML except what it builds itself.
 */
export function registerViewHelpers(hbs: typeof Handlebars): void {
  hbs.registerHelper('wareki', (value: unknown) =>
    typeof value === 'string' && value ? formatWareki(value.slice(0, 10)) : '',
  );
  hbs.registerHelper('date', (value: unknown) => {
    if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}/.test(value)) return '';
    const [y, m, d] = value.slice(0, 10).split('-').map(Number);
    return `${y}年${m}月${d}日`;
  });
  hbs.registerHelper('datetime', (value: unknown) => {
    if (typeof value !== 'string' || !value) return '';
    return new Intl.DateTimeFormat('ja-JP', {
      timeZone: 'Asia/Tokyo',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
    }).format(new Date(value));
  });
  hbs.registerHelper('label', (group: unknown, value: unknown) => {
    const table = typeof group === 'string' ? LABELS[group] : undefined;
    const key =
      typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
        ? String(value)
        : '';
    return table?.[key] ?? key;
  });
  /** 「第5条」, 「第5条第2項及び第3項」: `{{cite articleNo paragraphs}}`. */
  hbs.registerHelper('cite', (articleNo: unknown, paragraphs: unknown) =>
    typeof articleNo === 'number'
      ? citation(
          articleNo,
          Array.isArray(paragraphs) ? paragraphs.filter((p): p is number => typeof p === 'number') : [],
        )
      : '',
  );
  /**
   * A clause paragraph with its items (号) apart: `{{#with (clauseParagraph this)}}{{text}}{{#each items}}…` —
   * items travel inside the paragraph's string (see paragraph-items.ts).
   */
  hbs.registerHelper('clauseParagraph', (value: unknown) =>
    typeof value === 'string' && hasWellFormedItems(value) ? splitItems(value) : { text: value, items: [] },
  );
  /** Joins strings: `{{concat "signers." kind ".title"}}` (the options object Handlebars passes last is dropped). */
  hbs.registerHelper('concat', (...args: unknown[]) =>
    args
      .slice(0, -1)
      .map((a) => (typeof a === 'string' || typeof a === 'number' ? String(a) : ''))
      .join(''),
  );
  hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  hbs.registerHelper('ne', (a: unknown, b: unknown) => a !== b);
  hbs.registerHelper('or', (...args: unknown[]) => args.slice(0, -1).some(Boolean));
  hbs.registerHelper('and', (...args: unknown[]) => args.slice(0, -1).every(Boolean));
  hbs.registerHelper(
    'includes',
    (list: unknown, value: unknown) => Array.isArray(list) && list.includes(value),
  );
  hbs.registerHelper('json', (value: unknown) => JSON.stringify(value));
  hbs.registerHelper('percent', (value: unknown) =>
    typeof value === 'number' ? `${value.toFixed(1)}%` : '—',
  );
  hbs.registerHelper('count', (list: unknown) => (Array.isArray(list) ? list.length : 0));
  hbs.registerHelper('add', (a: unknown, b: unknown) => Number(a) + Number(b));
  /** The error of one form field, if any: `{{fieldError errors "name"}}`. */
  hbs.registerHelper('fieldError', (errors: unknown, field: unknown) => {
    if (!errors || typeof errors !== 'object' || typeof field !== 'string') return '';
    return (errors as Record<string, string>)[field] ?? '';
  });
  /** The value the user typed (kept after an error), else the stored one: `{{valueOf values "name" contractor.name}}`. */
  hbs.registerHelper('valueOf', (values: unknown, field: unknown, fallback: unknown) => {
    if (values && typeof values === 'object' && typeof field === 'string' && field in values) {
      return (values as Record<string, unknown>)[field];
    }
    return typeof fallback === 'object' ? '' : fallback;
  });
}
