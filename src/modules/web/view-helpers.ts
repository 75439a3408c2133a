import type Handlebars from 'handlebars';
import { isIsoDate, todayInJapan } from '../../common/clock';
import { formatWareki } from '../../common/dates/wareki';
import { hasWellFormedItems, splitItems } from '../../common/text/paragraph-items';
import { citation, plainQuestion } from '../documents/japanese-format';
import { LABELS } from './labels';

/**
 * Template helpers: Japanese dates (和暦 where the documents use it), labels for codes, and small comparisons.
 * Handlebars escapes every {{value}}; nothing here returns unescaped HTML except what it builds itself.
 */
export function registerViewHelpers(hbs: typeof Handlebars): void {
  // One look for dates on every page (issue 15): a date is 「令和8年12月5日」, a moment 「令和8年12月5日 14:03」
  // (Japan time). `date` and `wareki` are the same helper under two names.
  hbs.registerHelper('wareki', japaneseDate);
  hbs.registerHelper('date', japaneseDate);
  hbs.registerHelper('datetime', japaneseDateTime);
  hbs.registerHelper('label', (group: unknown, value: unknown) => {
    const table = typeof group === 'string' ? LABELS[group] : undefined;
    const key =
      typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
        ? String(value)
        : '';
    return table?.[key] ?? key;
  });
  /** A check question in plain form, as the notices print it: `{{plainQuestion question}}`. */
  hbs.registerHelper('plainQuestion', (value: unknown) =>
    typeof value === 'string' ? plainQuestion(value) : '',
  );
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

/** Japan Standard Time, UTC+9 all year. */
const JST_OFFSET_MS = 9 * 60 * 60 * 1000;

/**
 * 「令和8年12月5日」 for a 'YYYY-MM-DD' date, or for the day in Japan of a timestamp; '' for anything else.
 */
export function japaneseDate(value: unknown): string {
  if (isIsoDate(value)) return warekiOrWestern(value);
  const moment = momentOf(value);
  return moment ? warekiOrWestern(todayInJapan(moment)) : '';
}

/** 和暦, or 「1850年1月1日」 for a date before the eras this calendar knows (never an error on a page). */
function warekiOrWestern(isoDate: string): string {
  try {
    return formatWareki(isoDate);
  } catch {
    const [y, m, d] = isoDate.split('-').map(Number);
    return `${y}年${m}月${d}日`;
  }
}

/** 「令和8年12月5日 14:03」: a timestamp as the date and time in Japan; '' for anything else. */
export function japaneseDateTime(value: unknown): string {
  const moment = momentOf(value);
  if (!moment) return japaneseDate(value);
  const time = new Date(moment.getTime() + JST_OFFSET_MS).toISOString().slice(11, 16);
  return `${warekiOrWestern(todayInJapan(moment))} ${time}`;
}

/** A timestamp (ISO 8601 with a time, or a Date), or null. */
function momentOf(value: unknown): Date | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value;
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/u.test(value)) return null;
  const moment = new Date(value);
  return Number.isNaN(moment.getTime()) ? null : moment;
}
