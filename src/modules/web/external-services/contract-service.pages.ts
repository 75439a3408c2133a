import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { DataSource, In } from 'typeorm';
import { CurrentActor, Roles } from '../../../common/auth/access.decorator';
import type { Actor } from '../../../common/auth/actor';
import { UuidPipe } from '../../../common/validation/uuid.pipe';
import { findVisibleContract } from '../../contracts/contract-access';
import { ContractServicesService } from '../../external-services/contract-services.service';
import { SetContractServicesRequest } from '../../external-services/dto/contract-services.dto';
import { ExternalService } from '../../external-services/external-service.entity';
import { flashOf, WebPage } from '../web-page';
import { formValue } from '../web-urls';
import { runForm, type FormState } from '../work/work-forms';

/** Services a contract may name: registered, neither rejected nor ending. */
const NAMEABLE = ['DRAFT', 'APPLIED', 'APPROVED', 'SUSPENDED'] as const;

/**
 * The external services a contract uses (its cloud clause cites them; its approval waits for them to be APPROVED):
 * chosen from the register while the contract is a draft, shown as named afterwards.
 */
@ApiExcludeController()
@Controller('contracts/:id/external-services')
export class ContractServicePages {
  constructor(
    private readonly page: WebPage,
    private readonly named: ContractServicesService,
    private readonly dataSource: DataSource,
  ) {}

  @Get()
  @Roles('OFFICER', 'ADMIN', 'AUDITOR')
  async view(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Query() query: Record<string, unknown>,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.render(actor, reply, id, { flash: flashOf(query) });
  }

  @Post()
  @Roles('OFFICER', 'ADMIN')
  async save(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Body() body: Record<string, unknown>,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const raw = body.serviceIds;
    const serviceIds = Array.isArray(raw) ? raw : typeof raw === 'string' ? [raw] : [];
    await runForm(reply, {
      dto: SetContractServicesRequest,
      input: { version: formValue.int(body.version), serviceIds },
      body,
      fields: {
        'CONTRACT.NOT_CLOUD': 'serviceIds',
        'CONTRACT.EXTERNAL_SERVICE_UNKNOWN': 'serviceIds',
      },
      run: (input) => this.named.set(actor, id, input),
      show: (state, status) => this.render(actor, reply, id, state, status),
      redirect: () => `/contracts/${id}/external-services?flash=contract-services-saved`,
    });
  }

  private async render(
    actor: Actor,
    reply: FastifyReply,
    id: string,
    state: FormState = {},
    status = 200,
  ): Promise<void> {
    const manager = this.dataSource.manager;
    const contract = await findVisibleContract(manager, actor, id);
    const current = await this.named.get(actor, id);
    const editable =
      contract.status === 'DRAFT' &&
      contract.usesCloud &&
      (actor.role === 'OFFICER' || actor.role === 'ADMIN');
    const chosen = new Set(
      state.values ? [state.values.serviceIds ?? []].flat().map(String) : current.services.map((s) => s.id),
    );
    const register = editable
      ? await manager.find(ExternalService, {
          select: { id: true, name: true, providerName: true, status: true, confidentialityClass: true },
          where: { status: In([...NAMEABLE]) },
          order: { name: 'ASC' },
        })
      : [];
    const model = await this.page.model(actor, reply, `利用する外部サービス（${contract.contractNumber}）`, {
      flash: state.flash ?? null,
      errors: state.errors ?? {},
      formError: state.formError ?? null,
      contract,
      current,
      editable,
      options: register.map((s, i) => ({
        id: `f-serviceIds-${i}`,
        value: s.id,
        name: s.name,
        providerName: s.providerName,
        status: s.status,
        confidentialityClass: s.confidentialityClass,
        checked: chosen.has(s.id),
      })),
    });
    await reply.status(status).view('external-services/contract', model);
  }
}
