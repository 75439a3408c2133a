import { Injectable } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { Actor } from '../../../common/auth/actor';
import { answersFor } from '../../assessments/answer-rules';
import { SEVERITIES, VERDICTS } from '../../assessments/assessment-item.entity';
import type { AssessmentKind } from '../../assessments/assessment.entity';
import { AssessmentsService } from '../../assessments/assessments.service';
import type { AssessmentItemResponse, CrossCheckResponse } from '../../assessments/dto/assessment.dto';
import { LABELS } from '../labels';
import { WebPage } from '../web-page';
import { choices, currentValue, itemField, linesOf, type FormState } from './work-forms';

/** The per-item fields of the answer and review forms. */
const ITEM_FIELDS = ['answer', 'comment', 'verdict', 'note', 'severity', 'evidence'] as const;
type ItemFieldName = (typeof ITEM_FIELDS)[number];

/**
 * Where the error summary links for each field: the control itself where it has an id, else the item (radio
 * groups have none of their own).
 */
const ANCHORS: Record<ItemFieldName, (itemId: string) => string> = {
  answer: (id) => `item-${id}`,
  comment: (id) => `f-${itemField('comment', id)}`,
  evidence: (id) => `file-${id}`,
  verdict: (id) => `item-${id}`,
  note: (id) => `f-${itemField('note', id)}`,
  severity: (id) => `f-${itemField('severity', id)}`,
};

/** What differs between the two kinds on the page: the words for an item, its text field, and the verdicts. */
interface KindWords {
  /** The counter of items: 問 (設問) or 項目. */
  unit: string;
  /** An item in running text. */
  item: string;
  commentLabel: string;
  verdictGroup: string;
}

/** The filters of the page (`?show=`): which items it lists; every article keeps its heading and its counts. */
export const SHOWS = ['unanswered', 'contradicted', 'unjudged'] as const;
export type Show = (typeof SHOWS)[number];

/** A `show` value from a query or a hidden field: one of SHOWS, null for none, or 'invalid'. */
export function showOf(value: unknown): Show | null | 'invalid' {
  if (value === undefined || value === '') return null;
  return SHOWS.find((s) => s === value) ?? 'invalid';
}

/** What the page shows besides the form state: its filter, and the files a refused save did not attach. */
export interface PageOptions {
  show?: Show | null | 'invalid';
  /** By item id: the names of the files chosen there that were not attached (the save was refused). */
  unattached?: Record<string, string[]>;
  /** Errors of the per-article 「すべて適合とする」 confirmations, by article number. */
  acceptErrors?: Record<number, string>;
}

const WORDS: Record<AssessmentKind, KindWords> = {
  CHECKLIST: { unit: '問', item: '設問', commentLabel: '状況の説明', verdictGroup: 'verdict' },
  REPORT: { unit: '項目', item: '項目', commentLabel: '詳細', verdictGroup: 'reportVerdict' },
};

/**
 * The page of one self-assessment — a 自己点検票 (CHECKLIST) or a 定期報告 (REPORT): its facts, its items grouped
 * by article of the signed 特記事項 with the paragraph each cites, and the forms the caller may use in its state
 * (answers for the contractor while it holds it, verdicts for staff once submitted). For the body it also shows
 * what the worker roster contradicts, and for a report every item answered はい at the top. Shared by the page
 * and by every form that shows it again after a refusal.
 */
@Injectable()
export class AssessmentPageView {
  constructor(
    private readonly page: WebPage,
    private readonly assessments: AssessmentsService,
  ) {}

  async render(
    actor: Actor,
    reply: FastifyReply,
    id: string,
    state: FormState = {},
    status = 200,
    options: PageOptions = {},
  ): Promise<void> {
    const assessment = await this.assessments.get(actor, id);
    const kind = assessment.kind;
    const words = WORDS[kind];
    const checks = assessment.crossChecks ?? [];
    const unattached = options.unattached ?? {};
    const items = (assessment.items ?? []).map((item) =>
      itemView(item, kind, checks, state, unattached[item.id] ?? []),
    );
    const staff = actor.role !== 'CONTRACTOR';
    const editable = assessment.status === 'OPEN' || assessment.status === 'RETURNED';
    const reviewed = assessment.status === 'REVIEWED';
    const isReport = kind === 'REPORT';
    const kindLabel = LABELS.assessmentKind[kind] ?? kind;
    const canAnswer = actor.role === 'CONTRACTOR' && editable;
    const canReview =
      (actor.role === 'OFFICER' || actor.role === 'ADMIN') && assessment.status === 'SUBMITTED';
    const filters = filtersOf(words, items, staff, canReview);
    const badShow = options.show === 'invalid';
    const show = badShow ? null : (filters.find((f) => f.value === options.show)?.value ?? null);
    const answered = items.filter((i) => i.answeredShown).length;
    const judged = items.filter((i) => i.judgedShown).length;
    const formError = badShow
      ? '表示の絞り込みの指定が正しくないため、すべての設問を表示しています。'
      : (state.formError ?? null);
    const model = await this.page.model(actor, reply, `${kindLabel} ${assessment.contractNumber}`, {
      flash: state.flash ?? null,
      errors: state.errors ?? {},
      formError,
      // The page sums up its own errors, each linked to its item (problems below), so no generic summary.
      errorSummary: null,
      values: state.values ?? {},
      a: assessment,
      kindLabel,
      isReport,
      words,
      verdictGroup: words.verdictGroup,
      staff,
      groups: byArticle(items, show, options.acceptErrors ?? {}, words),
      items,
      problems: problemsOf(items),
      unattachedCount: Object.values(unattached).flat().length,
      // What the page shows, which after a refused save includes answers typed but not yet saved.
      progress: {
        total: items.length,
        answered,
        saved: assessment.answeredCount,
        unsaved: answered !== assessment.answeredCount,
        judged,
      },
      filters: filters.map((f) => ({ ...f, current: f.value === show })),
      show,
      shownCount: items.filter((i) => matches(i, show)).length,
      showLabel: filters.find((f) => f.value === show)?.label ?? '',
      advisoryCount: items.filter((i) => i.advisory).length,
      // 「はい」 items of a report at a glance for the body, once the contractor has handed it in.
      showReportYes: staff && isReport && (assessment.status === 'SUBMITTED' || reviewed),
      reportYes: items.filter((i) => i.answer === 'YES'),
      crossChecks: checks.map((c) => ({ ...c, item: items.find((i) => i.id === c.itemId) ?? null })),
      canAnswer,
      canReview,
      // An order rests on a finding that breaches a duty: a finding on a 推奨事項 is no basis for one.
      canIssue:
        actor.role === 'ADMIN' && reviewed && items.some((i) => i.verdict === 'FINDING' && !i.advisory),
      reviewed,
      scored: reviewed && !isReport,
      returnLines: assessment.status === 'RETURNED' ? linesOf(assessment.returnMessage) : [],
    });
    await reply.status(badShow ? 400 : status).view('work/assessment', model);
  }
}

type ItemView = AssessmentItemResponse &
  ReturnType<typeof formPart> &
  ReturnType<typeof factsOf> & { unattached: string[]; typed: boolean };

function itemView(
  item: AssessmentItemResponse,
  kind: AssessmentKind,
  checks: readonly CrossCheckResponse[],
  state: FormState,
  unattached: string[],
): ItemView {
  const values = state.values ?? {};
  // Anything posted for the item stays on the page whatever the filter, so nothing typed disappears from view.
  const typed =
    ITEM_FIELDS.some((f) => typeof values[itemField(f, item.id)] === 'string') || unattached.length > 0;
  return { ...item, ...factsOf(item, kind, checks), ...formPart(item, kind, state), unattached, typed };
}

/** Whether the filter lists the item: it matches, or it holds what was typed or an error. */
function matches(item: ItemView, show: Show | null): boolean {
  if (show === null || item.typed || ITEM_FIELDS.some((f) => item.errors[f])) return true;
  if (show === 'unanswered') return !item.answer;
  if (show === 'unjudged') return !item.verdict;
  return item.checks.length > 0;
}

interface FilterView {
  value: Show | null;
  label: string;
  /** How many items it would list (`count` is a template helper). */
  n: number;
}

/**
 * The filters the caller has: every item, those not answered yet, those the roster contradicts (staff only:
 * a contractor is not shown the checks), and for a reviewer those not judged yet.
 */
function filtersOf(words: KindWords, items: ItemView[], staff: boolean, reviewing: boolean): FilterView[] {
  const list: FilterView[] = [
    { value: null, label: `すべての${words.item}`, n: items.length },
    {
      value: 'unanswered',
      label: `未回答の${words.item}`,
      n: items.filter((i) => !i.answer).length,
    },
  ];
  if (staff)
    list.push({
      value: 'contradicted',
      label: '従事者名簿と一致しない回答',
      n: items.filter((i) => i.checks.length > 0).length,
    });
  if (reviewing)
    list.push({
      value: 'unjudged',
      label: `未判定の${words.item}`,
      n: items.filter((i) => !i.verdict).length,
    });
  return list;
}

/** 第5条第2項: the article and the paragraph that imposes the duty; the article alone when none is named. */
export function citationOf(item: Pick<AssessmentItemResponse, 'articleNo' | 'basis'>): string {
  return `第${item.articleNo}条${item.basis ? `第${item.basis}項` : ''}`;
}

/** What the page says about an item besides its form: its citation, what its answer needs, the roster's word. */
function factsOf(item: AssessmentItemResponse, kind: AssessmentKind, checks: readonly CrossCheckResponse[]) {
  const report = kind === 'REPORT';
  return {
    citation: citationOf(item),
    // 実施している needs a comment only on a checklist; a report item answered はい always needs its details.
    needsComment: !report && item.requiresComment,
    needsEvidence: !report && item.requiresEvidence,
    commentHint: report
      ? '「はい」と回答した場合は必須です。あった事項、その日時及び対応の内容を記入してください。'
      : item.requiresComment
        ? 'この設問では、どの回答でも必須です。「実施している」場合は、実施の方法や頻度を記入してください。'
        : '「実施している」以外の回答では必須です。',
    checks: checks.filter((c) => c.itemId === item.id),
    findingIsAdvisory: item.advisory && item.verdict === 'FINDING',
  };
}

function formPart(item: AssessmentItemResponse, kind: AssessmentKind, state: FormState) {
  const fields = Object.fromEntries(ITEM_FIELDS.map((f) => [f, itemField(f, item.id)])) as Record<
    ItemFieldName,
    string
  >;
  const errors = Object.fromEntries(ITEM_FIELDS.map((f) => [f, state.errors?.[fields[f]] ?? ''])) as Record<
    ItemFieldName,
    string
  >;
  const values = state.values;
  return {
    fields,
    errors,
    answers: choices('answer', answersFor(kind), currentValue(values, fields.answer, item.answer)),
    comment: currentValue(values, fields.comment, item.comment),
    verdicts: choices(WORDS[kind].verdictGroup, VERDICTS, currentValue(values, fields.verdict, item.verdict)),
    note: currentValue(values, fields.note, item.reviewNote),
    severities: choices('severity', SEVERITIES, currentValue(values, fields.severity, item.severity)),
    answeredShown: currentValue(values, fields.answer, item.answer) !== '',
    judgedShown: currentValue(values, fields.verdict, item.verdict) !== '',
    commentLines: linesOf(item.comment),
    reviewNoteLines: linesOf(item.reviewNote),
  };
}

/** Every error beside an item, for the summary at the top of the page that links to each (in page order). */
function problemsOf(
  items: ItemView[],
): { href: string; citation: string; question: string; message: string }[] {
  return items.flatMap((item) =>
    ITEM_FIELDS.filter((f) => item.errors[f]).map((f) => ({
      href: `#${ANCHORS[f](item.id)}`,
      citation: item.citation,
      question: item.question,
      message: item.errors[f],
    })),
  );
}

/**
 * Questions under the article they come from (第n条（見出し）), in article order: those the filter lists, the
 * article's counts (answered and judged as shown, of all its items), and what its 「すべて適合とする」 would judge.
 */
function byArticle(
  items: ItemView[],
  show: Show | null,
  acceptErrors: Record<number, string>,
  words: KindWords,
) {
  const groups = new Map<number, { articleNo: number; clauseTitle: string; all: ItemView[] }>();
  for (const item of items) {
    const group = groups.get(item.articleNo) ?? {
      articleNo: item.articleNo,
      clauseTitle: item.clauseTitle,
      all: [],
    };
    group.all.push(item);
    groups.set(item.articleNo, group);
  }
  return [...groups.values()]
    .sort((a, b) => a.articleNo - b.articleNo)
    .map(({ all, ...group }) => ({
      ...group,
      items: all.filter((i) => matches(i, show)),
      total: all.length,
      answered: all.filter((i) => i.answeredShown).length,
      judged: all.filter((i) => i.judgedShown).length,
      // Judged by the article's button: the items without a verdict stored.
      unjudged: all.filter((i) => !i.verdict).length,
      acceptError: acceptErrors[group.articleNo] ?? '',
      acceptLabel: LABELS[words.verdictGroup]?.ACCEPTED ?? '',
    }));
}
