import { Injectable } from '@nestjs/common';
import { DataSource, In, type EntityManager, type ObjectLiteral, type EntityTarget } from 'typeorm';
import { AssessmentItem } from '../assessments/assessment-item.entity';
import { Assessment } from '../assessments/assessment.entity';
import { Contractor } from '../contractors/contractor.entity';
import { Contract } from '../contracts/contract.entity';
import { Subcontract } from '../contracts/subcontract.entity';
import { Evidence } from '../evidence/evidence.entity';
import { ImprovementOrder } from '../improvement-orders/improvement-order.entity';
import { User } from '../users/user.entity';
import {
  AUDIT_DETAIL_CODE_GROUPS,
  AUDIT_DETAIL_REDUNDANT,
  auditActionLabel,
  auditDetailLabel,
  auditEntityLabel,
  auditStatusGroup,
} from './audit-labels';
import type { AuditEventResponse } from './dto/audit.dto';

/** An audited object as a reader sees it: its name, and the page that shows it where there is one. */
export interface NamedObject {
  name: string;
  link: string | null;
}

/** One line of an event's details: the key in Japanese and the value as text. */
export interface DetailLine {
  key: string;
  value: string;
}

/** An audit event in words: who (name and role), what (action name), on what (object name) and the details. */
export interface ReadableAuditEvent extends AuditEventResponse {
  actorName: string | null;
  actionLabel: string;
  entityLabel: string;
  object: NamedObject | null;
  details: DetailLine[];
}

/** Keys of the details that hold another object's id, and the kind of object they name. */
const REFERENCE_KEYS: Readonly<Record<string, string>> = {
  contractId: 'contract',
  contractorId: 'contractor',
  employerContractorId: 'contractor',
  officerUserId: 'user',
  assessmentId: 'assessment',
  itemId: 'assessment_item',
  subcontractId: 'subcontract',
  parentSubcontractId: 'subcontract',
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/u;

type Names = Map<string, NamedObject>;

/**
 * The read side of the audit trail for people: resolves the actor's name, the object's name and link, and the
 * ids inside the details, a few queries per page whatever its length (one per kind of object). It only reads;
 * the rows and their hashes are untouched.
 */
@Injectable()
export class AuditReader {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * `codeLabels`: the pages' labels of codes by group (e.g. `employmentType` → `EMPLOYEE` → 従業員・役員), used
   * for the values of the details that are codes.
   */
  async readable(
    events: AuditEventResponse[],
    codeLabels: Readonly<Record<string, Readonly<Record<string, string>>>> = {},
  ): Promise<ReadableAuditEvent[]> {
    const wanted = new Map<string, Set<string>>();
    const want = (type: string, id: string | null | undefined): void => {
      if (typeof id !== 'string' || !UUID.test(id)) return;
      const set = wanted.get(type) ?? new Set<string>();
      set.add(id);
      wanted.set(type, set);
    };
    for (const e of events) {
      want('user', e.actorId);
      want(e.entityType, e.entityId);
      for (const [key, type] of Object.entries(REFERENCE_KEYS)) want(type, e.summary?.[key] as string);
      // The answers and verdicts of an assessment name their items.
      const items: unknown = e.summary?.items;
      if (Array.isArray(items))
        for (const item of items) want('assessment_item', (item as { itemId?: string } | null)?.itemId);
    }
    const names = await this.names(this.dataSource.manager, wanted);
    const nameOf = (type: string, id: string | null): NamedObject | null =>
      id === null ? null : (names.get(`${type}:${id}`) ?? null);
    return events.map((e) => ({
      ...e,
      actorName: e.actorId === null ? null : (nameOf('user', e.actorId)?.name ?? null),
      actionLabel: auditActionLabel(e.action),
      entityLabel: auditEntityLabel(e.entityType),
      object: nameOf(e.entityType, e.entityId),
      details: detailsOf(e, names, codeLabels),
    }));
  }

  /** The people who appear as actors, for the filter's choices: everyone with an account, by name. */
  async people(): Promise<{ id: string; name: string; role: string }[]> {
    const users = await this.dataSource.manager.find(User, {
      select: { id: true, displayName: true, role: true },
    });
    return users
      .map((u) => ({ id: u.id, name: u.displayName, role: u.role }))
      .sort((a, b) => a.name.localeCompare(b.name, 'ja') || (a.id < b.id ? -1 : 1));
  }

  private async names(manager: EntityManager, wanted: Map<string, Set<string>>): Promise<Names> {
    const names: Names = new Map();
    const ids = (type: string): string[] => [...(wanted.get(type) ?? [])];
    const load = async <E extends ObjectLiteral & { id: string }>(
      type: string,
      entity: EntityTarget<E>,
      describe: (row: E) => NamedObject,
    ): Promise<void> => {
      const list = ids(type);
      if (list.length === 0) return;
      const rows = await manager.getRepository(entity).find({ where: { id: In(list) } as never });
      for (const row of rows) names.set(`${type}:${row.id}`, describe(row));
    };
    await Promise.all([
      load('user', User, (u: User) => ({ name: u.displayName, link: null })),
      load('contractor', Contractor, (c: Contractor) => ({ name: c.name, link: `/contractors/${c.id}` })),
      load('contract', Contract, (k: Contract) => ({
        name: `${k.contractNumber} ${k.title}`,
        link: `/contracts/${k.id}`,
      })),
      load('subcontract', Subcontract, (s: Subcontract) => ({
        name: `再委託（${s.proposed?.name ?? '再委託先'}）`,
        link: `/contracts/${s.contractId}/subcontracts/${s.id}`,
      })),
      load('assessment', Assessment, (a: Assessment) => ({
        name: `${a.kind === 'REPORT' ? '定期報告' : '自己点検票'}（${a.periodStart}〜${a.periodEnd}）`,
        link: `/assessments/${a.id}`,
      })),
      load('improvement_order', ImprovementOrder, (o: ImprovementOrder) => ({
        name: `${o.orderNumber} ${o.title}`,
        link: `/orders/${o.id}`,
      })),
      load('evidence', Evidence, (f: Evidence) => ({ name: f.fileName, link: null })),
      load('assessment_item', AssessmentItem, (i: AssessmentItem) => ({
        name: `設問${i.position}（第${i.articleNo}条 ${i.clauseTitle}）`,
        link: null,
      })),
    ]);
    return names;
  }
}

type CodeLabels = Readonly<Record<string, Readonly<Record<string, string>>>>;

/** The details as key–value lines: Japanese keys, ids replaced by names, codes by words, nested values as text. */
function detailsOf(e: AuditEventResponse, names: Names, codeLabels: CodeLabels): DetailLine[] {
  const summary = e.summary ?? {};
  const statusGroup = auditStatusGroup(e.action, e.entityType);
  /** A value in words: a referenced object by its name, a code by its label, else as text. */
  const valueText = (key: string, value: unknown): string => {
    const type = REFERENCE_KEYS[key];
    const named = type && typeof value === 'string' ? names.get(`${type}:${value}`) : undefined;
    if (named) return named.name;
    const group = ['status', 'from', 'to'].includes(key) ? statusGroup : AUDIT_DETAIL_CODE_GROUPS[key];
    const coded =
      group && (typeof value === 'string' || typeof value === 'number')
        ? codeLabels[group]?.[String(value)]
        : undefined;
    if (coded) return coded;
    if (key === 'employerTier') return tierText(value);
    return textOf(value, valueText);
  };
  return Object.entries(summary)
    .filter(([key]) => !(AUDIT_DETAIL_REDUNDANT[key] && AUDIT_DETAIL_REDUNDANT[key] in summary))
    .map(([key, value]) =>
      // A company registered from a 再委託 request says so (its `from` is no state).
      key === 'from' && value === 'subcontract'
        ? { key: '登録の契機', value: '再委託先の登録' }
        : { key: auditDetailLabel(key), value: valueText(key, value) },
    );
}

/** 0 is the contractor itself; 1, 2, … the tiers of 再委託 under it. */
function tierText(value: unknown): string {
  if (typeof value !== 'number') return String(value);
  return value === 0 ? '受託者' : `第${value}次の再委託先`;
}

function textOf(value: unknown, inner: (key: string, value: unknown) => string): string {
  if (value === null || value === undefined) return 'なし';
  if (typeof value === 'boolean') return value ? 'はい' : 'いいえ';
  if (typeof value === 'string') return value === '' ? '（空欄）' : value;
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (Array.isArray(value))
    return value.length === 0 ? 'なし' : value.map((v) => textOf(v, inner)).join('、');
  if (typeof value === 'object') {
    const object = value as Record<string, unknown>;
    // A listed person or company is named; its id beside the name adds nothing for a reader.
    const entries = Object.entries(object).filter(([k]) => !(k === 'id' && 'name' in object));
    return `（${entries.map(([k, v]) => `${auditDetailLabel(k)}：${inner(k, v)}`).join('、')}）`;
  }
  return '';
}
