import type { EntityManager, EntityTarget } from 'typeorm';

/** A counter row per fiscal year: `fiscalYear` (primary key) and the `lastSeq` used. */
export interface YearCounter {
  fiscalYear: number;
  lastSeq: number;
}

/**
 * The next serial of a fiscal year from a counter table, gap-free: the counter row is locked until the caller's
 * transaction ends, so concurrent callers queue and a rolled-back one gives its number back.
 */
export async function nextSerial(
  manager: EntityManager,
  counter: EntityTarget<YearCounter>,
  fiscalYear: number,
): Promise<number> {
  const mysql = manager.connection.options.type !== 'better-sqlite3';
  const lock = (): Promise<YearCounter | null> => {
    const query = manager
      .createQueryBuilder(counter, 'c')
      .where('c.fiscalYear = :fiscalYear', { fiscalYear });
    if (mysql) query.setLock('pessimistic_write');
    return query.getOne();
  };
  // Lock first: taking a shared lock through a duplicate-key INSERT and then upgrading it would deadlock two
  // callers. Only the year's first number creates the row (a concurrent creator's row is simply kept).
  let row = await lock();
  if (!row) {
    await manager
      .createQueryBuilder()
      .insert()
      .into(counter)
      .values({ fiscalYear, lastSeq: 0 })
      .orIgnore()
      .updateEntity(false)
      .execute();
    row = await lock();
  }
  if (!row) throw new Error(`serial counter for ${fiscalYear} could not be created`);
  const seq = row.lastSeq + 1;
  await manager.update(counter, { fiscalYear }, { lastSeq: seq });
  return seq;
}
