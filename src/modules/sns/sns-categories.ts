import * as fs from 'fs';
import * as path from 'path';
import { parseDocument } from 'yaml';
import { CatalogueError, type CatalogueIssue } from '../clauses/catalogue.errors';

export const SNS_CATEGORY_KINDS = ['ALLOWED', 'FORBIDDEN'] as const;
export type SnsCategoryKind = (typeof SNS_CATEGORY_KINDS)[number];

/** A category of what an official account may (ALLOWED) or may not (FORBIDDEN) post. */
export interface SnsCategory {
  code: string;
  kind: SnsCategoryKind;
  title: string;
  description: string;
}

export interface SnsCategoryCatalogue {
  categories: readonly SnsCategory[];
  byCode: ReadonlyMap<string, SnsCategory>;
}

const KEYS = ['code', 'kind', 'title', 'description'];
const CODE = /^[A-Z][A-Z0-9_]{1,39}$/u;

/**
 * Reads every `*.yaml` in `dir` (each a list of categories) and checks each entry strictly and the codes across
 * files. Throws CatalogueError listing every problem: a broken catalogue stops the start-up.
 */
export function loadSnsCategories(dir: string): SnsCategoryCatalogue {
  const issues: CatalogueIssue[] = [];
  let names: string[];
  try {
    names = fs
      .readdirSync(dir)
      .filter((n) => n.endsWith('.yaml'))
      .sort();
  } catch (error) {
    throw new CatalogueError([{ file: dir, path: '', message: `cannot read the folder (${String(error)})` }]);
  }
  if (names.length === 0) issues.push({ file: dir, path: '', message: 'no category files (*.yaml)' });
  const categories: SnsCategory[] = [];
  const seen = new Map<string, string>();
  for (const name of names) {
    const doc = parseDocument(fs.readFileSync(path.join(dir, name), 'utf8'), {
      uniqueKeys: true,
      strict: true,
    });
    if (doc.errors.length) {
      for (const e of doc.errors)
        issues.push({ file: name, path: 'yaml', message: e.message.split('\n')[0] });
      continue;
    }
    const raw = doc.toJS({ maxAliasCount: 0 }) as unknown;
    if (!Array.isArray(raw)) {
      issues.push({ file: name, path: '', message: 'must be a list of categories' });
      continue;
    }
    raw.forEach((entry: unknown, i) => {
      const report = (field: string, message: string): void => {
        issues.push({ file: name, path: `[${i}]${field ? `.${field}` : ''}`, message });
      };
      const parsed = parseCategory(entry, report);
      if (!parsed) return;
      const other = seen.get(parsed.code);
      if (other) report('code', `duplicate code ${parsed.code} (also in ${other})`);
      else {
        seen.set(parsed.code, name);
        categories.push(parsed);
      }
    });
  }
  if (issues.length) throw new CatalogueError(issues);
  const frozen = Object.freeze(categories.map((c) => Object.freeze(c)));
  return { categories: frozen, byCode: new Map(frozen.map((c) => [c.code, c])) };
}

function parseCategory(
  raw: unknown,
  report: (field: string, message: string) => void,
): SnsCategory | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    report('', 'must be a mapping');
    return undefined;
  }
  const r = raw as Record<string, unknown>;
  let failed = false;
  const fail = (field: string, message: string): void => {
    failed = true;
    report(field, message);
  };
  for (const key of Object.keys(r)) if (!KEYS.includes(key)) fail(key, 'unknown field');
  if (typeof r.code !== 'string' || !CODE.test(r.code)) fail('code', 'must be UPPER_SNAKE_CASE');
  if (!(SNS_CATEGORY_KINDS as readonly unknown[]).includes(r.kind))
    fail('kind', `must be one of ${SNS_CATEGORY_KINDS.join(', ')}`);
  for (const key of ['title', 'description'] as const) {
    const v = r[key];
    if (typeof v !== 'string' || !v.trim()) fail(key, 'must be a non-empty string');
  }
  if (failed) return undefined;
  return {
    code: r.code as string,
    kind: r.kind as SnsCategoryKind,
    title: (r.title as string).trim(),
    description: (r.description as string).trim(),
  };
}

export function snsCategoriesDir(): string {
  return path.resolve(process.env.SNS_CATEGORIES_DIR ?? path.join(process.cwd(), 'templates/sns'));
}
