import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor } from '../../common/auth/actor';
import { StaleVersionError } from '../../common/errors/domain-error';
import { insertRows } from '../../database/insert';
import { TransactionService } from '../../database/transaction.service';
import { findVisibleContract, lockContract } from '../contracts/contract-access';
import { Contract } from '../contracts/contract.entity';
import { checkNameable, ContractServiceErrors, namedServices } from './contract-services';
import type { ContractServicesResponse, SetContractServicesRequest } from './dto/contract-services.dto';
import { ContractExternalService } from './external-service.entity';

/** The registered external services a cloud-using contract names (its cloud clause cites them). */
@Injectable()
export class ContractServicesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tx: TransactionService,
  ) {}

  async get(actor: Actor, contractId: string): Promise<ContractServicesResponse> {
    const manager = this.dataSource.manager;
    return this.respond(manager, await findVisibleContract(manager, actor, contractId));
  }

  /** Replaces the list while the contract is DRAFT; the contract's version moves (its 特記事項 text changes). */
  set(
    actor: Actor,
    contractId: string,
    input: SetContractServicesRequest,
  ): Promise<ContractServicesResponse> {
    return this.tx.run(async (t) => {
      await lockContract(t.manager, contractId);
      const contract = await findVisibleContract(t.manager, actor, contractId);
      if (contract.version !== input.version)
        throw new StaleVersionError('CONTRACT', { currentVersion: contract.version });
      if (contract.status !== 'DRAFT') throw ContractServiceErrors.notDraft();
      if (!contract.usesCloud && input.serviceIds.length) throw ContractServiceErrors.notCloud();
      await checkNameable(t.manager, input.serviceIds);
      const before = (await namedServices(t.manager, contractId)).map((s) => s.id);
      await t.manager.delete(ContractExternalService, { contractId });
      if (input.serviceIds.length)
        await insertRows(
          t.manager,
          ContractExternalService,
          input.serviceIds.map((externalServiceId, position) => ({
            id: randomUUID(),
            contractId,
            externalServiceId,
            position,
          })),
        );
      const next = { version: contract.version + 1, updatedAt: new Date() };
      const result = await t.manager.update(
        Contract,
        { id: contractId, version: contract.version, status: 'DRAFT' },
        next,
      );
      if (!result.affected) throw new StaleVersionError('CONTRACT');
      await t.audit({
        actor,
        action: 'contract.external_services',
        entityType: 'contract',
        entityId: contractId,
        summary: { before, after: input.serviceIds },
      });
      return this.respond(t.manager, { ...contract, ...next });
    });
  }

  private async respond(manager: EntityManager, contract: Contract): Promise<ContractServicesResponse> {
    const services = await namedServices(manager, contract.id);
    return {
      contractId: contract.id,
      contractVersion: contract.version,
      usesCloud: contract.usesCloud,
      services: services.map((s) => ({
        id: s.id,
        name: s.name,
        providerName: s.providerName,
        model: s.model,
        confidentialityClass: s.confidentialityClass,
        status: s.status,
      })),
    };
  }
}
