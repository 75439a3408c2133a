import type { EntityManager } from 'typeorm';
import { formatWareki } from '../../common/dates/wareki';
import type { PlannedNotification } from './notification.types';
import { findActiveUsers } from './recipients';
import { subjectOf } from './reminder-messages';

/**
 * Notices to the body's staff of work waiting for them: a 再委託 request to register and decide, and a worker
 * roster changed after its 受理. Planned inside the transaction of the write that causes them, and keyed so
 * that repeating the write (or a retried request) never stores a second one.
 */

/** Kinds of the notices below, as stored in `notification.kind`. */
export const PENDING_WORK_KINDS = {
  subcontractRequested: 'subcontract-requested',
  rosterChanged: 'roster-changed',
} as const;

/** What a notice needs to know about the contract. */
export interface ContractFacts {
  id: string;
  contractNumber: string;
  title: string;
  contractorName: string;
  /** The contract's responsible officer (契約担当者), when it names one. */
  officerUserId: string | null;
}

/**
 * Who decides: the contract's responsible officer (if still an active OFFICER or ADMIN) and every active ADMIN
 * (情報セキュリティ管理者); a contract without a responsible officer goes to every active OFFICER and ADMIN. The
 * person whose own action caused the notice is left out (they know already).
 */
export async function deciders(
  manager: EntityManager,
  contract: Pick<ContractFacts, 'officerUserId'>,
  exceptUserId: string | null,
): Promise<string[]> {
  const staff = await findActiveUsers(manager, { roles: ['OFFICER', 'ADMIN'] });
  const officer = staff.find((u) => u.id === contract.officerUserId);
  const chosen = officer ? staff.filter((u) => u.role === 'ADMIN' || u.id === officer.id) : staff;
  return chosen.map((u) => u.id).filter((id) => id !== exceptUserId);
}

export interface SubcontractRequestFacts {
  subcontractId: string;
  /** The proposed or registered sub-contractor's name. */
  subcontractorName: string;
  scope: string;
  plannedStartDate: string;
  /** A company the body has already registered (the officer can decide at once). */
  registered: boolean;
  /** Requested by the contractor itself (not entered by staff from a paper request). */
  byContractor: boolean;
}

/** A 再委託 request waits for registration and a decision (特記事項 再委託の制限 第1項ただし書・第2項). */
export function subcontractRequestedNotice(
  contract: ContractFacts,
  f: SubcontractRequestFacts,
  userIds: string[],
): PlannedNotification {
  const who = f.byContractor ? `委託先（${contract.contractorName}）から` : '';
  return {
    userIds,
    kind: PENDING_WORK_KINDS.subcontractRequested,
    subject: subjectOf(`再委託の承認の申請がありました（契約番号 ${contract.contractNumber}）`),
    body: [
      '契約担当者各位',
      '',
      `${who}次の契約について、再委託の承認の申請がありました。`,
      f.registered
        ? '申請の内容を確認し、承認又は不承認を決定してください。'
        : '申請の内容を確認し、再委託先を事業者として登録したうえで、承認又は不承認を決定してください。',
      '',
      `契約番号　：${contract.contractNumber}`,
      `契約件名　：${contract.title}`,
      `委託先　　：${contract.contractorName}`,
      `再委託先　：${f.subcontractorName}`,
      `再委託の範囲：${f.scope}`,
      `開始予定日：${formatWareki(f.plannedStartDate)}`,
    ].join('\n'),
    link: `/contracts/${contract.id}/subcontracts/${f.subcontractId}`,
    dedupeKey: `subcontract-requested:${f.subcontractId}`,
  };
}

/**
 * The roster changed after it was acknowledged. Keyed by the acknowledged revision: every change until the next
 * 受理 belongs to the same change set and plans the same key, so the officers hear of it once; the next 受理
 * records a new revision, and the next change after it is a new change set.
 */
export function rosterChangedNotice(
  contract: ContractFacts,
  acknowledgedRevision: number,
  userIds: string[],
): PlannedNotification {
  return {
    userIds,
    kind: PENDING_WORK_KINDS.rosterChanged,
    subject: subjectOf(`受理済みの従事者名簿が変更されました（契約番号 ${contract.contractNumber}）`),
    body: [
      '契約担当者各位',
      '',
      '次の契約の従事者名簿が、受理した後に変更されました。',
      '変更の内容（追加、変更又は削除された従事者）を確認し、改めて受理してください。',
      'なお、受理するまでの間に更に変更があっても、この通知は重ねて送信しません。',
      '',
      `契約番号：${contract.contractNumber}`,
      `契約件名：${contract.title}`,
      `委託先　：${contract.contractorName}`,
    ].join('\n'),
    link: `/contracts/${contract.id}/workers`,
    dedupeKey: `roster-changed:${contract.id}:${acknowledgedRevision}`,
  };
}
