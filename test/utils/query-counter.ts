import type { DataSource } from 'typeorm';

/**
 * Every SQL statement TypeORM sends while `work` runs, in order: SELECTs, writes and the transaction statements
 * (BEGIN / START TRANSACTION, COMMIT, SAVEPOINT), read from the data source's query logger, which each query
 * runner calls whether logging is on or not. Run one request at a time: a statement of anything else running
 * meanwhile (another request, a job) would be counted too.
 */
export async function statementsDuring<T>(
  dataSource: DataSource,
  work: () => Promise<T>,
): Promise<{ result: T; statements: string[] }> {
  const spy = jest.spyOn(dataSource.logger, 'logQuery');
  try {
    const result = await work();
    return { result, statements: spy.mock.calls.map(([sql]) => sql) };
  } finally {
    spy.mockRestore();
  }
}
