// The bare baseline (child process): Fastify + mysql2 (or better-sqlite3) with no auth, no ORM, no DTO mapping — the
// limit on this machine. It answers three ways: /replay/:name sends the very statements the app sent for one request
// of that route (captured from TypeORM's logger, same SQL and parameters, one after the other); /answer/:name sends
// the same statements and then the very bytes the app answered (so a large answer costs both sides its socket
// writes); /pk and /list a single-table primary-key SELECT and keyset page, for reference.
import { createRequire } from 'node:module';
import { fastify } from 'fastify';
import { createPool, type RowDataPacket } from 'mysql2/promise';

export type BareDatabase = { kind: 'mysql'; url: string } | { kind: 'sqlite'; file: string };
/** One SQL statement as the app sent it. */
export interface Statement {
  sql: string;
  params: SqlParam[];
}
export type SqlParam = string | number | null;
export type BareParent = {
  type: 'start';
  db: BareDatabase;
  replay: Record<string, Statement[]>;
  /** The app's answer to one request of each replayed route, as sent (JSON text). */
  answers: Record<string, string>;
};
export type BareChild = { type: 'listening'; port: number } | { type: 'failed'; message: string };

/** Tables the bare server reads: each has an id primary key and a (created_at, id) index. */
export const BARE_TABLES = ['contract', 'contractor', 'assessment', 'improvement_order'] as const;
export const BARE_LIMIT = 50;

/** The part of better-sqlite3 used here (the package ships no types; TypeORM loads it the same way). */
interface SqliteConnection {
  pragma(sql: string): unknown;
  prepare(sql: string): { all(...params: SqlParam[]): unknown[] };
}
type SqliteConstructor = new (file: string, options: { readonly: boolean }) => SqliteConnection;

type Query = (sql: string, params: SqlParam[]) => Promise<unknown[]>;

function connect(db: BareDatabase): Query {
  if (db.kind === 'sqlite') {
    const Database = createRequire(__filename)('better-sqlite3') as SqliteConstructor;
    const conn = new Database(db.file, { readonly: true });
    conn.pragma('journal_mode = WAL');
    return (sql, params) => Promise.resolve(conn.prepare(sql).all(...params));
  }
  const url = new URL(db.url);
  const pool = createPool({
    host: url.hostname,
    port: Number(url.port || 3306),
    user: decodeURIComponent(url.username || 'root'),
    password: decodeURIComponent(url.password),
    database: url.pathname.replace(/^\//, ''),
    connectionLimit: 20,
    timezone: 'Z',
  });
  return async (sql, params) => (await pool.query<RowDataPacket[]>(sql, params))[0];
}

async function start(
  db: BareDatabase,
  replay: Record<string, Statement[]>,
  answers: Record<string, string>,
): Promise<number> {
  const query = connect(db);
  const app = fastify({ logger: false });
  const table = (name: string): string => {
    if (!(BARE_TABLES as readonly string[]).includes(name)) throw new Error(`table ${name}`);
    return name;
  };
  app.get<{ Params: { table: string; id: string } }>('/pk/:table/:id', async (req, reply) => {
    const rows = await query(`SELECT * FROM \`${table(req.params.table)}\` WHERE id = ?`, [req.params.id]);
    if (rows.length === 0) return reply.code(404).send({ error: 'not found' });
    return rows[0];
  });
  app.get<{ Params: { name: string } }>('/replay/:name', async (req, reply) => {
    const statements = replay[req.params.name];
    if (!statements) return reply.code(404).send({ error: 'no such route' });
    const results: unknown[][] = [];
    for (const s of statements) results.push(await query(s.sql, s.params));
    return { results };
  });
  app.get<{ Params: { name: string } }>('/answer/:name', async (req, reply) => {
    const statements = replay[req.params.name];
    const answer = answers[req.params.name];
    if (!statements || answer === undefined) return reply.code(404).send({ error: 'no such route' });
    for (const s of statements) await query(s.sql, s.params);
    return reply.type('application/json; charset=utf-8').send(answer);
  });
  // ?at=<stored timestamp>&id=<id>: the app's keyset condition (range on created_at plus a refinement).
  app.get<{ Params: { table: string }; Querystring: { at?: string; id?: string } }>(
    '/list/:table',
    async (req) => {
      const { at, id } = req.query;
      const where = at && id ? 'WHERE created_at <= ? AND (created_at < ? OR id < ?)' : '';
      const rows = await query(
        `SELECT * FROM \`${table(req.params.table)}\` ${where} ORDER BY created_at DESC, id DESC LIMIT ${BARE_LIMIT + 1}`,
        at && id ? [at, at, id] : [],
      );
      return { items: rows.slice(0, BARE_LIMIT), more: rows.length > BARE_LIMIT };
    },
  );
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  return typeof address === 'object' && address ? address.port : 0;
}

process.on('message', (raw: unknown) => {
  const message = raw as BareParent;
  if (message.type !== 'start') return;
  start(message.db, message.replay, message.answers).then(
    (port) => process.send?.({ type: 'listening', port } satisfies BareChild),
    (error: unknown) =>
      process.send?.(
        { type: 'failed', message: String(error) } satisfies BareChild,
        undefined,
        undefined,
        () => process.exit(1),
      ),
  );
});
// The parent going away ends the server.
process.on('disconnect', () => process.exit(0));
