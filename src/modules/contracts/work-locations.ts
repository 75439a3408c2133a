import type { Contract } from './contract.entity';
import { WorkerRuleErrors } from './roster.errors';

/**
 * A worker's place must be one the contract names (WORK_LOCATION clause, 第1項: the work is done at the places
 * stated; 第2項: anywhere else needs the body's prior written approval, which is a change of the contract). While
 * the contract names none, the clause leaves the places to the body's approval and any place is taken.
 */
export function checkLocation(contract: Pick<Contract, 'workLocations'>, place: string): string {
  const allowed = contract.workLocations;
  if (allowed.length === 0) return place;
  const wanted = printedPlace(place);
  const match = allowed.find((p) => printedPlace(p) === wanted);
  if (match === undefined) throw WorkerRuleErrors.locationNotAllowed(allowed);
  return match;
}

/** A place as the clause prints it (the clause check normalises text to NFC and trims it). */
export function printedPlace(place: string): string {
  return place.normalize('NFC').trim();
}
