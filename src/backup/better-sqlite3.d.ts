// The few parts of better-sqlite3 the backup uses (the package ships no types; TypeORM drives it for the app).
declare module 'better-sqlite3' {
  class Database {
    constructor(filename: string, options?: Database.Options);
    prepare(sql: string): Database.Statement;
    pragma(sql: string, options?: { simple?: boolean }): unknown;
    backup(
      destination: string,
      options?: { progress?: (progress: Database.BackupProgress) => number | undefined },
    ): Promise<Database.BackupProgress>;
    close(): void;
  }
  namespace Database {
    interface Statement {
      all(...params: unknown[]): unknown[];
      get(...params: unknown[]): unknown;
      iterate(...params: unknown[]): IterableIterator<unknown>;
      pluck(on?: boolean): Statement;
    }
    interface BackupProgress {
      totalPages: number;
      remainingPages: number;
    }
    interface Options {
      readonly?: boolean;
      fileMustExist?: boolean;
      timeout?: number;
    }
  }
  export = Database;
}
