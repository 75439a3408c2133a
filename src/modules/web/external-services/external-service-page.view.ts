import { Injectable } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { Actor } from '../../../common/auth/actor';
import { todayInJapan } from '../../../common/clock';
import { ExternalServicesService } from '../../external-services/external-services.service';
import { LABELS } from '../glossary';
import { flashOf, WebPage } from '../web-page';
import { currentValue, linesOf, type FormState } from '../work/work-forms';
import { CHECKLIST_ROWS, inUse } from './external-service-form';

/** The rules' verdicts in words, beside the application (the administrator's checklist). */
const VERDICT_LABELS: Record<string, string> = {
  'EXTERNAL_SERVICE.TERMS_MODEL_FOR_CLASS': '約款型のサービスを機密性2以上の情報に利用しないこと',
  'EXTERNAL_SERVICE.DATA_LOCATION_REQUIRED': 'データの保管場所が記録されていること',
  'EXTERNAL_SERVICE.ISMAP_REQUIRED': '本日有効なISMAP又はISMAP-LIUの登録又は代替の評価があること',
};

/** One external service's page: the facts, the rules' verdicts beside them, and the form of each step open now. */
@Injectable()
export class ExternalServicePageView {
  constructor(
    private readonly page: WebPage,
    private readonly services: ExternalServicesService,
  ) {}

  async render(
    actor: Actor,
    reply: FastifyReply,
    id: string,
    state: FormState = {},
    status = 200,
    query?: Record<string, unknown>,
  ): Promise<void> {
    const s = await this.services.get(actor, id);
    const staff = actor.role === 'OFFICER' || actor.role === 'ADMIN';
    const flash = state.flash ?? (query ? flashOf(query, s.name) : null);
    const model = await this.page.model(actor, reply, `外部サービス（${s.name}）`, {
      flash,
      errors: state.errors ?? {},
      formError: state.formError ?? null,
      values: state.values ?? {},
      s,
      today: todayInJapan(),
      purposeLines: linesOf(s.purpose),
      verdicts: s.verdicts.map((v) => ({
        ...v,
        label: VERDICT_LABELS[v.code] ?? v.code,
        result: !v.applies ? '対象外（機密性1）' : v.met ? '適合' : '不適合',
      })),
      checklist: CHECKLIST_ROWS.map((row) => {
        const key = row.field.replace(/^terms/u, '');
        const value = (s.termsChecklist as unknown as Record<string, boolean | null>)[
          key.charAt(0).toLowerCase() + key.slice(1)
        ];
        return { label: row.label, value: value === null ? '未確認' : value ? '定めあり' : '定めなし' };
      }),
      modelLabel: LABELS.serviceModel?.[s.model] ?? s.model,
      canEdit: staff && ['DRAFT', 'APPLIED', 'APPROVED', 'SUSPENDED'].includes(s.status),
      canApply: actor.role === 'OFFICER' && s.status === 'DRAFT',
      canDecide: actor.role === 'ADMIN' && s.status === 'APPLIED',
      canReview: actor.role === 'ADMIN' && inUse(s),
      canEnd: staff && inUse(s),
      canConfirmErasure: staff && s.status === 'ENDING',
      decisionChoices: [
        {
          value: 'APPROVE',
          label: '条件を付して承認する',
          checked: currentValue(state.values, 'decision', 'APPROVE') === 'APPROVE',
        },
        {
          value: 'REJECT',
          label: '承認しない',
          checked: currentValue(state.values, 'decision', 'APPROVE') === 'REJECT',
        },
      ],
      outcomeChoices: [
        {
          value: 'CONTINUE',
          label: '利用を継続する',
          checked: currentValue(state.values, 'outcome', 'CONTINUE') === 'CONTINUE',
        },
        {
          value: 'SUSPEND',
          label: '利用を停止する',
          checked: currentValue(state.values, 'outcome', 'CONTINUE') === 'SUSPEND',
        },
      ],
    });
    await reply.status(status).view('external-services/detail', model);
  }
}
