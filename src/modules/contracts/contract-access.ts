import type { EntityManager } from 'typeorm';
import type { Actor } from '../../common/auth/actor';
import { canSeeContractor } from '../../common/auth/scope';
import { Contract } from './contract.entity';
import { ContractErrors } from './contracts.errors';

/**
 * The contract, if the caller may see it: staff see every contract, a CONTRACTOR only its own company's.
 * Another company's contract answers 404 exactly like a missing one.
 */
export async function findVisibleContract(
  manager: EntityManager,
  actor: Actor,
  id: string,
): Promise<Contract> {
  const contract = await manager.findOneBy(Contract, { id });
  if (!contract || !canSeeContractor(actor, contract.contractorId)) throw ContractErrors.notFound();
  return contract;
}
