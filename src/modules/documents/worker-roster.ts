import { assertInputObject, InputChecker, MAX_FIELD_LENGTH } from './document-input';

/**
 * 従事者名簿: the roster of a contract as it stands on a day, as the body reads it (WORKER_ROSTER clause: name,
 * employment type, the company each worker belongs to, role and work place; 研修 and 誓約書 dates), with the
 * state of the body's acknowledgement (受理). A printout of the current roster, not an issued document: the
 * footer's 照合番号 (the first characters of the SHA-256 of the roster's content) and 版 (its revision) tie a
 * printed copy to the acknowledgement recorded for it.
 */
export interface WorkerRosterInput {
  /** The body (甲). */
  orgName: string;
  contract: { contractNumber: string; title: string; startDate: string; endDate: string };
  /** 乙. */
  contractorName: string;
  /** `YYYY-MM-DD`: the day the roster is printed as of (和暦). */
  asOf: string;
  /** The places the contract names; empty: none named. */
  workLocations: string[];
  acknowledgement: WorkerRosterAcknowledgement;
  workers: WorkerRosterEntry[];
  /** Entries covered by the last acknowledgement that have been removed since. */
  removedSinceAcknowledgement: number;
  /** The roster's revision (版) and the SHA-256 of its content. */
  revision: number;
  contentSha256: string;
}

export const WORKER_ROSTER_STATES = ['UNACKNOWLEDGED', 'ACKNOWLEDGED', 'CHANGED'] as const;

export interface WorkerRosterAcknowledgement {
  status: (typeof WORKER_ROSTER_STATES)[number];
  /** The last acknowledgement (`YYYY-MM-DD`) and who made it; null when never acknowledged. */
  date: string | null;
  by: string | null;
  /** The revision that was acknowledged. */
  revision: number | null;
}

export const EMPLOYMENT_TYPE_LABELS = {
  EMPLOYEE: '従業員・役員',
  DISPATCHED: '派遣労働者',
  FREELANCE: '個人事業主',
} as const;

export interface WorkerRosterEntry {
  name: string;
  employerName: string;
  /** 0: 乙 itself; n: an approved sub-contractor n tiers down. */
  employerTier: number;
  employmentType: keyof typeof EMPLOYMENT_TYPE_LABELS;
  dispatchAgencyName: string | null;
  role: string;
  workLocation: string;
  trainingDate: string | null;
  pledgeDate: string | null;
  /** The last acknowledgement covers this entry as it is. */
  acknowledged: boolean;
}

/** At most this many rows: a roster is tens of people; the bound keeps one request's rendering small. */
export const MAX_ROSTER_ROWS = 2000;

export function validateWorkerRosterInput(input: WorkerRosterInput): void {
  assertInputObject(input);
  const check = new InputChecker();
  check.text('orgName', input.orgName);
  if (check.object('contract', input.contract)) {
    check.text('contract.contractNumber', input.contract.contractNumber);
    check.text('contract.title', input.contract.title);
    check.date('contract.startDate', input.contract.startDate);
    check.date('contract.endDate', input.contract.endDate);
  }
  check.text('contractorName', input.contractorName);
  check.date('asOf', input.asOf);
  if (!Array.isArray(input.workLocations)) check.add('workLocations', 'must be an array');
  else input.workLocations.forEach((p, i) => check.text(`workLocations[${i}]`, p));
  if (check.object('acknowledgement', input.acknowledgement)) {
    const a = input.acknowledgement;
    check.oneOf('acknowledgement.status', a.status, WORKER_ROSTER_STATES);
    if (a.date !== null) check.date('acknowledgement.date', a.date);
    check.optionalText('acknowledgement.by', a.by);
  }
  if (!Array.isArray(input.workers) || input.workers.length > MAX_ROSTER_ROWS) {
    check.add('workers', `must be an array of at most ${MAX_ROSTER_ROWS} entries`);
  } else {
    input.workers.forEach((w, i) => {
      const at = `workers[${i}]`;
      if (!check.object(at, w)) return;
      check.text(`${at}.name`, w.name);
      check.text(`${at}.employerName`, w.employerName);
      if (!Number.isSafeInteger(w.employerTier) || w.employerTier < 0)
        check.add(`${at}.employerTier`, 'must be ≥ 0');
      check.oneOf(
        `${at}.employmentType`,
        w.employmentType,
        Object.keys(EMPLOYMENT_TYPE_LABELS) as (keyof typeof EMPLOYMENT_TYPE_LABELS)[],
      );
      check.optionalText(`${at}.dispatchAgencyName`, w.dispatchAgencyName);
      check.text(`${at}.role`, w.role);
      check.text(`${at}.workLocation`, w.workLocation, { maxLength: MAX_FIELD_LENGTH });
      if (w.trainingDate !== null) check.date(`${at}.trainingDate`, w.trainingDate);
      if (w.pledgeDate !== null) check.date(`${at}.pledgeDate`, w.pledgeDate);
    });
  }
  if (!Number.isSafeInteger(input.removedSinceAcknowledgement) || input.removedSinceAcknowledgement < 0)
    check.add('removedSinceAcknowledgement', 'must be ≥ 0');
  if (!Number.isSafeInteger(input.revision) || input.revision < 0) check.add('revision', 'must be ≥ 0');
  if (typeof input.contentSha256 !== 'string' || !/^[0-9a-f]{64}$/.test(input.contentSha256))
    check.add('contentSha256', 'must be a SHA-256 in hex');
  check.throwIfAny();
}

/** 「株式会社A」 and, under it, 「（受託者）」 or 「（再委託先・第1次）」, and the agency of a dispatched worker. */
export function employerLines(w: WorkerRosterEntry): string[] {
  const lines = [w.employerName, w.employerTier === 0 ? '（受託者）' : `（再委託先・第${w.employerTier}次）`];
  if (w.employmentType === 'DISPATCHED' && w.dispatchAgencyName)
    lines.push(`派遣元：${w.dispatchAgencyName}`);
  return lines;
}

/** Everything the roster prints, for the glyph check. */
export function printedRosterText(input: WorkerRosterInput): string {
  return [
    input.orgName,
    input.contract.contractNumber,
    input.contract.title,
    input.contractorName,
    input.acknowledgement.by ?? '',
    ...input.workLocations,
    ...input.workers.flatMap((w) => [w.name, ...employerLines(w), w.role, w.workLocation]),
  ].join('');
}

/** A fixed-order serialisation of the input: the document ID is derived from it. */
export function canonicalWorkerRoster(input: WorkerRosterInput): string {
  return JSON.stringify([
    input.orgName,
    [input.contract.contractNumber, input.contract.title, input.contract.startDate, input.contract.endDate],
    input.contractorName,
    input.asOf,
    input.workLocations,
    [
      input.acknowledgement.status,
      input.acknowledgement.date,
      input.acknowledgement.by,
      input.acknowledgement.revision,
    ],
    input.workers.map((w) => [
      w.name,
      w.employerName,
      w.employerTier,
      w.employmentType,
      w.dispatchAgencyName,
      w.role,
      w.workLocation,
      w.trainingDate,
      w.pledgeDate,
      w.acknowledged,
    ]),
    input.removedSinceAcknowledgement,
    input.revision,
    input.contentSha256,
  ]);
}
