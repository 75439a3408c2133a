import { QueryFailedError } from 'typeorm';
import { DomainError } from './domain-error';

interface DriverError {
  code?: string;
  errno?: number;
  sqlMessage?: string;
  message?: string;
}

/**
 * Translates a driver error into a DomainError when it is the client's doing (a duplicate, a value too long
 * for its column); anything else stays an internal error. Codes differ by dialect: MySQL/MariaDB errno,
 * SQLite extended result codes.
 */
export function translateDbError(error: unknown): DomainError | null {
  if (!(error instanceof QueryFailedError)) return null;
  const driver = (error as QueryFailedError & { driverError?: DriverError }).driverError ?? {};
  const errno = driver.errno;
  const code = driver.code ?? '';
  if (
    errno === 1062 ||
    code === 'ER_DUP_ENTRY' ||
    code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
  ) {
    return new DomainError('CONFLICT', 'DB.DUPLICATE', '同じ値が既に登録されています。');
  }
  if (errno === 1406 || code === 'ER_DATA_TOO_LONG') {
    return new DomainError('INVALID', 'DB.VALUE_TOO_LONG', '入力値が長すぎます。');
  }
  if (errno === 1452 || errno === 1451 || code === 'SQLITE_CONSTRAINT_FOREIGNKEY') {
    return new DomainError(
      'CONFLICT',
      'DB.REFERENCE_CONFLICT',
      '関連するデータとの整合性が取れないため、処理できません。',
    );
  }
  if (errno === 1048 || code === 'SQLITE_CONSTRAINT_NOTNULL') {
    return new DomainError('INVALID', 'DB.VALUE_REQUIRED', '必須の項目が入力されていません。');
  }
  if (errno === 1366 || errno === 1292 || code === 'ER_TRUNCATED_WRONG_VALUE_FOR_FIELD') {
    return new DomainError('INVALID', 'DB.INVALID_VALUE', '保存できない値が含まれています。');
  }
  // What TransactionService retried in vain, or a single statement outside it: on Galera a certification
  // conflict (another node committed a change to the same row first) surfaces as 1213 at COMMIT.
  if (isRetryableDbError(error)) {
    return new DomainError(
      'CONFLICT',
      'DB.WRITE_CONFLICT',
      '他の操作と同時に更新されたため、処理できませんでした。内容を確認して、もう一度操作してください。',
    );
  }
  return null;
}

/** A duplicate key (MySQL/MariaDB 1062, SQLite UNIQUE or PRIMARY KEY): for callers that know which rule it was. */
export function isUniqueViolation(error: unknown): boolean {
  return translateDbError(error)?.code === 'DB.DUPLICATE';
}

/**
 * Deadlocks, lock wait timeouts and Galera certification conflicts (reported as a deadlock, 1213, at COMMIT or on
 * the statement a replicated write aborted): the transaction can be retried as a whole.
 */
export function isRetryableDbError(error: unknown): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const driver = (error as QueryFailedError & { driverError?: DriverError }).driverError ?? {};
  return driver.errno === 1213 || driver.errno === 1205 || driver.code === 'SQLITE_BUSY';
}

/** Connection-level failures: the database is unreachable, answer 503. */
export function isConnectionError(error: unknown): boolean {
  const e = error as (DriverError & { driverError?: DriverError }) | null;
  const code = e?.driverError?.code ?? e?.code ?? '';
  return [
    'ECONNREFUSED',
    'ECONNRESET',
    'PROTOCOL_CONNECTION_LOST',
    'ETIMEDOUT',
    'EPIPE',
    'ER_CON_COUNT_ERROR',
    // 1047 on a Galera node that is not part of the primary component, or still joining: "WSREP has not yet
    // prepared node for application use". 1053 / 1927: the server is shutting down or killed the connection.
    'ER_UNKNOWN_COM_ERROR',
    'ER_SERVER_SHUTDOWN',
    'ER_CONNECTION_KILLED',
  ].includes(code);
}
