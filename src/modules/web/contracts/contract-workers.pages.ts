import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentActor, Roles } from '../../../common/auth/access.decorator';
import type { Actor } from '../../../common/auth/actor';
import { UuidPipe } from '../../../common/validation/uuid.pipe';
import { ContractsService } from '../../contracts/contracts.service';
import {
  CreateWorkerRequest,
  UpdateWorkerRequest,
  type WorkerResponse,
} from '../../contracts/dto/worker.dto';
import { WorkerErrors } from '../../contracts/subcontracts.errors';
import { EMPLOYMENT_TYPES } from '../../contracts/contract-worker.entity';
import type { ContractResponse } from '../../contracts/dto/contract.response';
import { RosterService } from '../../contracts/roster.service';
import { WorkersService } from '../../contracts/workers.service';
import { LABELS } from '../labels';
import { parseForm } from '../web-forms';
import { confirmFirst } from '../confirmation';
import { flashOf, WebPage } from '../web-page';
import { pageLinks } from '../web-urls';
import {
  allPages,
  explainFutureDates,
  invalidForm,
  pick,
  refusalOf,
  WORKER_FIELDS,
  workerInputOf,
  type FormState,
} from './contract-forms';
import { ContractViews } from './contract-views';

const EDITORS = ['CONTRACTOR', 'OFFICER', 'ADMIN'];
const blank: FormState = { values: {}, errors: {}, formError: null };

/** 従事者名簿: who works on the contract and for which company (the contractor or an approved sub-contractor). */
@ApiExcludeController()
@Controller('contracts/:id/workers')
export class ContractWorkersPages {
  constructor(
    private readonly page: WebPage,
    private readonly contracts: ContractsService,
    private readonly workers: WorkersService,
    private readonly rosters: RosterService,
    private readonly views: ContractViews,
  ) {}

  @Get()
  @Roles('OFFICER', 'ADMIN', 'AUDITOR', 'CONTRACTOR')
  async roster(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Query() query: Record<string, unknown>,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.renderRoster(actor, reply, id, query, 200, blank);
  }

  @Post()
  @HttpCode(303)
  @Roles('CONTRACTOR', 'OFFICER', 'ADMIN')
  async add(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Body() body: Record<string, unknown>,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const values = pick(body, WORKER_FIELDS);
    const form = await parseForm(CreateWorkerRequest, workerInputOf(body, 'create'));
    if (!form.ok)
      return this.renderRoster(
        actor,
        reply,
        id,
        {},
        400,
        invalidForm(explainFutureDates(form.errors, body), values),
      );
    try {
      const added = await this.workers.add(actor, id, form.value);
      await reply.status(303).redirect(`/contracts/${id}/workers?flash=worker-created&worker=${added.id}`);
    } catch (error) {
      const { status, form: refused } = refusalOf(error, values);
      await this.renderRoster(actor, reply, id, {}, status, refused);
    }
  }

  /** 受理: the officer acknowledges the roster version shown on the page. */
  @Post('acknowledgement')
  @HttpCode(303)
  @Roles('OFFICER', 'ADMIN')
  async acknowledge(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Body() body: Record<string, unknown>,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const version =
      typeof body.version === 'string' && /^\d{1,9}$/.test(body.version) ? Number(body.version) : NaN;
    try {
      await this.rosters.acknowledge(actor, id, { version });
      await reply.status(303).redirect(`/contracts/${id}/workers?flash=acknowledged`);
    } catch (error) {
      const { status, form: refused } = refusalOf(error, {});
      await this.renderRoster(actor, reply, id, {}, status, blank, refused.formError);
    }
  }

  @Get(':workerId/edit')
  @Roles('CONTRACTOR', 'OFFICER', 'ADMIN')
  async editForm(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Param('workerId', UuidPipe) workerId: string,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const worker = await this.findWorker(actor, id, workerId);
    const values = {
      name: worker.name,
      employerContractorId: worker.employerContractorId,
      employmentType: worker.employmentType,
      dispatchAgencyName: worker.dispatchAgencyName ?? '',
      role: worker.role,
      workLocation: worker.workLocation,
      trainingDate: worker.trainingDate ?? '',
      pledgeDate: worker.pledgeDate ?? '',
      version: String(worker.version),
    };
    await this.renderEdit(actor, reply, id, worker, 200, { ...blank, values });
  }

  @Post(':workerId/edit')
  @HttpCode(303)
  @Roles('CONTRACTOR', 'OFFICER', 'ADMIN')
  async update(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Param('workerId', UuidPipe) workerId: string,
    @Body() body: Record<string, unknown>,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const values = pick(body, [...WORKER_FIELDS, 'version']);
    const form = await parseForm(UpdateWorkerRequest, workerInputOf(body, 'update'));
    if (!form.ok) {
      const worker = await this.findWorker(actor, id, workerId);
      const state = invalidForm(explainFutureDates(form.errors, body), values);
      return this.renderEdit(actor, reply, id, worker, 400, state);
    }
    try {
      await this.workers.update(actor, id, workerId, form.value);
      await reply.status(303).redirect(`/contracts/${id}/workers?flash=worker-saved&worker=${workerId}`);
    } catch (error) {
      const { status, form: refused } = refusalOf(error, values);
      await this.renderEdit(actor, reply, id, await this.findWorker(actor, id, workerId), status, refused);
    }
  }

  @Post(':workerId/remove')
  @HttpCode(303)
  @Roles('CONTRACTOR', 'OFFICER', 'ADMIN')
  async remove(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Param('workerId', UuidPipe) workerId: string,
    @Body() body: Record<string, unknown>,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const worker = await this.findWorker(actor, id, workerId);
    const confirmed = await confirmFirst(this.page, actor, reply, body, {
      title: '従事者の削除の確認',
      what: `${worker.name}さん（${worker.role}）を従事者名簿から削除します。`,
      consequences: [
        '削除すると、この方は名簿に表示されなくなり、元に戻すことはできません（削除したことは監査ログに記録されます。）。',
      ],
      back: `/contracts/${id}/workers`,
      danger: true,
    });
    if (!confirmed) return;
    try {
      await this.workers.remove(actor, id, workerId);
      await reply.status(303).redirect(`/contracts/${id}/workers?flash=worker-removed`);
    } catch (error) {
      const { status, form: refused } = refusalOf(error, {});
      await this.renderRoster(actor, reply, id, {}, status, { ...blank, formError: refused.formError });
    }
  }

  private async renderRoster(
    actor: Actor,
    reply: FastifyReply,
    id: string,
    query: Record<string, unknown>,
    status: number,
    form: FormState,
    acknowledgeError: string | null = null,
  ): Promise<void> {
    const contract = await this.contracts.get(actor, id);
    const cursor = typeof query.cursor === 'string' && query.cursor ? query.cursor : undefined;
    const [page, tiers, roster] = await Promise.all([
      this.workers.list(actor, id, { limit: 100, ...(cursor ? { cursor } : {}) }),
      this.views.tiers(actor, id),
      this.rosters.get(actor, id),
    ]);
    const canEdit = EDITORS.includes(actor.role) && ['DRAFT', 'ACTIVE'].includes(contract.status);
    const model = await this.page.model(actor, reply, `従事者名簿（${contract.contractNumber}）`, {
      // A worker's flash names the worker (?worker=<id>); the roster's, the contract.
      flash: flashOf(
        query,
        query.worker ? page.items.find((w) => w.id === query.worker)?.name : contract.title,
      ),
      contract,
      workers: page.items,
      roster,
      acknowledgeError,
      canEdit,
      employers: canEdit ? this.views.employers(contract, tiers) : [],
      ...choices(contract),
      form,
      ...pageLinks(`/contracts/${id}/workers`, { cursor }, page.nextCursor),
    });
    await reply.status(status).view('contracts/workers', model);
  }

  private async renderEdit(
    actor: Actor,
    reply: FastifyReply,
    id: string,
    worker: WorkerResponse,
    status: number,
    form: FormState,
  ): Promise<void> {
    const [contract, tiers] = await Promise.all([this.contracts.get(actor, id), this.views.tiers(actor, id)]);
    const model = await this.page.model(actor, reply, `従事者の変更（${worker.name}）`, {
      contract,
      worker,
      employers: this.views.employers(contract, tiers),
      ...choices(contract, worker.workLocation),
      form,
    });
    await reply.status(status).view('contracts/worker-edit', model);
  }

  /** The roster has no single-worker read; rosters are short, so the page is found by walking the list. */
  private async findWorker(actor: Actor, id: string, workerId: string): Promise<WorkerResponse> {
    const all = await allPages((cursor) =>
      this.workers.list(actor, id, { limit: 100, ...(cursor ? { cursor } : {}) }),
    );
    const worker = all.find((w) => w.id === workerId);
    if (!worker) throw WorkerErrors.notFound();
    return worker;
  }
}

/**
 * The selects of the worker forms: the employment types, and the places the contract names (a select, so only
 * those can be chosen; a worker already at a place the contract no longer names keeps it on the edit form).
 * `places` is empty while the contract names none: the form then takes any place as text.
 */
function choices(
  contract: ContractResponse,
  current?: string,
): { employmentTypes: { value: string; label: string }[]; places: string[] } {
  const places = [...contract.workLocations];
  if (places.length > 0 && current !== undefined && !places.includes(current)) places.push(current);
  return {
    employmentTypes: EMPLOYMENT_TYPES.map((value) => ({ value, label: LABELS.employmentType[value] })),
    places,
  };
}
