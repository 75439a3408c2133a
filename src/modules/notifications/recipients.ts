import { In, type EntityManager, type FindOptionsWhere } from 'typeorm';
import { User, type Role } from '../users/user.entity';

/** Keeps IN lists well under every driver's parameter limit. */
const IN_CHUNK = 500;

export interface Recipient {
  id: string;
  role: Role;
  contractorId: string | null;
}

/**
 * Active users, optionally limited to some ids, roles or companies; the building block for choosing who a
 * reminder goes to. Ordered by id so that a planned notification lists its users the same way every run.
 */
export async function findActiveUsers(
  manager: EntityManager,
  filter: { ids?: string[]; roles?: Role[]; contractorIds?: string[] },
): Promise<Recipient[]> {
  const base: FindOptionsWhere<User> = { active: true };
  if (filter.roles) base.role = In(filter.roles);
  const lists: [keyof User, string[]][] = [];
  if (filter.ids) lists.push(['id', unique(filter.ids)]);
  if (filter.contractorIds) lists.push(['contractorId', unique(filter.contractorIds)]);
  if (lists.some(([, values]) => values.length === 0)) return [];
  const [chunked, ...rest] = lists;
  const wheres: FindOptionsWhere<User>[] = chunked
    ? chunks(chunked[1], IN_CHUNK).map((values) => ({ ...base, [chunked[0]]: In(values) }))
    : [base];
  const found: Recipient[] = [];
  for (const where of wheres) {
    for (const [column, values] of rest) Object.assign(where, { [column]: In(values) });
    found.push(
      ...(await manager.find(User, {
        select: { id: true, role: true, contractorId: true },
        where,
      })),
    );
  }
  return found.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** The active CONTRACTOR users of each company, by contractor id. */
export async function contractorUsersByCompany(
  manager: EntityManager,
  contractorIds: string[],
): Promise<Map<string, string[]>> {
  const users = await findActiveUsers(manager, { roles: ['CONTRACTOR'], contractorIds });
  const byCompany = new Map<string, string[]>();
  for (const user of users) {
    if (user.contractorId === null) continue;
    byCompany.set(user.contractorId, [...(byCompany.get(user.contractorId) ?? []), user.id]);
  }
  return byCompany;
}

export function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}

export function chunks<T>(values: T[], size: number): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < values.length; i += size) result.push(values.slice(i, i + size));
  return result;
}
