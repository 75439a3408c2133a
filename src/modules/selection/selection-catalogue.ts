import * as fs from 'fs';
import * as path from 'path';
import { parseDocument } from 'yaml';
import { CatalogueError, type CatalogueIssue } from '../clauses/catalogue.errors';
import { CERTIFICATION_TYPES, type CertificationType } from '../contractors/certification.entity';

/** One criterion the body checks before choosing a contractor (MIC guideline: 委託先の選定). */
export interface SelectionCriterion {
  code: string;
  order: number;
  title: string;
  /** The standard, printed in the 選定調書. */
  requirement: string;
  /** Only for contracts with these facts; absent: every contract. */
  appliesWhen: { cloud?: boolean; personalInfo?: boolean };
  /** The contractor's certifications of these types are shown beside the criterion, with their flags. */
  certifications: CertificationType[];
}

export interface SelectionCatalogue {
  criteria: readonly SelectionCriterion[];
  byCode: ReadonlyMap<string, SelectionCriterion>;
}

const KEYS = ['code', 'order', 'title', 'requirement', 'appliesWhen', 'certifications'];
const CODE = /^[A-Z][A-Z0-9_]{1,39}$/u;

/**
 * Reads every `*.yaml` in `dir`, one criterion a file, checks each strictly and the codes and orders across files.
 * Throws CatalogueError listing every problem (`file: field: message`): a broken catalogue stops the start-up.
 */
export function loadSelectionCatalogue(dir: string): SelectionCatalogue {
  const issues: CatalogueIssue[] = [];
  let names: string[];
  try {
    names = fs
      .readdirSync(dir)
      .filter((n) => n.endsWith('.yaml') || n.endsWith('.yml'))
      .sort();
  } catch (error) {
    throw new CatalogueError([{ file: dir, path: '', message: `cannot read the folder (${String(error)})` }]);
  }
  const criteria: SelectionCriterion[] = [];
  for (const name of names) {
    const file = path.join(dir, name);
    const report = (field: string, message: string): void => {
      issues.push({ file: name, path: field, message });
    };
    if (name.endsWith('.yml')) {
      report('', 'rename to .yaml (only *.yaml is read)');
      continue;
    }
    const doc = parseDocument(fs.readFileSync(file, 'utf8'), { uniqueKeys: true, strict: true });
    if (doc.errors.length) {
      for (const e of doc.errors) report('yaml', e.message.split('\n')[0]);
      continue;
    }
    const parsed = parseCriterion(doc.toJS({ maxAliasCount: 0 }) as unknown, report);
    if (parsed) criteria.push(parsed);
  }
  if (names.length === 0) issues.push({ file: dir, path: '', message: 'no criteria files (*.yaml)' });
  const seen = new Map<string, string>();
  for (const c of criteria) {
    for (const key of [`code ${c.code}`, `order ${c.order}`]) {
      const other = seen.get(key);
      if (other)
        issues.push({ file: c.code, path: key.split(' ')[0], message: `duplicate ${key} (also ${other})` });
      else seen.set(key, c.code);
    }
  }
  if (issues.length) throw new CatalogueError(issues);
  criteria.sort((a, b) => a.order - b.order);
  const frozen = Object.freeze(criteria.map((c) => Object.freeze(c)));
  return { criteria: frozen, byCode: new Map(frozen.map((c) => [c.code, c])) };
}

function parseCriterion(
  raw: unknown,
  report: (field: string, message: string) => void,
): SelectionCriterion | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    report('', 'must be a mapping');
    return undefined;
  }
  const r = raw as Record<string, unknown>;
  const before = { count: 0 };
  const fail = (field: string, message: string): void => {
    before.count += 1;
    report(field, message);
  };
  for (const key of Object.keys(r)) if (!KEYS.includes(key)) fail(key, 'unknown field');
  if (typeof r.code !== 'string' || !CODE.test(r.code)) fail('code', 'must be UPPER_SNAKE_CASE');
  if (typeof r.order !== 'number' || !Number.isInteger(r.order)) fail('order', 'must be an integer');
  for (const key of ['title', 'requirement'] as const) {
    const v = r[key];
    if (typeof v !== 'string' || !v.trim()) fail(key, 'must be a non-empty string');
  }
  const when = r.appliesWhen ?? {};
  if (typeof when !== 'object' || when === null || Array.isArray(when))
    fail('appliesWhen', 'must be a mapping');
  else
    for (const [k, v] of Object.entries(when))
      if (!['cloud', 'personalInfo'].includes(k) || typeof v !== 'boolean')
        fail(`appliesWhen.${k}`, 'only cloud or personalInfo, true or false');
  const certs = r.certifications ?? [];
  if (!Array.isArray(certs)) fail('certifications', 'must be a list');
  else
    certs.forEach((c, i) => {
      if (!(CERTIFICATION_TYPES as readonly unknown[]).includes(c))
        fail(`certifications[${i}]`, `must be one of ${CERTIFICATION_TYPES.join(', ')}`);
    });
  if (before.count) return undefined;
  return {
    code: r.code as string,
    order: r.order as number,
    title: (r.title as string).trim(),
    requirement: (r.requirement as string).trim(),
    appliesWhen: when,
    certifications: certs as CertificationType[],
  };
}

/** The criteria that apply to a contract with these facts. */
export function applicableCriteria(
  catalogue: SelectionCatalogue,
  facts: { usesCloud: boolean; handlesPersonalInfo: boolean },
): SelectionCriterion[] {
  return catalogue.criteria.filter(
    (c) =>
      (c.appliesWhen.cloud === undefined || c.appliesWhen.cloud === facts.usesCloud) &&
      (c.appliesWhen.personalInfo === undefined || c.appliesWhen.personalInfo === facts.handlesPersonalInfo),
  );
}

export function selectionCatalogueDir(): string {
  return path.resolve(process.env.SELECTION_DIR ?? path.join(process.cwd(), 'templates/selection'));
}
