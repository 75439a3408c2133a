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
  ): Promise<void> {
    const assessment = await this.assessments.get(actor, id);
    const kind = assessment.kind;
    const words = WORDS[kind];
    const checks = assessment.crossChecks ?? [];
    const items = (assessment.items ?? []).map((item) => itemView(item, kind, checks, state));
    const staff = actor.role !== 'CONTRACTOR';
    const editable = assessment.status === 'OPEN' || assessment.status === 'RETURNED';
    const reviewed = assessment.status === 'REVIEWED';
    const isReport = kind === 'REPORT';
    const kindLabel = LABELS.assessmentKind[kind] ?? kind;
    const model = await this.page.model(actor, reply, `${kindLabel} ${assessment.contractNumber}`, {
      flash: state.flash ?? null,
      errors: state.errors ?? {},
      formError: state.formError ?? null,
      values: state.values ?? {},
      a: assessment,
      kindLabel,
      isReport,
      words,
      verdictGroup: words.verdictGroup,
      staff,
      groups: byArticle(items),
      items,
      problems: problemsOf(items),
      advisoryCount: items.filter((i) => i.advisory).length,
      // 「はい」 items of a report at a glance for the body, once the contractor has handed it in.
      showReportYes: staff && isReport && (assessment.status === 'SUBMITTED' || reviewed),
      reportYes: items.filter((i) => i.answer === 'YES'),
      crossChecks: checks.map((c) => ({ ...c, item: items.find((i) => i.id === c.itemId) ?? null })),
      canAnswer: actor.role === 'CONTRACTOR' && editable,
      canReview: (actor.role === 'OFFICER' || actor.role === 'ADMIN') && assessment.status === 'SUBMITTED',
      // An order rests on a finding that breaches a duty: a finding on a 推奨事項 is no basis for one.
      canIssue:
        actor.role === 'ADMIN' && reviewed && items.some((i) => i.verdict === 'FINDING' && !i.advisory),
      reviewed,
      scored: reviewed && !isReport,
      returnLines: assessment.status === 'RETURNED' ? linesOf(assessment.returnMessage) : [],
    });
    await reply.status(status).view('work/assessment', model);
  }
}

type ItemView = AssessmentItemResponse & ReturnType<typeof formPart> & ReturnType<typeof factsOf>;

function itemView(
  item: AssessmentItemResponse,
  kind: AssessmentKind,
  checks: readonly CrossCheckResponse[],
  state: FormState,
): ItemView {
  return { ...item, ...factsOf(item, kind, checks), ...formPart(item, kind, state) };
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

/** Questions under the article they come from (第n条（見出し）), in article order. */
function byArticle(items: ItemView[]): { articleNo: number; clauseTitle: string; items: ItemView[] }[] {
  const groups = new Map<number, { articleNo: number; clauseTitle: string; items: ItemView[] }>();
  for (const item of items) {
    const group = groups.get(item.articleNo) ?? {
      articleNo: item.articleNo,
      clauseTitle: item.clauseTitle,
      items: [],
    };
    group.items.push(item);
    groups.set(item.articleNo, group);
  }
  return [...groups.values()].sort((a, b) => a.articleNo - b.articleNo);
}
