import { type DataSource } from 'typeorm';
import { buildDataSourceOptions } from '../../src/config/data-source';
import { parseDatabaseUrl } from '../../src/config/env';
import { openDatabase } from '../../src/database/database.module';
import { createTestDatabase, type TestDatabase } from '../utils/test-db';

describe('schema', () => {
  let db: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = await openDatabase(buildDataSourceOptions(parseDatabaseUrl(db.url, db.dataDir)));
  });
  afterAll(async () => {
    await dataSource.destroy();
    await db.drop();
  });

  it('should match the entities exactly after the migrations ran on a fresh database', async () => {
    const pending = await dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('should have applied every migration and have none pending', async () => {
    expect(await dataSource.showMigrations()).toBe(false);
    const applied = await dataSource.query<{ name: string }[]>('SELECT name FROM migrations');
    expect(applied.map((row) => row.name)).toEqual(dataSource.migrations.map((m) => m.name));
  });

  it('should run the migrations again without doing anything', async () => {
    expect(await dataSource.runMigrations()).toEqual([]);
  });

  it('should store text as utf8mb4 in strict mode on MySQL/MariaDB', async () => {
    if (db.kind === 'sqlite') {
      const [fk] = await dataSource.query<{ foreign_keys: number }[]>('PRAGMA foreign_keys');
      expect(fk.foreign_keys).toBe(1);
      return;
    }
    const columns = await dataSource.query<{ cs: string }[]>(
      'SELECT DISTINCT CHARACTER_SET_NAME AS cs FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND CHARACTER_SET_NAME IS NOT NULL',
    );
    expect(columns.map((c) => c.cs)).toEqual(['utf8mb4']);
    const [mode] = await dataSource.query<
      {
        m: string;
        tz: string;
      }[]
    >('SELECT @@SESSION.sql_mode AS m, @@SESSION.time_zone AS tz');
    expect(mode.m).toContain('STRICT_ALL_TABLES');
    expect(mode.tz).toBe('+00:00');
  });
});
