import { isApplicable } from '../../clauses/catalogue';
import type {
  AppliesWhen,
  Catalogue,
  ClauseDefinition,
  ClauseParam,
  ContractAttributes,
} from '../../clauses/catalogue.types';
import { attributesOf } from '../../contracts/contract-clauses';
import type { ContractResponse } from '../../contracts/dto/contract.response';
import { formValue } from '../web-urls';
import { clauseField, paramField } from './contract-forms';

export interface ClauseParamField {
  /** Not `label`: templates would call the `label` helper instead of reading the property. */
  caption: string;
  field: string;
  id: string;
  isInteger: boolean;
  isText: boolean;
  isEnum: boolean;
  min?: number;
  max?: number;
  maxLength?: number;
  unit?: string;
  value: string;
  options?: { value: string; selected: boolean }[];
  hint: string;
  error?: string;
}

export interface ClauseRow {
  code: string;
  title: string;
  field: string;
  id: string;
  checked: boolean;
  /** Mandatory without an alternative: shown checked and disabled, sent as a hidden input. */
  locked: boolean;
  hint: string | null;
  error?: string;
  params: ClauseParamField[];
  /** The article text with each parameter shown by its label. */
  text: string[];
}

export interface ExcludedClause {
  code: string;
  title: string;
  reason: string;
}

/** What a posted clause form looked like, to show it again after a refusal. */
export interface SubmittedClauses {
  body: Record<string, unknown>;
  errors: Record<string, string>;
}

function applicabilityText(when: AppliesWhen): string {
  if ('personalInfo' in when) return '個人情報を取り扱う契約にのみ適用されます。';
  if ('cloud' in when) return 'クラウドサービスを利用する契約にのみ適用されます。';
  if ('minClass' in when) return `機密性${when.minClass}以上の契約にのみ適用されます。`;
  return 'すべての契約に適用されます。';
}

/** The value that applies when the officer sets none: the contract's own work location, else the catalogue's. */
export function fallbackOf(param: ClauseParam, attrs: ContractAttributes): string {
  if (param.type === 'text' && param.defaultFrom === 'workLocation' && attrs.workLocation?.trim())
    return attrs.workLocation.normalize('NFC').trim();
  return param.default === undefined ? '' : String(param.default);
}

function paramHint(param: ClauseParam): string {
  switch (param.type) {
    case 'integer': {
      const unit = param.unit ?? '';
      return `${param.min}〜${param.max}${unit}の整数で入力してください。既定値は${param.default}${unit}です。`;
    }
    case 'text': {
      const limit = `${param.maxLength}文字以内で入力してください。`;
      if (param.defaultFrom === 'workLocation')
        return `${limit}変更しないときは、契約の作業場所（契約に作業場所がないときは「${param.default ?? ''}」）が記載されます。`;
      return param.default === undefined ? limit : `${limit}既定値は「${param.default}」です。`;
    }
    case 'enum':
      return `既定値は「${param.default}」です。`;
  }
}

const codesOf = (value: unknown): string[] =>
  (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string');

function exclusiveHint(
  def: ClauseDefinition,
  catalogue: Catalogue,
  attrs: ContractAttributes,
): string | null {
  const alternatives = def.excludes
    .map((code) => catalogue.byCode.get(code))
    .filter((other): other is ClauseDefinition => other !== undefined && isApplicable(other, attrs));
  if (alternatives.length === 0) return null;
  const names = alternatives.map((other) => `「${other.title}」`).join('又は');
  return def.mandatory
    ? `この契約に必須の条項です。ただし、${names}を選択するときは、選択を外してください。`
    : `${names}とは同時に選択できません。`;
}

/**
 * The clause form of a draft: every applicable clause of the catalogue with its parameters (the current value,
 * else the default), and the clauses that do not apply with the reason.
 */
export function clauseForm(
  catalogue: Catalogue,
  contract: ContractResponse,
  submitted?: SubmittedClauses,
): { rows: ClauseRow[]; excluded: ExcludedClause[] } {
  const attrs = attributesOf(contract);
  const current = new Map((contract.clauses ?? []).map((c) => [c.code, c.params]));
  const chosen = submitted ? new Set(codesOf(submitted.body.clauses)) : new Set(current.keys());
  const rows: ClauseRow[] = [];
  const excluded: ExcludedClause[] = [];
  for (const def of catalogue.clauses) {
    if (!isApplicable(def, attrs)) {
      excluded.push({ code: def.code, title: def.title, reason: applicabilityText(def.appliesWhen) });
      continue;
    }
    const hint = exclusiveHint(def, catalogue, attrs);
    const locked = def.mandatory && hint === null;
    const labels = new Map(def.params.map((p) => [p.name, p.label]));
    rows.push({
      code: def.code,
      title: def.title,
      field: clauseField(def.code),
      id: `c-${def.code}`,
      checked: locked || chosen.has(def.code),
      locked,
      hint: locked ? 'この契約に必須の条項です（外すことはできません）。' : hint,
      error: submitted?.errors[clauseField(def.code)],
      text: def.paragraphs.map((p) =>
        p.replace(/\{\{([a-z][A-Za-z0-9]*)\}\}/g, (_m, name: string) => `〔${labels.get(name) ?? name}〕`),
      ),
      params: def.params.map((param) => {
        const field = paramField(def.code, param.name);
        const fallback = fallbackOf(param, attrs);
        const posted = submitted?.body[field];
        const stored = current.get(def.code)?.[param.name];
        const value = typeof posted === 'string' ? posted : stored !== undefined ? String(stored) : fallback;
        return {
          caption: param.label,
          field,
          id: `p-${def.code}-${param.name}`,
          isInteger: param.type === 'integer',
          isText: param.type === 'text',
          isEnum: param.type === 'enum',
          ...(param.type === 'integer' ? { min: param.min, max: param.max } : {}),
          ...(param.type === 'text' ? { maxLength: param.maxLength } : {}),
          ...(param.unit ? { unit: param.unit } : {}),
          value,
          ...(param.type === 'enum'
            ? { options: param.values.map((v) => ({ value: v, selected: v === value })) }
            : {}),
          hint: paramHint(param),
          error: submitted?.errors[field],
        };
      }),
    });
  }
  return { rows, excluded };
}

/**
 * The posted form as PutContractClausesRequest. A parameter equal to the value that applies anyway is left
 * out, so defaults (and the contract's work location) stay live until approval, as with the API.
 */
export function clauseSelectionOf(
  catalogue: Catalogue,
  contract: ContractResponse,
  body: Record<string, unknown>,
): Record<string, unknown> {
  const attrs = attributesOf(contract);
  const clauses = [...new Set(codesOf(body.clauses))].map((code) => {
    const def = catalogue.byCode.get(code);
    const params: Record<string, unknown> = {};
    for (const param of def?.params ?? []) {
      const posted = body[paramField(code, param.name)];
      if (typeof posted !== 'string') continue;
      if (posted.normalize('NFC').trim() === fallbackOf(param, attrs)) continue;
      params[param.name] = param.type === 'integer' ? (formValue.int(posted.trim()) ?? posted) : posted;
    }
    return { code, params };
  });
  return { version: formValue.int(body.version) ?? body.version, clauses };
}
