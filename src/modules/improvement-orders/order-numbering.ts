import type { EntityManager } from 'typeorm';
import { fiscalYearEraLabel, fiscalYearOf } from '../../common/dates/wareki';
import { OrderNumberCounter } from './order-counter.entity';

/**
 * The next order number of the fiscal year the date falls in, e.g. R8-改善-0001, R8-改善-0002… Gap-free:
 * the counter row is locked until the caller's transaction ends, so concurrent issuers queue and a rolled-back
 * issue gives its number back.
 */
export async function nextOrderNumber(
  manager: EntityManager,
  isoDate: string,
): Promise<{ orderNumber: string; fiscalYear: number }> {
  const fiscalYear = fiscalYearOf(isoDate);
  const mysql = manager.connection.options.type !== 'better-sqlite3';
  const lockCounter = (): Promise<OrderNumberCounter | null> => {
    const query = manager
      .createQueryBuilder(OrderNumberCounter, 'c')
      .where('c.fiscalYear = :fiscalYear', { fiscalYear });
    if (mysql) query.setLock('pessimistic_write');
    return query.getOne();
  };
  // Lock first: taking a shared lock through a duplicate-key INSERT and then upgrading it would deadlock two
  // issuers. Only the year's first order creates the row (a concurrent creator's row is simply kept).
  let counter = await lockCounter();
  if (!counter) {
    await manager
      .createQueryBuilder()
      .insert()
      .into(OrderNumberCounter)
      .values({ fiscalYear, lastSeq: 0 })
      .orIgnore()
      .updateEntity(false)
      .execute();
    counter = await lockCounter();
  }
  if (!counter) throw new Error(`order number counter for ${fiscalYear} could not be created`);
  const seq = counter.lastSeq + 1;
  await manager.update(OrderNumberCounter, { fiscalYear }, { lastSeq: seq });
  return { orderNumber: `${fiscalYearEraLabel(isoDate)}-改善-${String(seq).padStart(4, '0')}`, fiscalYear };
}
