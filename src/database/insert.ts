import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';

/**
 * INSERT without TypeORM writing the database's answer back into the given objects. On MariaDB ≥ 10.5 TypeORM
 * inserts with RETURNING and copies the raw values over the entity (a tinyint 1 over a boolean true), so an
 * object built for the response would come back changed. Every insert in the app goes through here.
 */
export async function insertRows<E extends ObjectLiteral>(
  manager: EntityManager,
  target: EntityTarget<E>,
  rows: QueryDeepPartialEntity<E> | QueryDeepPartialEntity<E>[],
): Promise<void> {
  await manager.createQueryBuilder().insert().into(target).values(rows).updateEntity(false).execute();
}
