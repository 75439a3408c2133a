import { Injectable } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { Actor } from '../../../common/auth/actor';
import { ANSWERS, SEVERITIES, VERDICTS } from '../../assessments/assessment-item.entity';
import { AssessmentsService } from '../../assessments/assessments.service';
import type { AssessmentItemResponse } from '../../assessments/dto/assessment.dto';
import { WebPage } from '../web-page';
import { choices, currentValue, itemField, linesOf, type FormState } from './work-forms';

/** The per-item fields of the answer and review forms. */
const ITEM_FIELDS = ['answer', 'comment', 'verdict', 'note', 'severity', 'evidence'] as const;

/**
 * The page of one self-assessment: its facts, its questions grouped by article of the signed 特記事項, and the
 * forms the caller may use in its state (answers for the contractor while it holds it, verdicts for staff once
 * submitted). Shared by the page and by every form that shows it again after a refusal.
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
    const items = (assessment.items ?? []).map((item) => itemView(item, state));
    const staff = actor.role !== 'CONTRACTOR';
    const editable = assessment.status === 'OPEN' || assessment.status === 'RETURNED';
    const model = await this.page.model(actor, reply, `自己点検 ${assessment.contractNumber}`, {
      flash: state.flash ?? null,
      errors: state.errors ?? {},
      formError: state.formError ?? null,
      values: state.values ?? {},
      a: assessment,
      staff,
      groups: byArticle(items),
      items,
      canAnswer: actor.role === 'CONTRACTOR' && editable,
      canReview: (actor.role === 'OFFICER' || actor.role === 'ADMIN') && assessment.status === 'SUBMITTED',
      canIssue:
        actor.role === 'ADMIN' &&
        assessment.status === 'REVIEWED' &&
        items.some((i) => i.verdict === 'FINDING'),
      reviewed: assessment.status === 'REVIEWED',
      returnLines: assessment.status === 'RETURNED' ? linesOf(assessment.returnMessage) : [],
    });
    await reply.status(status).view('work/assessment', model);
  }
}

type ItemView = AssessmentItemResponse & ReturnType<typeof formPart>;

function itemView(item: AssessmentItemResponse, state: FormState): ItemView {
  return { ...item, ...formPart(item, state) };
}

function formPart(item: AssessmentItemResponse, state: FormState) {
  const fields = Object.fromEntries(ITEM_FIELDS.map((f) => [f, itemField(f, item.id)])) as Record<
    (typeof ITEM_FIELDS)[number],
    string
  >;
  const errors = Object.fromEntries(ITEM_FIELDS.map((f) => [f, state.errors?.[fields[f]] ?? ''])) as Record<
    (typeof ITEM_FIELDS)[number],
    string
  >;
  const values = state.values;
  return {
    fields,
    errors,
    answers: choices('answer', ANSWERS, currentValue(values, fields.answer, item.answer)),
    comment: currentValue(values, fields.comment, item.comment),
    verdicts: choices('verdict', VERDICTS, currentValue(values, fields.verdict, item.verdict)),
    note: currentValue(values, fields.note, item.reviewNote),
    severities: choices('severity', SEVERITIES, currentValue(values, fields.severity, item.severity)),
    commentLines: linesOf(item.comment),
    reviewNoteLines: linesOf(item.reviewNote),
  };
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
