import type { WorkerRosterEntry, WorkerRosterInput } from '../worker-roster';

/** A roster as a real contract would have it: the prime's staff, a dispatched worker, a second-tier freelancer. */
export function workerRosterFixture(overrides: Partial<WorkerRosterInput> = {}): WorkerRosterInput {
  const workers: WorkerRosterEntry[] = [
    {
      name: '置賜 花子',
      employerName: '株式会社置賜データサービス',
      employerTier: 0,
      employmentType: 'EMPLOYEE',
      dispatchAgencyName: null,
      role: '業務責任者',
      workLocation: '置賜広域行政事務組合本庁舎3階電算室',
      trainingDate: '2026-04-10',
      pledgeDate: '2026-04-01',
      acknowledged: true,
    },
    {
      name: '髙橋 一郎',
      employerName: '株式会社置賜データサービス',
      employerTier: 0,
      employmentType: 'DISPATCHED',
      dispatchAgencyName: '株式会社米沢人材サービス',
      role: '運用担当',
      workLocation: '乙の米沢開発センター（山形県米沢市）',
      trainingDate: null,
      pledgeDate: '2026-12-31',
      acknowledged: true,
    },
    {
      name: '山﨑 次郎',
      employerName: '山﨑システム設計事務所',
      employerTier: 2,
      employmentType: 'FREELANCE',
      dispatchAgencyName: null,
      role: '帳票設計',
      workLocation: '乙の米沢開発センター（山形県米沢市）',
      trainingDate: '2026-05-20',
      pledgeDate: null,
      acknowledged: false,
    },
  ];
  return {
    orgName: '置賜広域行政事務組合',
    contract: {
      contractNumber: 'R8-情政-0012',
      title: '住民情報システム運用保守業務委託',
      startDate: '2026-04-01',
      endDate: '2027-03-31',
    },
    contractorName: '株式会社置賜データサービス',
    asOf: '2026-12-05',
    workLocations: ['置賜広域行政事務組合本庁舎3階電算室', '乙の米沢開発センター（山形県米沢市）'],
    acknowledgement: { status: 'CHANGED', date: '2026-11-30', by: '契約 担当', revision: 3 },
    workers,
    removedSinceAcknowledgement: 1,
    revision: 5,
    contentSha256: 'ab'.repeat(32),
    ...overrides,
  };
}
