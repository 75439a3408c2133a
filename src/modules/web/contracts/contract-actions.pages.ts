import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentActor, Roles } from '../../../common/auth/access.decorator';
import type { Actor } from '../../../common/auth/actor';
import { DomainError } from '../../../common/errors/domain-error';
import { UuidPipe } from '../../../common/validation/uuid.pipe';
import { AssessmentWorkflowService } from '../../assessments/assessment-workflow.service';
import { CreateAssessmentRequest } from '../../assessments/dto/assessment.dto';
import { ContractDocumentsService } from '../../contracts/contract-documents.service';
import { ContractsService } from '../../contracts/contracts.service';
import { CloseContractRequest, VersionRequest } from '../../contracts/dto/contract.requests';
import { CreateSubcontractRequest } from '../../contracts/dto/subcontract.dto';
import { SubcontractsService } from '../../contracts/subcontracts.service';
import { SelectionService } from '../../selection/selection.service';
import { confirmFirst } from '../confirmation';
import { parseForm } from '../web-forms';
import { WebPage } from '../web-page';
import { formValue } from '../web-urls';
import { invalidForm, pick, refusalOf } from './contract-forms';
import { ContractViews, type DetailForms, type UncoveredItem } from './contract-views';
import { placeWorkerErrors, SUBCONTRACT_FIELDS, subcontractInputOf } from './subcontract-forms';

const version = (body: Record<string, unknown>): unknown => formValue.int(body.version) ?? body.version;

/**
 * The forms of the contract page: approval, ending or terminating it, asking for a 自己点検票 on demand, and 再委託
 * requests (their registration and decision: contract-subcontracts.pages.ts).
 */
@ApiExcludeController()
@Controller('contracts/:id')
export class ContractActionsPages {
  constructor(
    private readonly page: WebPage,
    private readonly contracts: ContractsService,
    private readonly documents: ContractDocumentsService,
    private readonly subcontracts: SubcontractsService,
    private readonly views: ContractViews,
    private readonly workflow: AssessmentWorkflowService,
    private readonly selection: SelectionService,
  ) {}

  @Post('approve')
  @HttpCode(303)
  @Roles('OFFICER', 'ADMIN')
  async approve(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Body() body: Record<string, unknown>,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const values = pick(body, ['version']);
    const form = await parseForm(VersionRequest, { version: version(body) });
    if (!form.ok) return this.render(actor, reply, id, 400, { approve: invalidForm(form.errors, values) });
    const contract = await this.contracts.get(actor, id);
    // A contract that cannot be approved (not a draft, MIC items not covered, or no complete selection record) is
    // refused at once, without asking.
    const selected = (await this.selection.get(actor, id)).complete;
    const approvable =
      contract.status === 'DRAFT' &&
      (contract.micCoverage ?? []).every((m) => m.clauses.length > 0) &&
      selected;
    const confirmed =
      !approvable ||
      (await confirmFirst(this.page, actor, reply, body, {
        title: '契約の承認の確認',
        what: `契約「${contract.title}」（${contract.contractNumber}、委託先：${contract.contractorName}）を承認します。`,
        consequences: [
          '承認すると、選択した条項の本文及び特記事項の PDF が確定し、以後は契約の内容及び条項を変更することができなくなります。',
          '承認は取り消すことができません。内容を確認した上で実行してください。',
        ],
        back: `/contracts/${id}`,
      }));
    if (!confirmed) return;
    try {
      await this.documents.approve(actor, id, form.value);
      await reply.status(303).redirect(`/contracts/${id}?flash=contract-approved`);
    } catch (error) {
      const { status, form: refused } = refusalOf(error, values);
      const uncovered = uncoveredOf(error);
      if (uncovered.length) refused.formError = MIC_UNCOVERED;
      // The summary at the top lists the items too, each linked to the table of the MIC items.
      const summaryItems = uncovered.map((u) => ({ text: `${u.item}　${u.label}`, href: '#mic' }));
      if (error instanceof DomainError && error.code === 'CONTRACT.SELECTION_INCOMPLETE')
        summaryItems.push({ text: '委託先の選定の記録を完成させてください。', href: '#selection' });
      await this.render(actor, reply, id, status, { approve: { ...refused, uncovered, summaryItems } });
    }
  }

  /** 自己点検票の提出を求める: the same service as POST /api/assessments; the new checklist's page follows. */
  @Post('assessments')
  @HttpCode(303)
  @Roles('OFFICER', 'ADMIN')
  async requestChecklist(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Body() body: Record<string, unknown>,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const values = pick(body, ['dueDate']);
    const form = await parseForm(CreateAssessmentRequest, {
      contractId: id,
      dueDate: formValue.text(body.dueDate),
    });
    if (!form.ok) return this.render(actor, reply, id, 400, { checklist: invalidForm(form.errors, values) });
    try {
      const created = await this.workflow.requestChecklist(actor, form.value);
      await reply.status(303).redirect(`/assessments/${created.id}?flash=requested`);
    } catch (error) {
      const { status, form: refused } = refusalOf(error, values);
      if (error instanceof DomainError && error.code === 'ASSESSMENT.ALREADY_EXISTS')
        refused.formError = ALREADY_REQUESTED;
      await this.render(actor, reply, id, status, { checklist: refused });
    }
  }

  @Post('end')
  @HttpCode(303)
  @Roles('OFFICER', 'ADMIN')
  async end(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Body() body: Record<string, unknown>,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.close(actor, id, body, reply, 'ENDED');
  }

  @Post('terminate')
  @HttpCode(303)
  @Roles('OFFICER', 'ADMIN')
  async terminate(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Body() body: Record<string, unknown>,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.close(actor, id, body, reply, 'TERMINATED');
  }

  /** The written request of the 再委託の制限 clause's 第2項: the contractor proposes the company, never picks one. */
  @Post('subcontracts')
  @HttpCode(303)
  @Roles('CONTRACTOR', 'OFFICER', 'ADMIN')
  async requestSubcontract(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Body() body: Record<string, unknown>,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const values = pick(body, SUBCONTRACT_FIELDS);
    const form = await parseForm(CreateSubcontractRequest, subcontractInputOf(body));
    if (!form.ok)
      return this.render(actor, reply, id, 400, {
        subcontract: invalidForm(placeWorkerErrors(form.errors), values),
      });
    try {
      const created = await this.subcontracts.request(actor, id, form.value);
      await reply
        .status(303)
        .redirect(`/contracts/${id}/subcontracts/${created.id}?flash=subcontract-requested`);
    } catch (error) {
      const { status, form: refused } = refusalOf(error, values);
      await this.render(actor, reply, id, status, { subcontract: refused });
    }
  }

  private async close(
    actor: Actor,
    id: string,
    body: Record<string, unknown>,
    reply: FastifyReply,
    to: 'ENDED' | 'TERMINATED',
  ): Promise<void> {
    const key = to === 'ENDED' ? 'end' : 'terminate';
    const values = pick(body, ['reason']);
    const form = await parseForm(CloseContractRequest, { version: version(body), reason: body.reason });
    if (!form.ok) return this.render(actor, reply, id, 400, { [key]: invalidForm(form.errors, values) });
    try {
      await this.contracts.close(actor, id, form.value, to);
      await reply
        .status(303)
        .redirect(`/contracts/${id}?flash=contract-${to === 'ENDED' ? 'ended' : 'terminated'}`);
    } catch (error) {
      const { status, form: refused } = refusalOf(error, values);
      await this.render(actor, reply, id, status, { [key]: refused });
    }
  }

  /** The contract page again, with the refused form's errors beside its fields. */
  private async render(
    actor: Actor,
    reply: FastifyReply,
    id: string,
    status: number,
    forms: DetailForms,
  ): Promise<void> {
    const parts = await this.views.detail(actor, id, forms);
    const title = `契約 ${parts.contract.contractNumber}`;
    await reply.status(status).view('contracts/detail', await this.page.model(actor, reply, title, parts));
  }
}

const MIC_UNCOVERED =
  '契約書に定めるべき事項（総務省ガイドライン）のうち、選択された条項で定められていないものがあるため、承認できません。次の事項を定める条項を選択してください。';

const ALREADY_REQUESTED =
  'この契約については、本日既に自己点検票の提出を求めています。同じ日に重ねて求めることはできません。';

/** The MIC items a refused approval names (CONTRACT.MIC_ITEMS_UNCOVERED), in item order. */
function uncoveredOf(error: unknown): UncoveredItem[] {
  if (!(error instanceof DomainError) || error.code !== 'CONTRACT.MIC_ITEMS_UNCOVERED') return [];
  const items = (error.details as { items?: unknown } | undefined)?.items;
  if (!Array.isArray(items)) return [];
  return items
    .flatMap((i: unknown) => {
      const { item, label } = (i ?? {}) as { item?: unknown; label?: unknown };
      return typeof item === 'number' && typeof label === 'string' ? [{ item, label }] : [];
    })
    .sort((a, b) => a.item - b.item);
}
