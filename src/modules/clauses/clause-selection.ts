import { isApplicable } from './catalogue';
import {
  type AppliesWhen,
  type Catalogue,
  type ClauseDefinition,
  type ClauseParam,
  type ClauseParamValue,
  type ClauseSelectionItem,
  type ContractAttributes,
  type SelectedClause,
  type SelectionError,
  type SelectionErrorCode,
  type SelectionErrorKind,
  type SelectionResult,
} from './catalogue.types';
import { codePointLength, hasForbiddenCharacters } from './clause-text';

/** Malformed input answers 400; a business rule refusing well-formed input answers 422. */
export const SELECTION_ERROR_KIND: Readonly<Record<SelectionErrorCode, SelectionErrorKind>> = {
  'CLAUSE.UNKNOWN': 'invalid',
  'CLAUSE.DUPLICATE': 'invalid',
  'CLAUSE.PARAM_UNKNOWN': 'invalid',
  'CLAUSE.PARAM_INVALID': 'invalid',
  'CLAUSE.PARAM_REQUIRED': 'invalid',
  'CLAUSE.NOT_APPLICABLE': 'rule',
  'CLAUSE.MANDATORY_MISSING': 'rule',
  'CLAUSE.EXCLUSIVE': 'rule',
};

type Checked = { value: ClauseParamValue } | { code: SelectionErrorCode; message: string };

function error(
  code: SelectionErrorCode,
  clauseCode: string,
  message: string,
  param?: string,
): SelectionError {
  return {
    code,
    kind: SELECTION_ERROR_KIND[code],
    clauseCode,
    ...(param === undefined ? {} : { param }),
    message,
  };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function applicabilityText(when: AppliesWhen): string {
  if ('personalInfo' in when) return '個人情報を取り扱う契約';
  if ('cloud' in when) return 'クラウドサービスを利用する契約';
  if ('minClass' in when) return `機密性${when.minClass}以上の契約`;
  return 'すべての契約';
}

function invalid(def: ClauseDefinition, param: ClauseParam, rule: string): Checked {
  return { code: 'CLAUSE.PARAM_INVALID', message: `条項「${def.title}」の「${param.label}」は${rule}` };
}

/** Checks one given value; text is NFC-normalised and trimmed so the stored text is what prints. */
function checkValue(def: ClauseDefinition, param: ClauseParam, value: unknown): Checked {
  switch (param.type) {
    case 'integer': {
      // typeof excludes "24"; isInteger excludes 1.5, NaN and ±Infinity.
      const ok =
        typeof value === 'number' && Number.isInteger(value) && value >= param.min && value <= param.max;
      const unit = param.unit ? `（単位：${param.unit}）` : '';
      return ok
        ? { value }
        : invalid(def, param, `${param.min}から${param.max}までの整数で指定してください${unit}。`);
    }
    case 'text': {
      if (typeof value !== 'string') return invalid(def, param, '文字列で指定してください。');
      if (!value.isWellFormed() || hasForbiddenCharacters(value)) {
        return invalid(
          def,
          param,
          '使用できない文字（制御文字、改行、対になっていないサロゲート等）を含んでいます。',
        );
      }
      const text = value.normalize('NFC').trim();
      if (text === '') return invalid(def, param, '空にできません。');
      if (codePointLength(text) > param.maxLength) {
        return invalid(def, param, `${param.maxLength}文字以内で指定してください。`);
      }
      return { value: text };
    }
    case 'enum':
      return typeof value === 'string' && param.values.includes(value)
        ? { value }
        : invalid(def, param, `次のいずれかを指定してください：${param.values.join('、')}。`);
  }
}

/** Officer's value absent: the contract attribute named by defaultFrom, else the catalogue default. */
function fallbackValue(def: ClauseDefinition, param: ClauseParam, attrs: ContractAttributes): Checked {
  if (param.type === 'text' && param.defaultFrom === 'workLocation' && attrs.workLocation?.trim()) {
    return checkValue(def, param, attrs.workLocation);
  }
  if (param.default !== undefined) return { value: param.default };
  return {
    code: 'CLAUSE.PARAM_REQUIRED',
    message: `条項「${def.title}」の「${param.label}」を指定してください（契約にも設定されていません）。`,
  };
}

function normaliseParams(
  def: ClauseDefinition,
  raw: unknown,
  attrs: ContractAttributes,
  errors: SelectionError[],
): Record<string, ClauseParamValue> | undefined {
  if (raw !== undefined && !isPlainObject(raw)) {
    errors.push(
      error(
        'CLAUSE.PARAM_INVALID',
        def.code,
        `条項「${def.title}」のパラメータは名前と値の組で指定してください。`,
      ),
    );
    return undefined;
  }
  const given = raw ?? {};
  const before = errors.length;
  for (const name of Object.keys(given)) {
    if (!def.params.some((p) => p.name === name)) {
      errors.push(
        error(
          'CLAUSE.PARAM_UNKNOWN',
          def.code,
          `条項「${def.title}」にパラメータ「${name}」はありません。`,
          name,
        ),
      );
    }
  }
  const params: Record<string, ClauseParamValue> = {};
  for (const param of def.params) {
    // An absent key takes the fallback; null is a value, and not a valid one.
    const result = Object.hasOwn(given, param.name)
      ? checkValue(def, param, given[param.name])
      : fallbackValue(def, param, attrs);
    if ('value' in result) params[param.name] = result.value;
    else errors.push(error(result.code, def.code, result.message, param.name));
  }
  return errors.length === before ? params : undefined;
}

/**
 * Checks an officer's pick of clauses for a contract and normalises it. All problems are reported at
 * once; `kind` tells malformed input (400) from a refused rule (422). On success the clauses come back
 * in catalogue order with every parameter filled.
 */
export function validateSelection(
  catalogue: Catalogue,
  attrs: ContractAttributes,
  selection: readonly ClauseSelectionItem[],
): SelectionResult {
  const errors: SelectionError[] = [];
  const chosen = new Map<string, SelectedClause>();
  const selected = new Set<string>();

  for (const item of selection) {
    const code: unknown = isPlainObject(item) ? item.code : undefined;
    const def = typeof code === 'string' ? catalogue.byCode.get(code) : undefined;
    if (!def) {
      const shown = typeof code === 'string' ? code : '';
      errors.push(error('CLAUSE.UNKNOWN', shown, `条項コード「${shown}」は条項カタログにありません。`));
      continue;
    }
    if (selected.has(def.code)) {
      errors.push(error('CLAUSE.DUPLICATE', def.code, `条項「${def.title}」が重複して指定されています。`));
      continue;
    }
    selected.add(def.code);
    if (!isApplicable(def, attrs)) {
      const scope = applicabilityText(def.appliesWhen);
      errors.push(
        error('CLAUSE.NOT_APPLICABLE', def.code, `条項「${def.title}」は${scope}にのみ適用されます。`),
      );
    }
    const params = normaliseParams(def, item.params, attrs, errors);
    if (params) chosen.set(def.code, { code: def.code, params });
  }

  for (const def of catalogue.clauses) {
    if (!def.mandatory || selected.has(def.code) || !isApplicable(def, attrs)) continue;
    // A mandatory clause may be replaced only by its exclusive alternative (再委託の制限 by 再委託の禁止):
    // the contract still states the MIC item either way.
    if (def.excludes.some((code) => selected.has(code))) continue;
    errors.push(error('CLAUSE.MANDATORY_MISSING', def.code, `条項「${def.title}」はこの契約に必須です。`));
  }

  for (const def of catalogue.clauses) {
    if (!selected.has(def.code)) continue;
    for (const code of def.excludes) {
      const other = catalogue.byCode.get(code);
      // Report each pair once, on the clause that comes first.
      if (!other || !selected.has(code) || other.order < def.order) continue;
      errors.push(
        error(
          'CLAUSE.EXCLUSIVE',
          def.code,
          `条項「${def.title}」と条項「${other.title}」は同時に選択できません。`,
        ),
      );
    }
  }

  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, clauses: catalogue.clauses.flatMap((def) => chosen.get(def.code) ?? []) };
}
