import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { ContractRoster } from './contract-roster.entity';
import type { ContractWorker } from './contract-worker.entity';
import { RosterErrors } from './roster.errors';
import { nextRosterStatus } from './roster.state';
import { Subcontract } from './subcontract.entity';

/**
 * Records the roster shares between the worker service (changes) and the roster service (acknowledgement, PDF).
 */

/** The roster's row, or null while nothing was ever added. */
export function findRoster(manager: EntityManager, contractId: string): Promise<ContractRoster | null> {
  return manager.findOneBy(ContractRoster, { contractId });
}

/**
 * A change to the roster (add, edit, removal), in the change's transaction: the revision goes up and the state
 * follows the transition table (an acknowledged roster becomes CHANGED). The caller holds the contract's row lock,
 * so two changes cannot both create the row or count the same revision.
 */
export async function recordRosterChange(
  manager: EntityManager,
  contractId: string,
  now: Date,
): Promise<ContractRoster> {
  const roster = await findRoster(manager, contractId);
  if (!roster) {
    const created: ContractRoster = {
      contractId,
      status: 'UNACKNOWLEDGED',
      revision: 1,
      acknowledgedRevision: null,
      acknowledgedSha256: null,
      acknowledgedWorkers: null,
      acknowledgedAt: null,
      acknowledgedBy: null,
      updatedAt: now,
    };
    await manager.insert(ContractRoster, created);
    return created;
  }
  const status = nextRosterStatus(roster.status, 'change');
  if (status === null) throw RosterErrors.invalidTransition(roster.status, 'change');
  const next = { status, revision: roster.revision + 1, updatedAt: now };
  const result = await manager.update(ContractRoster, { contractId, revision: roster.revision }, next);
  if (!result.affected) throw RosterErrors.stale();
  return { ...roster, ...next };
}

/** Whether the last acknowledgement covers this entry as it is now. */
export function isAcknowledged(
  roster: ContractRoster | null,
  worker: Pick<ContractWorker, 'id' | 'version'>,
): boolean {
  return roster?.acknowledgedWorkers?.[worker.id] === worker.version;
}

/** What identifies the roster's content: every entry's fields, in id order. */
export function rosterSha256(workers: readonly ContractWorker[]): string {
  const rows = [...workers]
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((w) => [
      w.id,
      w.version,
      w.name,
      w.employerContractorId,
      w.employmentType,
      w.dispatchAgencyName,
      w.role,
      w.workLocation,
      w.trainingDate,
      w.pledgeDate,
    ]);
  return createHash('sha256').update(JSON.stringify(rows), 'utf8').digest('hex');
}

/**
 * The sub-contracting tier of each approved sub-contractor of the contract (1 under the contractor, 2 under
 * one of those, …); a company approved at two places keeps the nearer one.
 */
export async function approvedTiers(
  manager: EntityManager,
  contractId: string,
): Promise<Map<string, number>> {
  const rows = await manager.find(Subcontract, {
    select: { id: true, contractorId: true, parentSubcontractId: true, status: true },
    where: { contractId },
  });
  const byId = new Map(rows.map((r) => [r.id, r]));
  const depth = (row: Subcontract): number => {
    let n = 1;
    for (let p = row.parentSubcontractId; p !== null && n <= rows.length; n++) {
      p = byId.get(p)?.parentSubcontractId ?? null;
    }
    return n;
  };
  const tiers = new Map<string, number>();
  for (const row of rows) {
    // A tier proposed for a company the body has not registered yet has no contractor: it employs nobody.
    const contractorId: string | null = row.contractorId;
    if (row.status !== 'APPROVED' || !contractorId) continue;
    const tier = depth(row);
    tiers.set(contractorId, Math.min(tiers.get(contractorId) ?? tier, tier));
  }
  return tiers;
}
