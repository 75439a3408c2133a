import { QueryFailedError } from 'typeorm';
import { classifyError } from './error-response';

// How a cluster's failures reach the client (issue 20): what mysql2 reports, as TypeORM wraps it.
const failed = (driverError: Record<string, unknown>): QueryFailedError =>
  new QueryFailedError('COMMIT', [], Object.assign(new Error(String(driverError.sqlMessage)), driverError));

describe('database errors of a cluster', () => {
  it('should answer 409 DB.WRITE_CONFLICT, not 500, for a certification conflict left after the retries', () => {
    const conflict = failed({
      code: 'ER_LOCK_DEADLOCK',
      errno: 1213,
      sqlMessage: 'Deadlock found when trying to get lock; try restarting transaction',
    });
    expect(classifyError(conflict)).toEqual({
      body: {
        statusCode: 409,
        code: 'DB.WRITE_CONFLICT',
        message:
          '他の操作と同時に更新されたため、処理できませんでした。内容を確認して、もう一度操作してください。',
      },
      internal: false,
    });
    const timeout = failed({
      code: 'ER_LOCK_WAIT_TIMEOUT',
      errno: 1205,
      sqlMessage: 'Lock wait timeout exceeded',
    });
    expect(classifyError(timeout).body).toMatchObject({ statusCode: 409, code: 'DB.WRITE_CONFLICT' });
  });

  it('should answer 503 for a node that is not ready (joining, or cut off from the majority) or shutting down', () => {
    for (const driverError of [
      {
        code: 'ER_UNKNOWN_COM_ERROR',
        errno: 1047,
        sqlMessage: 'WSREP has not yet prepared node for application use',
      },
      { code: 'ER_SERVER_SHUTDOWN', errno: 1053, sqlMessage: 'Server shutdown in progress' },
      { code: 'ER_CONNECTION_KILLED', errno: 1927, sqlMessage: 'Connection was killed' },
    ]) {
      expect(classifyError(failed(driverError)).body).toMatchObject({
        statusCode: 503,
        code: 'SERVICE.DATABASE_UNAVAILABLE',
      });
    }
  });
});
