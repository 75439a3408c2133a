import {
  type AppliesWhen,
  CONTRACT_FACT_NAMES,
  type ClauseDefinition,
  type ClauseEffects,
  type ClauseParam,
  type ClauseQuestion,
  type ConfidentialityClass,
  MIC_ITEM_MAX,
  MIC_ITEM_MIN,
} from './catalogue.types';
import {
  checkKeys,
  isRecord,
  join,
  readBoolean,
  readEach,
  readInteger,
  readList,
  readText,
  type Report,
  tracking,
} from './catalogue-readers';
import { type QuestionForm, readQuestion } from './catalogue-questions';
import { codePointLength, hasMalformedPlaceholder, placeholderNames } from './clause-text';
import { withItems } from '../../common/text/paragraph-items';

export type { Report } from './catalogue-readers';

const CLAUSE_KEYS = [
  'code',
  'order',
  'title',
  'paragraphs',
  'params',
  'micItems',
  'isoControls',
  'appliesWhen',
  'mandatory',
  'defaultSelected',
  'excludes',
  'effects',
  'questions',
  'reportItems',
] as const;
const REQUIRED_CLAUSE_KEYS = new Set<string>([
  'code',
  'order',
  'title',
  'paragraphs',
  'micItems',
  'isoControls',
  'appliesWhen',
  'mandatory',
]);
const PARAM_KEYS = {
  integer: ['name', 'label', 'type', 'default', 'unit', 'min', 'max'],
  text: ['name', 'label', 'type', 'default', 'unit', 'maxLength', 'defaultFrom'],
  enum: ['name', 'label', 'type', 'default', 'unit', 'values'],
} as const;
const PARAM_TYPES = Object.keys(PARAM_KEYS) as (keyof typeof PARAM_KEYS)[];
const APPLIES_WHEN_KEYS = ['always', 'personalInfo', 'cloud', 'minClass'] as const;

export const CLAUSE_CODE_PATTERN = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*$/;
const PARAM_NAME_PATTERN = /^[a-z][A-Za-z0-9]*$/;
const ISO_CONTROL_PATTERN = /^([5-8])\.([1-9][0-9]?)$/;
/** Number of controls in each theme of ISO/IEC 27001:2022 Annex A (5 organisational … 8 technological). */
const ISO_CONTROLS_PER_THEME: Readonly<Record<string, number>> = { '5': 37, '6': 8, '7': 14, '8': 34 };

function readParam(raw: unknown, path: string, fail: Report): ClauseParam | undefined {
  if (!isRecord(raw)) return fail(path, 'must be a mapping');
  const type = raw.type;
  const known = PARAM_TYPES.find((t) => t === type);
  if (known) {
    checkKeys(raw, PARAM_KEYS[known], path, fail, ` for a parameter of type ${known}`);
  } else {
    checkKeys(raw, [...new Set(Object.values(PARAM_KEYS).flat())], path, fail);
    fail(join(path, 'type'), type === undefined ? 'required' : `must be one of ${PARAM_TYPES.join(', ')}`);
  }
  const name = readText(raw.name, join(path, 'name'), fail);
  if (name !== undefined && !PARAM_NAME_PATTERN.test(name))
    fail(join(path, 'name'), 'must be lowerCamelCase');
  const label = readText(raw.label, join(path, 'label'), fail);
  const unit = raw.unit === undefined ? undefined : readText(raw.unit, join(path, 'unit'), fail);
  if (name === undefined || label === undefined || !known) return undefined;
  const base = unit === undefined ? { name, label } : { name, label, unit };
  const defaultPath = join(path, 'default');

  switch (known) {
    case 'integer': {
      const min = readInteger(raw.min, join(path, 'min'), fail);
      const max = readInteger(raw.max, join(path, 'max'), fail);
      if (min === undefined || max === undefined) return undefined;
      if (max < min) return fail(join(path, 'max'), 'must be an integer ≥ min');
      const value = readInteger(raw.default, defaultPath, fail);
      if (value === undefined) return undefined;
      if (value < min || value > max) return fail(defaultPath, `must be between ${min} and ${max}`);
      return { ...base, type: 'integer', default: value, min, max };
    }
    case 'text': {
      const maxLength = readInteger(raw.maxLength, join(path, 'maxLength'), fail, 1);
      let defaultFrom: 'workLocation' | undefined;
      if (raw.defaultFrom !== undefined) {
        if (raw.defaultFrom !== 'workLocation')
          return fail(join(path, 'defaultFrom'), 'must be workLocation');
        defaultFrom = raw.defaultFrom;
      }
      // Without a contract attribute to fall back on, the parameter needs its own default.
      const value =
        raw.default === undefined && defaultFrom ? undefined : readText(raw.default, defaultPath, fail);
      if (maxLength === undefined || (value === undefined && !defaultFrom)) return undefined;
      if (value !== undefined && codePointLength(value) > maxLength) {
        return fail(defaultPath, `must be at most ${maxLength} characters`);
      }
      return {
        ...base,
        type: 'text',
        maxLength,
        ...(value === undefined ? {} : { default: value }),
        ...(defaultFrom ? { defaultFrom } : {}),
      };
    }
    case 'enum': {
      const list = readList(raw.values, join(path, 'values'), fail, true);
      if (!list) return undefined;
      const values = readEach(list, join(path, 'values'), fail, (v, p) => readText(v, p, fail));
      const value = readText(raw.default, defaultPath, fail);
      if (value === undefined || values.length !== list.length) return undefined;
      if (!values.includes(value)) return fail(defaultPath, 'must be one of values');
      return { ...base, type: 'enum', default: value, values };
    }
  }
}

const PARAGRAPH_KEYS = ['text', 'items'] as const;
/** Items of a paragraph carry no number of their own: `withItems` numbers them (1), (2), … in order. */
const NUMBERED_ITEM = /^[(（][0-9０-９]+[)）]/u;

/**
 * A paragraph: a line of text, or `{text, items}` for a paragraph that lists items (号) on lines of their own
 * (printed (1), (2), …). Stored as one string either way (see paragraph-items.ts), so paragraph numbers hold.
 */
function readParagraph(raw: unknown, path: string, fail: Report): string | undefined {
  if (!isRecord(raw)) return readText(raw, path, fail);
  checkKeys(raw, PARAGRAPH_KEYS, path, fail);
  const text = readText(raw.text, join(path, 'text'), fail);
  const list = readList(raw.items, join(path, 'items'), fail, true);
  if (list && list.length < 2) fail(join(path, 'items'), 'must list at least two items (one is no list)');
  const items = (list ?? []).map((item, i) => {
    const value = readText(item, join(join(path, 'items'), i), fail);
    if (value !== undefined && NUMBERED_ITEM.test(value)) {
      return fail(
        join(join(path, 'items'), i),
        'must not start with a number: items are numbered (1), (2), … in order',
      );
    }
    return value;
  });
  if (text === undefined || !list || list.length < 2 || items.some((i) => i === undefined)) return undefined;
  return withItems(text, items as string[]);
}

function readIsoControl(value: unknown, path: string, fail: Report): string | undefined {
  if (typeof value !== 'string') return fail(path, 'must be a quoted string such as "5.20"');
  const match = ISO_CONTROL_PATTERN.exec(value);
  if (!match || Number(match[2]) > ISO_CONTROLS_PER_THEME[match[1]]) {
    return fail(path, 'must be an ISO/IEC 27001:2022 Annex A control from 5.1 to 8.34');
  }
  return value;
}

function isoControlRank(control: string): number {
  const [theme, number] = control.split('.').map(Number);
  return theme * 100 + number;
}

function readAppliesWhen(raw: unknown, path: string, fail: Report): AppliesWhen | undefined {
  if (raw === undefined) return fail(path, 'required');
  if (!isRecord(raw)) return fail(path, 'must be a mapping');
  checkKeys(raw, APPLIES_WHEN_KEYS, path, fail);
  const keys = APPLIES_WHEN_KEYS.filter((key) => key in raw);
  if (keys.length !== 1) return fail(path, `must have exactly one of ${APPLIES_WHEN_KEYS.join(', ')}`);
  const key = keys[0];
  const value = raw[key];
  if (key === 'minClass') {
    if (value !== 1 && value !== 2 && value !== 3) return fail(join(path, key), 'must be 1, 2 or 3');
    return { minClass: value satisfies ConfidentialityClass };
  }
  if (value !== true) return fail(join(path, key), 'must be true');
  return key === 'always'
    ? { always: true }
    : key === 'personalInfo'
      ? { personalInfo: true }
      : { cloud: true };
}

function readEffects(raw: unknown, path: string, fail: Report): ClauseEffects | undefined {
  if (raw === undefined) return {};
  if (!isRecord(raw)) return fail(path, 'must be a mapping');
  checkKeys(raw, ['subcontracting'], path, fail);
  if (raw.subcontracting === undefined) return {};
  if (raw.subcontracting !== 'forbidden') return fail(join(path, 'subcontracting'), 'must be forbidden');
  return { subcontracting: 'forbidden' };
}

/**
 * Validates one parsed YAML document strictly and returns the normalised definition, or undefined when
 * anything was reported. Checks that need the other files (duplicate codes, excludes, coverage) are the
 * loader's.
 */
export function parseClause(raw: unknown, report: Report): ClauseDefinition | undefined {
  const { fail, failed } = tracking(report);
  if (!isRecord(raw)) return fail('', 'must be a mapping of clause fields');
  checkKeys(raw, CLAUSE_KEYS, '', fail);
  for (const key of REQUIRED_CLAUSE_KEYS) if (raw[key] === undefined) fail(key, 'required');

  const code = raw.code === undefined ? undefined : readText(raw.code, 'code', fail);
  if (code !== undefined && !CLAUSE_CODE_PATTERN.test(code)) fail('code', 'must be UPPER_SNAKE_CASE');
  const order = raw.order === undefined ? undefined : readInteger(raw.order, 'order', fail, 1);
  const title = raw.title === undefined ? undefined : readText(raw.title, 'title', fail);
  if (title !== undefined && (title.includes('{') || title.includes('}'))) {
    fail('title', 'must not contain braces or placeholders');
  }

  const paragraphList =
    raw.paragraphs === undefined ? [] : (readList(raw.paragraphs, 'paragraphs', fail, true) ?? []);
  const paragraphs = paragraphList.map((p, i) => readParagraph(p, `paragraphs[${i}]`, fail));
  const paramList = raw.params === undefined ? [] : (readList(raw.params, 'params', fail, false) ?? []);
  const params = readEach(
    paramList,
    'params',
    fail,
    (p, path) => readParam(p, path, fail),
    (p) => p.name,
  );

  const used = new Set<string>();
  paragraphs.forEach((text, i) => {
    if (text === undefined) return;
    if (hasMalformedPlaceholder(text))
      fail(`paragraphs[${i}]`, 'malformed placeholder (write {{lowerCamelName}})');
    for (const name of placeholderNames(text)) {
      used.add(name);
      const isFact = (CONTRACT_FACT_NAMES as readonly string[]).includes(name);
      if (!isFact && !params.some((p) => p.name === name) && paramList.length === params.length) {
        fail(`paragraphs[${i}]`, `{{${name}}} is not declared in params`);
      }
    }
  });
  params.forEach((param, i) => {
    if ((CONTRACT_FACT_NAMES as readonly string[]).includes(param.name)) {
      // The contract's own value fills it; a parameter of that name could print something else.
      fail(`params[${i}].name`, `"${param.name}" is taken from the contract and cannot be a parameter`);
    }
  });
  params.forEach((param, i) => {
    if (paramList.length === params.length && !used.has(param.name))
      fail(`params[${i}].name`, `"${param.name}" is not used in any paragraph`);
  });

  const micList = raw.micItems === undefined ? [] : (readList(raw.micItems, 'micItems', fail, false) ?? []);
  const micItems = readEach(micList, 'micItems', fail, (v, path) => {
    if (typeof v === 'number' && Number.isInteger(v) && v >= MIC_ITEM_MIN && v <= MIC_ITEM_MAX) return v;
    return fail(path, `must be an integer from ${MIC_ITEM_MIN} to ${MIC_ITEM_MAX}`);
  }).sort((a, b) => a - b);

  const isoList =
    raw.isoControls === undefined ? [] : (readList(raw.isoControls, 'isoControls', fail, true) ?? []);
  const isoControls = readEach(isoList, 'isoControls', fail, (v, path) => readIsoControl(v, path, fail)).sort(
    (a, b) => isoControlRank(a) - isoControlRank(b),
  );

  const appliesWhen =
    raw.appliesWhen === undefined ? undefined : readAppliesWhen(raw.appliesWhen, 'appliesWhen', fail);
  const mandatory = raw.mandatory === undefined ? undefined : readBoolean(raw.mandatory, 'mandatory', fail);
  let defaultSelected = false;
  if (raw.defaultSelected !== undefined) {
    defaultSelected = readBoolean(raw.defaultSelected, 'defaultSelected', fail) ?? false;
    if (mandatory === true)
      fail('defaultSelected', 'only optional clauses take it (a mandatory clause is always selected)');
  }

  const excludeList =
    raw.excludes === undefined ? [] : (readList(raw.excludes, 'excludes', fail, false) ?? []);
  const excludes = readEach(excludeList, 'excludes', fail, (v, path) => {
    if (typeof v !== 'string' || !CLAUSE_CODE_PATTERN.test(v)) return fail(path, 'must be a clause code');
    if (v === code) return fail(path, 'a clause cannot exclude itself');
    return v;
  });
  const effects = readEffects(raw.effects, 'effects', fail);

  const readForm = (form: QuestionForm): ClauseQuestion[] => {
    if (raw[form] === undefined || code === undefined) return [];
    const list = readList(raw[form], form, fail, true) ?? [];
    return readEach(
      list,
      form,
      fail,
      (q, path) => readQuestion(q, path, code, paragraphs.length, form, fail),
      (q) => q.code,
    );
  };
  const questions = readForm('questions');
  const reportItems = readForm('reportItems');

  if (
    failed() ||
    code === undefined ||
    order === undefined ||
    title === undefined ||
    appliesWhen === undefined ||
    mandatory === undefined ||
    effects === undefined
  ) {
    return undefined;
  }
  return {
    code,
    order,
    title,
    paragraphs: paragraphs.filter((p): p is string => p !== undefined),
    params,
    micItems,
    isoControls,
    appliesWhen,
    mandatory,
    defaultSelected,
    excludes,
    effects,
    questions,
    reportItems,
  };
}
