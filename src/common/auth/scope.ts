import type { Actor } from './actor';

/**
 * A CONTRACTOR reaches only rows of its own company; for it, another company's row does not exist (404, never
 * 403, so ids cannot be probed). Returns the contractor id a query must be limited to, or null for staff roles.
 */
export function contractorScope(actor: Actor): string | null {
  if (actor.role !== 'CONTRACTOR') return null;
  // A CONTRACTOR user always has a company (enforced on create/update); fail closed if the data says otherwise.
  return actor.contractorId ?? '00000000-0000-0000-0000-000000000000';
}

export function canSeeContractor(actor: Actor, contractorId: string): boolean {
  const scope = contractorScope(actor);
  return scope === null || scope === contractorId;
}
