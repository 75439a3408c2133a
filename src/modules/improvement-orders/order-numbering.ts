import type { EntityManager } from 'typeorm';
import { fiscalYearEraLabel, fiscalYearOf } from '../../common/dates/wareki';
import { nextSerial } from '../../database/serial-counter';
import { OrderNumberCounter } from './order-counter.entity';

/** The next order number of the fiscal year the date falls in, e.g. R8-改善-0001, R8-改善-0002…, gap-free. */
export async function nextOrderNumber(
  manager: EntityManager,
  isoDate: string,
): Promise<{ orderNumber: string; fiscalYear: number }> {
  const fiscalYear = fiscalYearOf(isoDate);
  const seq = await nextSerial(manager, OrderNumberCounter, fiscalYear);
  return { orderNumber: `${fiscalYearEraLabel(isoDate)}-改善-${String(seq).padStart(4, '0')}`, fiscalYear };
}
