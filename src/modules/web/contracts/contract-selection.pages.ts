import { Body, Controller, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentActor, Roles } from '../../../common/auth/access.decorator';
import type { Actor } from '../../../common/auth/actor';
import { statusOf } from '../../../common/errors/domain-error';
import { UuidPipe } from '../../../common/validation/uuid.pipe';
import { ContractsService } from '../../contracts/contracts.service';
import { PROCUREMENT_METHOD_LABELS, PROCUREMENT_METHODS } from '../../selection/contractor-selection.entity';
import { PutSelectionRequest, type SelectionResponse } from '../../selection/dto/selection.dto';
import { SelectionService } from '../../selection/selection.service';
import { FORM_INVALID, plainMessage } from '../glossary';
import { formErrorsOf, parseForm } from '../web-forms';
import { flashOf, WebPage } from '../web-page';
import { missingText } from './contract-views';

/** What the form shows: the values typed (or recorded) and a message per field. */
interface SelectionFormState {
  values: Record<string, string>;
  errors: Record<string, string>;
  formError: string | null;
}

/**
 * 委託先の選定 of a contract: the officer records it while the contract is a draft (method, each criterion met or
 * not with its note, the reason); after approval, and for the auditor, it is shown as recorded. Never the contractor's.
 */
@ApiExcludeController()
@Controller('contracts/:id/selection')
export class ContractSelectionPages {
  constructor(
    private readonly page: WebPage,
    private readonly contracts: ContractsService,
    private readonly selection: SelectionService,
  ) {}

  @Get()
  @Roles('OFFICER', 'ADMIN', 'AUDITOR')
  async view(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const current = await this.selection.get(actor, id);
    await this.render(actor, reply, id, 200, current, {
      values: recordedValues(current),
      errors: {},
      formError: null,
    });
  }

  @Post()
  @HttpCode(303)
  @Roles('OFFICER', 'ADMIN')
  async save(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Body() body: Record<string, unknown>,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const current = await this.selection.get(actor, id);
    const values = postedValues(body, current);
    const codes: string[] = [];
    const criteria = current.criteria.flatMap((c) => {
      const met = values[`met.${c.code}`];
      if (met !== 'yes' && met !== 'no') return [];
      codes.push(c.code);
      const note = values[`note.${c.code}`];
      const evidence = values[`evidence.${c.code}`];
      return [
        { code: c.code, met: met === 'yes', ...(note ? { note } : {}), ...(evidence ? { evidence } : {}) },
      ];
    });
    const raw = {
      method: values.method || undefined,
      criteria,
      reason: values.reason,
      version: Number(values.version),
    };
    const form = await parseForm(PutSelectionRequest, raw);
    if (!form.ok) {
      const errors = byField(form.errors.errors, codes);
      return this.render(actor, reply, id, 400, current, { values, errors, formError: FORM_INVALID });
    }
    try {
      await this.selection.put(actor, id, form.value);
      await reply.status(303).redirect(`/contracts/${id}/selection?flash=selection-saved`);
    } catch (error) {
      const refused = formErrorsOf(error);
      // The service's own sentence says more than the generic message of a field rule.
      const sentence = plainMessage((error as Error).message);
      const errors = byField(
        Object.fromEntries(Object.keys(refused.errors).map((field) => [field, sentence])),
        codes,
      );
      const status = statusOf((error as { kind: Parameters<typeof statusOf>[0] }).kind);
      await this.render(actor, reply, id, status, current, {
        values,
        errors,
        formError: plainMessage(refused.formError ?? FORM_INVALID),
      });
    }
  }

  private async render(
    actor: Actor,
    reply: FastifyReply,
    id: string,
    status: number,
    current: SelectionResponse,
    form: SelectionFormState,
  ): Promise<void> {
    const contract = await this.contracts.get(actor, id);
    const canEdit = current.editable && actor.role !== 'AUDITOR';
    const rows = current.criteria.map((c) => ({
      ...c,
      met: form.values[`met.${c.code}`] ?? '',
      note: form.values[`note.${c.code}`] ?? '',
      evidence: form.values[`evidence.${c.code}`] ?? '',
      metError: form.errors[`met.${c.code}`] ?? null,
      noteError: form.errors[`note.${c.code}`] ?? null,
      evidenceError: form.errors[`evidence.${c.code}`] ?? null,
      result: c.met === null ? '未記入' : c.met ? '適合' : '不適合',
      evidenceExample: EVIDENCE_EXAMPLES[c.code] ?? null,
    }));
    const fieldNames = Object.fromEntries<string>([
      ['reason', '選定理由'],
      ...current.criteria.flatMap((c): [string, string][] => [
        [`met.${c.code}`, `「${c.title}」の確認の結果`],
        [`note.${c.code}`, `「${c.title}」の確認の内容`],
        [`evidence.${c.code}`, `「${c.title}」の確認資料`],
      ]),
    ]);
    const model = await this.page.model(actor, reply, `委託先の選定（${contract.contractNumber}）`, {
      contract,
      flash: flashOf(reply.request.query, contract.title),
      selection: current,
      canEdit,
      rows,
      methods: PROCUREMENT_METHODS.map((code) => ({
        code,
        label: PROCUREMENT_METHOD_LABELS[code],
        checked: form.values.method === code,
      })),
      missing: missingText(current),
      values: form.values,
      errors: form.errors,
      formError: form.formError,
      fieldNames,
    });
    await reply.status(status).view('contracts/selection', model);
  }
}

/** The record as the form shows it. */
function recordedValues(current: SelectionResponse): Record<string, string> {
  const values: Record<string, string> = {
    version: String(current.version),
    method: current.method ?? '',
    reason: current.reason ?? '',
  };
  for (const c of current.criteria) {
    values[`met.${c.code}`] = c.met === null ? '' : c.met ? 'yes' : 'no';
    values[`note.${c.code}`] = c.note ?? '';
    values[`evidence.${c.code}`] = c.evidence ?? '';
  }
  return values;
}

/** The posted fields this form knows, as strings (anything else is ignored). */
function postedValues(body: Record<string, unknown>, current: SelectionResponse): Record<string, string> {
  const names = [
    'version',
    'method',
    'reason',
    ...current.criteria.flatMap((c) => [`met.${c.code}`, `note.${c.code}`, `evidence.${c.code}`]),
  ];
  const text = (v: unknown): string => (typeof v === 'string' ? v : '');
  return Object.fromEntries(names.map((n) => [n, text(body[n])]));
}

/** `criteria.<i>.note` (the DTO's path) → `note.<CODE>` (the form's field). */
function byField(errors: Record<string, string>, codes: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [field, message] of Object.entries(errors)) {
    const m = /^criteria\.(\d+)\.(\w+)$/u.exec(field);
    const code = m ? codes[Number(m[1])] : undefined;
    out[m && code ? `${m[2] === 'met' ? 'met' : m[2]}.${code}` : field] = message;
  }
  return out;
}

/** The example under each criterion's 確認資料 field (a criterion of the catalogue not listed here gets none). */
const EVIDENCE_EXAMPLES: Record<string, string> = {
  SECURITY_CERTIFICATION: '例：ISMS 登録証又はプライバシーマーク登録証の写し',
  CLOUD_ISMAP: '例：ISMAP クラウドサービスリストの該当箇所の写し',
  NO_SUSPENSION: '例：本団体及び国等の指名停止措置の一覧（確認した日のもの）',
  ORGANIZATION_AND_STAFF: '例：実施体制図、従事者の資格を証する書類の写し',
  PAST_INCIDENTS: '例：事故報告書、再発防止策の実施報告書',
};
