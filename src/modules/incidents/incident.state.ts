import type { Role } from '../users/user.entity';

export const INCIDENT_STATUSES = [
  'REPORTED',
  'UNDER_REVIEW',
  'DETAILED_REPORT_REQUESTED',
  'DETAILED_REPORT_SUBMITTED',
  'CLOSED',
] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

export type IncidentStep = 'report' | 'review' | 'requestDetail' | 'submitDetail' | 'close';

export interface IncidentTransition {
  /** null: the step creates the incident. */
  from: readonly IncidentStatus[] | null;
  to: IncidentStatus;
  roles: readonly Role[];
  /** Japanese name of the step, for messages. */
  label: string;
}

const STAFF: readonly Role[] = ['OFFICER', 'ADMIN'];

/**
 * 事故報告 (特記事項 事故発生時の報告; MIC guideline item 10): the contractor reports at once (第1項, the 第一報), the
 * body takes it up, and the contractor files the written report of the cause, the extent of the damage, the measures
 * taken and the prevention of recurrence (第2項). The clause makes that report due within its days whether or not the
 * body asks for it, so the contractor may file it from the first report on; the officer may also ask for it (or for
 * more, once one is filed: a report that misses something is asked for again). The officer closes the incident once
 * the written report is in.
 */
export const INCIDENT_TRANSITIONS: Readonly<Record<IncidentStep, IncidentTransition>> = {
  report: { from: null, to: 'REPORTED', roles: ['CONTRACTOR'], label: '事故の報告' },
  review: { from: ['REPORTED'], to: 'UNDER_REVIEW', roles: STAFF, label: '事故報告の受付' },
  requestDetail: {
    from: ['UNDER_REVIEW', 'DETAILED_REPORT_SUBMITTED'],
    to: 'DETAILED_REPORT_REQUESTED',
    roles: STAFF,
    label: '事故報告書の提出の求め',
  },
  submitDetail: {
    from: ['REPORTED', 'UNDER_REVIEW', 'DETAILED_REPORT_REQUESTED'],
    to: 'DETAILED_REPORT_SUBMITTED',
    roles: ['CONTRACTOR'],
    label: '事故報告書の提出',
  },
  close: { from: ['DETAILED_REPORT_SUBMITTED'], to: 'CLOSED', roles: STAFF, label: '事故対応の完了' },
};

/** Whether `step` may be taken from `status` (ignoring who takes it). */
export function canTake(step: IncidentStep, status: IncidentStatus | null): boolean {
  const from = INCIDENT_TRANSITIONS[step].from;
  return from === null ? status === null : status !== null && from.includes(status);
}

export function mayTake(step: IncidentStep, role: Role): boolean {
  return INCIDENT_TRANSITIONS[step].roles.includes(role);
}

export const INCIDENT_STATUS_LABELS: Readonly<Record<IncidentStatus, string>> = {
  REPORTED: '報告あり（未受付）',
  UNDER_REVIEW: '確認中',
  DETAILED_REPORT_REQUESTED: '報告書の提出待ち',
  DETAILED_REPORT_SUBMITTED: '報告書の確認中',
  CLOSED: '完了',
};
