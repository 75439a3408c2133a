import {
  type AnswerRequirement,
  type AppliesWhen,
  type ClauseQuestion,
  type CrossCheck,
  type ClauseDefinition,
  type ClauseParamType,
  type ParamDefaultSource,
} from './catalogue.types';

export interface ClauseParamResponse {
  name: string;
  label: string;
  type: ClauseParamType;
  default?: number | string;
  min?: number;
  max?: number;
  maxLength?: number;
  values?: string[];
  defaultFrom?: ParamDefaultSource;
  unit?: string;
}

export interface ClauseResponse {
  code: string;
  order: number;
  title: string;
  paragraphs: string[];
  params: ClauseParamResponse[];
  micItems: number[];
  isoControls: string[];
  appliesWhen: AppliesWhen;
  mandatory: boolean;
  defaultSelected: boolean;
  excludes: string[];
  forbidsSubcontracting: boolean;
  questions: ClauseQuestionResponse[];
  reportItems: ClauseQuestionResponse[];
}

export interface ClauseQuestionResponse {
  code: string;
  text: string;
  /** 第n項 of the clause imposing the duty; null for an advisory question. */
  basis: number | null;
  advisory: boolean;
  requires: AnswerRequirement[];
  crossCheck?: CrossCheck;
}

/** A plain copy of a question: what the API answers and what approval freezes with the signed text. */
export function toQuestionResponse(q: ClauseQuestion): ClauseQuestionResponse {
  return {
    code: q.code,
    text: q.text,
    basis: q.basis,
    advisory: q.advisory,
    requires: [...q.requires],
    ...(q.crossCheck ? { crossCheck: q.crossCheck } : {}),
  };
}

/** A fresh, mutable copy for `GET /api/clauses`; the catalogue's own objects are frozen and shared. */
export function toClauseResponse(def: ClauseDefinition): ClauseResponse {
  return {
    code: def.code,
    order: def.order,
    title: def.title,
    paragraphs: [...def.paragraphs],
    params: def.params.map((p) => {
      const response: ClauseParamResponse = { name: p.name, label: p.label, type: p.type };
      if (p.default !== undefined) response.default = p.default;
      if (p.type === 'integer') Object.assign(response, { min: p.min, max: p.max });
      if (p.type === 'text') response.maxLength = p.maxLength;
      if (p.type === 'text' && p.defaultFrom) response.defaultFrom = p.defaultFrom;
      if (p.type === 'enum') response.values = [...p.values];
      if (p.unit !== undefined) response.unit = p.unit;
      return response;
    }),
    micItems: [...def.micItems],
    isoControls: [...def.isoControls],
    appliesWhen: { ...def.appliesWhen },
    mandatory: def.mandatory,
    defaultSelected: def.defaultSelected,
    excludes: [...def.excludes],
    forbidsSubcontracting: def.effects.subcontracting === 'forbidden',
    questions: def.questions.map(toQuestionResponse),
    reportItems: def.reportItems.map(toQuestionResponse),
  };
}
