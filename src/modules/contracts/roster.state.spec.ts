import {
  nextRosterStatus,
  ROSTER_EVENT_ROLES,
  ROSTER_STATUS_LABELS,
  ROSTER_STATUSES,
  type RosterEvent,
} from './roster.state';

/** The acknowledgement (受理) lifecycle, written out apart from the table in roster.state.ts. */
const EXPECTED: Record<string, Record<RosterEvent, string | null>> = {
  UNACKNOWLEDGED: { change: 'UNACKNOWLEDGED', acknowledge: 'ACKNOWLEDGED' },
  ACKNOWLEDGED: { change: 'CHANGED', acknowledge: null },
  CHANGED: { change: 'CHANGED', acknowledge: 'ACKNOWLEDGED' },
};

describe('roster acknowledgement lifecycle', () => {
  it.each(
    ROSTER_STATUSES.flatMap((from) => (['change', 'acknowledge'] as const).map((e) => [from, e] as const)),
  )('%s --%s-->', (from, event) => {
    expect(nextRosterStatus(from, event)).toBe(EXPECTED[from][event]);
  });

  it('should list every state of the expected table, and no other', () => {
    expect([...ROSTER_STATUSES].sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it('should leave acknowledgement to staff and changes to the contractor and staff', () => {
    expect([...ROSTER_EVENT_ROLES.acknowledge].sort()).toEqual(['ADMIN', 'OFFICER']);
    expect([...ROSTER_EVENT_ROLES.change].sort()).toEqual(['ADMIN', 'CONTRACTOR', 'OFFICER']);
  });

  it('should print each state as 受理の状況 in the words written apart', () => {
    expect(ROSTER_STATUS_LABELS).toEqual({
      UNACKNOWLEDGED: '未受理',
      ACKNOWLEDGED: '受理済み',
      CHANGED: '変更あり・未受理',
    });
  });
});
