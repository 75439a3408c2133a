/**
 * The roster's acknowledgement (受理) as a small lifecycle. The contractor submits the roster and notifies every
 * change beforehand (WORKER_ROSTER clause, 第1項・第2項); the body acknowledges what it has been given. Any change
 * after an acknowledgement puts the roster back to "changed, not acknowledged" until the body acknowledges again.
 *
 * | from           | event        | to             |
 * |----------------|--------------|----------------|
 * | UNACKNOWLEDGED | change       | UNACKNOWLEDGED |
 * | UNACKNOWLEDGED | acknowledge  | ACKNOWLEDGED   |
 * | ACKNOWLEDGED   | change       | CHANGED        |
 * | CHANGED        | change       | CHANGED        |
 * | CHANGED        | acknowledge  | ACKNOWLEDGED   |
 *
 * Acknowledging an ACKNOWLEDGED roster is refused (nothing new to acknowledge), and so is an empty roster.
 * `change` is an add, an edit that changes something, or a removal; it is made by the contractor or by staff.
 * `acknowledge` is staff's: OFFICER or ADMIN.
 */
export const ROSTER_STATUSES = ['UNACKNOWLEDGED', 'ACKNOWLEDGED', 'CHANGED'] as const;
export type RosterStatus = (typeof ROSTER_STATUSES)[number];
export type RosterEvent = 'change' | 'acknowledge';

export const ROSTER_TRANSITIONS: Readonly<Record<RosterStatus, Partial<Record<RosterEvent, RosterStatus>>>> =
  {
    UNACKNOWLEDGED: { change: 'UNACKNOWLEDGED', acknowledge: 'ACKNOWLEDGED' },
    ACKNOWLEDGED: { change: 'CHANGED' },
    CHANGED: { change: 'CHANGED', acknowledge: 'ACKNOWLEDGED' },
  };

/** Roles that may cause each event. */
export const ROSTER_EVENT_ROLES: Readonly<Record<RosterEvent, readonly string[]>> = {
  change: ['CONTRACTOR', 'OFFICER', 'ADMIN'],
  acknowledge: ['OFFICER', 'ADMIN'],
};

/** The state after `event`, or null when the table has no such transition. */
export function nextRosterStatus(from: RosterStatus, event: RosterEvent): RosterStatus | null {
  return ROSTER_TRANSITIONS[from][event] ?? null;
}

/** 受理の状況 as printed (web page, PDF). */
export const ROSTER_STATUS_LABELS: Readonly<Record<RosterStatus, string>> = {
  UNACKNOWLEDGED: '未受理',
  ACKNOWLEDGED: '受理済み',
  CHANGED: '変更あり・未受理',
};
