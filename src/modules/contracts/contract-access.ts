import { In, type EntityManager } from 'typeorm';
import type { Actor } from '../../common/auth/actor';
import { canSeeContractor } from '../../common/auth/scope';
import { Contractor } from '../contractors/contractor.entity';
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

/** SELECT … FOR UPDATE on the contract row; SQLite needs none (TransactionService serialises its writers). */
export async function lockContract(manager: EntityManager, id: string): Promise<void> {
  if (manager.connection.options.type === 'better-sqlite3') return;
  await manager
    .createQueryBuilder(Contract, 'c')
    .select('c.id')
    .where('c.id = :id', { id })
    .setLock('pessimistic_write')
    .getOne();
}

/** Names of the given contractors, in one query. */
export async function contractorNames(manager: EntityManager, ids: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await manager.find(Contractor, {
    select: { id: true, name: true },
    where: { id: In(unique) },
  });
  return new Map(rows.map((c) => [c.id, c.name]));
}
