import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { parseDocument } from 'yaml';
import { CatalogueError, type CatalogueIssue } from './catalogue.errors';
import { parseClause, type Report } from './catalogue.schema';
import { type Catalogue, type ClauseDefinition, MIC_ITEM_MAX, MIC_ITEM_MIN } from './catalogue.types';

interface LoadedClause {
  file: string;
  def: ClauseDefinition;
}

/**
 * Reads every `*.yaml` in `dir` (by file name), validates each strictly and the set as a whole, and
 * returns the frozen catalogue. Throws CatalogueError listing every problem as `file: field: message`.
 */
export function loadCatalogue(dir: string): Catalogue {
  const issues: CatalogueIssue[] = [];
  const folder = displayPath(dir);
  const loaded: LoadedClause[] = [];

  for (const name of listClauseFiles(dir, folder, issues)) {
    const file = displayPath(path.join(dir, name));
    const report: Report = (fieldPath, message) => {
      issues.push({ file, path: fieldPath, message });
      return undefined;
    };
    const raw = readYaml(path.join(dir, name), report);
    const def = raw === undefined ? undefined : parseClause(raw, report);
    if (def) loaded.push({ file, def });
  }
  // Catalogue-wide checks on a partly broken folder would mostly repeat the per-file problems.
  if (issues.length === 0) checkAcrossFiles(loaded, folder, issues);
  if (issues.length > 0) throw new CatalogueError(issues);

  const clauses = withSymmetricExcludes(loaded.map((l) => l.def).sort((a, b) => a.order - b.order));
  deepFreeze(clauses);
  return {
    version: createHash('sha256').update(canonicalJson(clauses), 'utf8').digest('hex'),
    clauses,
    byCode: new Map(clauses.map((c) => [c.code, c])),
  };
}

function listClauseFiles(dir: string, folder: string, issues: CatalogueIssue[]): string[] {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    throw new CatalogueError([
      { file: folder, path: '', message: `cannot read the folder (${errorCode(error)})` },
    ]);
  }
  const names = entries
    .filter((e) => !e.isDirectory())
    .map((e) => e.name)
    .sort();
  for (const name of names.filter((n) => n.endsWith('.yml'))) {
    // Silently skipping it would silently drop a clause from every new contract.
    issues.push({
      file: displayPath(path.join(dir, name)),
      path: '',
      message: 'rename to .yaml (only *.yaml is read)',
    });
  }
  const files = names.filter((n) => n.endsWith('.yaml'));
  if (files.length === 0) issues.push({ file: folder, path: '', message: 'no clause files (*.yaml)' });
  return files;
}

function readYaml(file: string, report: Report): unknown {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (error) {
    return report('', `cannot read (${errorCode(error)})`);
  }
  let text: string;
  try {
    // fatal: invalid UTF-8 is an error here, not a U+FFFD printed into a contract.
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return report('', 'is not valid UTF-8');
  }
  const doc = parseDocument(text, { version: '1.2', uniqueKeys: true, strict: true, prettyErrors: true });
  const problems = [...doc.errors, ...doc.warnings];
  if (problems.length > 0) {
    for (const problem of problems) {
      const line = problem.linePos?.[0].line;
      report(line === undefined ? 'yaml' : `line ${line}`, problem.message.split('\n')[0]);
    }
    return undefined;
  }
  try {
    return doc.toJS({ maxAliasCount: 0 });
  } catch (error) {
    return report('yaml', String(error));
  }
}

function checkAcrossFiles(loaded: readonly LoadedClause[], folder: string, issues: CatalogueIssue[]): void {
  const codes = new Map<string, LoadedClause>();
  const orders = new Map<number, string>();
  const questionCodes = new Map<string, string>();
  for (const clause of loaded) {
    const { file, def } = clause;
    const sameCode = codes.get(def.code);
    if (sameCode)
      issues.push({ file, path: 'code', message: `duplicate code ${def.code} (also in ${sameCode.file})` });
    else codes.set(def.code, clause);
    const sameOrder = orders.get(def.order);
    if (sameOrder)
      issues.push({ file, path: 'order', message: `duplicate order ${def.order} (also in ${sameOrder})` });
    else orders.set(def.order, file);
    const forms = [
      ['questions', def.questions],
      ['reportItems', def.reportItems],
    ] as const;
    for (const [form, list] of forms) {
      list.forEach((q, i) => {
        const other = questionCodes.get(q.code);
        if (other)
          issues.push({
            file,
            path: `${form}[${i}].code`,
            message: `duplicate ${q.code} (also in ${other})`,
          });
        else questionCodes.set(q.code, file);
      });
    }
  }
  checkReportForm(loaded, folder, issues);

  const selectedByDefault = (def: ClauseDefinition): boolean => def.mandatory || def.defaultSelected;
  for (const { file, def } of loaded) {
    def.excludes.forEach((code, i) => {
      const other = codes.get(code)?.def;
      if (!other) {
        issues.push({ file, path: `excludes[${i}]`, message: `unknown clause code ${code}` });
      } else if (selectedByDefault(def) && selectedByDefault(other)) {
        // Otherwise the default selection of some contract would break its own exclusivity rule.
        issues.push({
          file,
          path: `excludes[${i}]`,
          message: `${code} and this clause are both selected by default`,
        });
      }
    });
  }

  const covered = new Set(loaded.flatMap((l) => l.def.micItems));
  for (let item = MIC_ITEM_MIN; item <= MIC_ITEM_MAX; item++) {
    // Every item of the MIC model guideline's list must be stateable in a contract (Policy 6(6)(ア)).
    if (!covered.has(item)) {
      issues.push({
        file: folder,
        path: 'micItems',
        message: `MIC item ${item} is not covered by any clause`,
      });
    }
  }
}

/**
 * The 定期報告 form must reach every contract: exactly one clause carries it, and that clause is in every
 * contract (mandatory, always applicable). Each roster cross-check sits on the one item it was written for.
 */
function checkReportForm(loaded: readonly LoadedClause[], folder: string, issues: CatalogueIssue[]): void {
  const carriers = loaded.filter((l) => l.def.reportItems.length > 0);
  if (carriers.length !== 1) {
    issues.push({
      file: folder,
      path: 'reportItems',
      message: `exactly one clause must carry the periodic report form (found ${carriers.length})`,
    });
  }
  for (const { file, def } of carriers) {
    if (!def.mandatory || !('always' in def.appliesWhen)) {
      issues.push({
        file,
        path: 'reportItems',
        message: 'only a mandatory, always-applicable clause may carry it',
      });
    }
  }
  const expected = { 'roster-training': 'questions', 'roster-changes': 'reportItems' } as const;
  const seen = new Map<string, string>();
  for (const { file, def } of loaded) {
    for (const form of ['questions', 'reportItems'] as const) {
      def[form].forEach((q, i) => {
        if (!q.crossCheck) return;
        const path = `${form}[${i}].crossCheck`;
        if (expected[q.crossCheck] !== form) {
          issues.push({ file, path, message: `${q.crossCheck} belongs on ${expected[q.crossCheck]}` });
        }
        const other = seen.get(q.crossCheck);
        if (other) issues.push({ file, path, message: `${q.crossCheck} is already on ${other}` });
        else seen.set(q.crossCheck, q.code);
      });
    }
  }
}

/** "A excludes B" also means "B excludes A"; list both ways, in catalogue order. */
function withSymmetricExcludes(clauses: ClauseDefinition[]): ClauseDefinition[] {
  const rank = new Map(clauses.map((c, i) => [c.code, i]));
  return clauses.map((def) => {
    const excluded = new Set(def.excludes);
    for (const other of clauses) if (other.excludes.includes(def.code)) excluded.add(other.code);
    const excludes = [...excluded].sort((a, b) => (rank.get(a) ?? 0) - (rank.get(b) ?? 0));
    return { ...def, excludes };
  });
}

/** JSON with object keys sorted at every level, so the hash depends on content only. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function deepFreeze(value: unknown): void {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const item of Object.values(value)) deepFreeze(item);
}

/** Relative to the working directory when inside it (templates/clauses/…), absolute otherwise. */
function displayPath(file: string): string {
  const absolute = path.resolve(file);
  const relative = path.relative(process.cwd(), absolute);
  const shown = relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : absolute;
  return shown.split(path.sep).join('/');
}

function errorCode(error: unknown): string {
  // Duck-typed: errors from node's fs may come from another realm (jest), where instanceof fails.
  if (typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string') {
    return error.code;
  }
  return String(error);
}
