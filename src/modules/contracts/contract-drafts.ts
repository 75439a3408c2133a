// The checks and clause-row writes behind creating and editing a draft contract (ContractsService).
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { insertRows } from '../../database/insert';
import { Contractor } from '../contractors/contractor.entity';
import { User } from '../users/user.entity';
import { ContractClause } from './contract-clause.entity';
import { ContractWorker } from './contract-worker.entity';
import { ContractErrors } from './contracts.errors';
import { printedPlace } from './work-locations';

/** A clause chosen for a contract, with the parameter values the officer set. */
interface ChosenClause {
  code: string;
  params: Record<string, number | string>;
}

/** A draft's clause rows replaced by these (after an attribute change or PUT …/clauses). */
export async function replaceClauses(
  manager: EntityManager,
  contractId: string,
  clauses: ChosenClause[],
): Promise<void> {
  await manager.delete(ContractClause, { contractId });
  await insertClauses(manager, contractId, clauses);
}

/** Clause rows added, without deleting: the parameters only; the texts are rendered at approval. */
export async function insertClauses(
  manager: EntityManager,
  contractId: string,
  clauses: ChosenClause[],
): Promise<void> {
  if (clauses.length === 0) return;
  await insertRows(
    manager,
    ContractClause,
    clauses.map((c) => ({
      id: randomUUID(),
      contractId,
      clauseCode: c.code,
      params: c.params,
      articleNo: null,
      title: null,
      renderedText: null,
      catalogueVersion: null,
      questions: null,
    })),
  );
}

/** A contract is made only with an ACTIVE contractor. */
export async function checkContractor(manager: EntityManager, contractorId: string): Promise<void> {
  const contractor = await manager.findOneBy(Contractor, { id: contractorId });
  if (!contractor || contractor.status !== 'ACTIVE') throw ContractErrors.contractorUnavailable();
}

/** The officer in charge is an active OFFICER or ADMIN user. */
export async function checkOfficer(manager: EntityManager, userId: string): Promise<void> {
  const user = await manager.findOneBy(User, { id: userId });
  if (!user?.active || (user.role !== 'OFFICER' && user.role !== 'ADMIN'))
    throw ContractErrors.officerUnavailable();
}

/**
 * The places a request names: `workLocations`, or the older single `workLocation` (null: none); undefined when
 * neither is sent. Both at once, or a place twice (as printed: NFC-normalised and trimmed), is refused.
 */
export function placesOf(
  list: string[] | undefined,
  single: string | null | undefined,
): string[] | undefined {
  if (list !== undefined && single !== undefined) throw ContractErrors.workLocationAmbiguous();
  const raw = list ?? (single === undefined ? undefined : single === null ? [] : [single]);
  if (raw === undefined) return undefined;
  // Stored as sent (the API reads back what it was given); compared as the clause prints them.
  const printed = raw.map(printedPlace);
  const twice = raw.filter((_p, i) => printed.indexOf(printed[i]) !== i);
  if (twice.length > 0) throw ContractErrors.workLocationDuplicate([...new Set(twice)]);
  return raw;
}

/**
 * A draft's places cannot leave out one where a roster entry already is: the entry would name a place the contract
 * no longer names. (With no places named, the clause leaves them to the body and every entry stands.)
 */
export async function checkPlacesInUse(
  manager: EntityManager,
  contractId: string,
  places: string[],
): Promise<void> {
  if (places.length === 0) return;
  const workers = await manager.find(ContractWorker, {
    select: { id: true, name: true, workLocation: true },
    where: { contractId },
  });
  const printed = places.map(printedPlace);
  const outside = workers.filter((w) => !printed.includes(printedPlace(w.workLocation)));
  if (outside.length > 0) {
    throw ContractErrors.workLocationInUse(
      outside.map((w) => ({ name: w.name, workLocation: w.workLocation })),
    );
  }
}
