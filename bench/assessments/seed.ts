import type { FrozenQuestion } from '../../src/modules/contracts/contract-clause.entity';
import { randomBytes, randomUUID } from 'node:crypto';
import { createConnection, type RowDataPacket } from 'mysql2/promise';
import type { DataSource, EntityManager } from 'typeorm';
import { hashPassword } from '../../src/modules/auth/password';
import type { ClauseCatalogueService } from '../../src/modules/clauses/clause-catalogue.service';
import { corporateNumberCheckDigit } from '../../src/modules/contractors/corporate-number';

/**
 * Seeding helpers of the assessment bench: the database to run on (a temp SQLite file, or a fresh MariaDB/MySQL
 * database made next to BENCH_DATABASE_URL's) and plain multi-row INSERTs through the app's DataSource.
 */

export type SqlValue = string | number | null;

export interface BenchDatabase {
  /** DATABASE_URL for the app; undefined = SQLite under DATA_DIR. */
  url?: string;
  label: string;
  drop(): Promise<void>;
}

/**
 * SQLite by default. With BENCH_DATABASE_URL (mariadb://… or mysql://…) a fresh database named after the URL's
 * plus a random suffix, created here and dropped by `drop()`, like the tests do (test/utils/test-db.ts).
 */
export async function benchDatabase(): Promise<BenchDatabase> {
  const base = process.env.BENCH_DATABASE_URL;
  if (!base) return { label: 'SQLite (better-sqlite3, WAL)', drop: () => Promise.resolve() };
  const url = new URL(base);
  if (url.protocol !== 'mariadb:' && url.protocol !== 'mysql:') {
    throw new Error('BENCH_DATABASE_URL must be mariadb://… or mysql://…');
  }
  const name = `${url.pathname.replace(/^\//, '') || 'itaku_guard_bench'}_${randomBytes(4).toString('hex')}`;
  const connect = (): ReturnType<typeof createConnection> =>
    createConnection({
      host: url.hostname,
      port: Number(url.port || 3306),
      user: decodeURIComponent(url.username || 'root'),
      password: decodeURIComponent(url.password),
    });
  const admin = await connect();
  let version = '';
  try {
    await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`);
    const [rows] = await admin.query<RowDataPacket[]>('SELECT VERSION() AS v');
    version = String(rows[0]?.v ?? '');
  } finally {
    await admin.end();
  }
  const own = new URL(base);
  own.pathname = `/${name}`;
  return {
    url: own.toString(),
    label: `${url.protocol === 'mariadb:' ? 'MariaDB' : 'MySQL'} ${version} (database ${name})`,
    drop: async () => {
      const conn = await connect();
      try {
        await conn.query(`DROP DATABASE IF EXISTS \`${name}\``);
      } finally {
        await conn.end();
      }
    },
  };
}

/** Multi-row INSERTs of `perStatement` rows each; identifiers in backquotes (SQLite and MySQL both take them). */
export async function insertChunked(
  m: EntityManager,
  table: string,
  columns: readonly string[],
  rows: readonly SqlValue[][],
  perStatement: number,
): Promise<void> {
  const tuple = `(${columns.map(() => '?').join(',')})`;
  const head = `INSERT INTO \`${table}\` (${columns.map((c) => `\`${c}\``).join(',')}) VALUES `;
  for (let i = 0; i < rows.length; i += perStatement) {
    const part = rows.slice(i, i + perStatement);
    await m.query<unknown>(head + part.map(() => tuple).join(','), part.flat());
  }
}

/** The stored form of a timestamp on both databases: UTC 'YYYY-MM-DD HH:MM:SS.mmm', as TypeORM writes it. */
export function sqlTime(date: Date): string {
  return date.toISOString().replace('T', ' ').slice(0, 23);
}

/** One clause as approval freezes it (ContractDocumentsService.approve): number, heading, text, questions. */
export interface FrozenClause {
  code: string;
  articleNo: number;
  title: string;
  renderedText: string;
  questions: FrozenQuestion[];
}

/** The default clauses of a 機密性 3 contract with personal information and cloud use, rendered as approval does. */
export function frozenClauses(catalogue: ClauseCatalogueService): FrozenClause[] {
  const attrs = {
    confidentialityClass: 3 as const,
    handlesPersonalInfo: true,
    usesCloud: true,
    workLocation: '乙の本社（山形県長井市）',
  };
  return catalogue.articleNumbers(catalogue.defaultSelection(attrs)).map(({ code, articleNo }) => {
    const rendered = catalogue.renderClause(code, {}, { reportInterval: '3か月' });
    return {
      code,
      articleNo,
      title: rendered.title,
      renderedText: rendered.paragraphs.join('\n'),
      questions: [
        ...(catalogue.find(code)?.questions ?? []).map((q) => ({
          code: q.code,
          text: q.text,
          basis: q.basis,
        })),
        ...(catalogue.find(code)?.reportItems ?? []).map((q) => ({
          code: q.code,
          text: q.text,
          basis: q.basis,
          form: 'REPORT' as const,
        })),
      ],
    };
  });
}

export interface SeedPlan {
  contractors: number;
  contracts: number;
  /** Contracts of the first contractor (the CONTRACTOR whose list is measured). */
  bigContracts: number;
  startDate: string;
  endDate: string;
}

export interface Seeded {
  /** Contract ids with their contractor, in insertion order. */
  contracts: { id: string; contractorId: string }[];
  bigContractorId: string;
  contractorEmail: string;
  contractorPassword: string;
  clauses: FrozenClause[];
  rows: { contractors: number; users: number; contracts: number; clauses: number };
}

const PER_STATEMENT = 250;

/**
 * Contractors (one CONTRACTOR user each, sharing one argon2 hash), ACTIVE ANNUAL contracts as approval leaves
 * them, and their frozen contract_clause rows, with plain multi-row INSERTs in a few transactions.
 */
export async function seed(
  ds: DataSource,
  catalogue: ClauseCatalogueService,
  plan: SeedPlan,
): Promise<Seeded> {
  const clauses = frozenClauses(catalogue);
  const password = randomBytes(12).toString('hex');
  const hash = await hashPassword(password);
  const now = new Date();
  const at = (ms: number): string => sqlTime(new Date(now.getTime() - 86_400_000 + ms));

  const contractorIds = Array.from({ length: plan.contractors }, () => randomUUID());
  const contractorRows = contractorIds.map((id, i): SqlValue[] => {
    const base12 = `7000${String(i + 1).padStart(8, '0')}`;
    return [
      id,
      `${corporateNumberCheckDigit(base12)}${base12}`,
      `株式会社ベンチ情報サービス${i + 1}`,
      'カブシキガイシャベンチジョウホウサービス',
      `山形県長井市本町${i + 1}番地`,
      '代表取締役 髙橋 一郎',
      '山﨑 花子',
      `security-${i + 1}@bench.example.jp`,
      '0238-00-0000',
      'ACTIVE',
      1,
      at(i),
      at(i),
    ];
  });
  const contractorEmail = 'contractor-1@bench.example.jp';
  const userRows = contractorIds.map((contractorId, i): SqlValue[] => [
    randomUUID(),
    `contractor-${i + 1}@bench.example.jp`,
    `受託者担当 ${i + 1}`,
    hash,
    'CONTRACTOR',
    contractorId,
    1,
    0,
    1,
    at(i),
    at(i),
  ]);
  const others = Math.max(1, plan.contractors - 1);
  const contracts = Array.from({ length: plan.contracts }, (_, i) => ({
    id: randomUUID(),
    contractorId: i < plan.bigContracts ? contractorIds[0] : contractorIds[1 + (i % others)],
  }));
  const catalogueVersion = catalogue.version;
  const contractRows = contracts.map((c, i): SqlValue[] => [
    c.id,
    `R8-BENCH-${String(i + 1).padStart(6, '0')}`,
    '住民情報システム運用保守業務委託',
    c.contractorId,
    '総務課情報政策係',
    null,
    plan.startDate,
    plan.endDate,
    3,
    1,
    1,
    JSON.stringify(['乙の本社（山形県長井市）']),
    'ANNUAL',
    'ACTIVE',
    at(10_000 + i),
    null,
    randomBytes(32).toString('hex'),
    catalogueVersion,
    2,
    at(10_000 + i),
    at(10_000 + i),
  ]);

  await ds.transaction(async (m) => {
    await insertChunked(m, 'contractor', CONTRACTOR_COLUMNS, contractorRows, PER_STATEMENT);
    await insertChunked(m, 'user', USER_COLUMNS, userRows, PER_STATEMENT);
    await insertChunked(m, 'contract', CONTRACT_COLUMNS, contractRows, PER_STATEMENT);
  });
  // The clause rows in one transaction per 500 contracts (11,000 rows, ~10 MB of text).
  const clauseJson = clauses.map((c) => JSON.stringify(c.questions));
  for (let i = 0; i < contracts.length; i += 500) {
    const rows = contracts
      .slice(i, i + 500)
      .flatMap((c) =>
        clauses.map((cl, k): SqlValue[] => [
          randomUUID(),
          c.id,
          cl.code,
          '{}',
          cl.articleNo,
          cl.title,
          cl.renderedText,
          catalogueVersion,
          clauseJson[k],
        ]),
      );
    await ds.transaction((m) => insertChunked(m, 'contract_clause', CLAUSE_COLUMNS, rows, PER_STATEMENT));
  }
  return {
    contracts,
    bigContractorId: contractorIds[0],
    contractorEmail,
    contractorPassword: password,
    clauses,
    rows: {
      contractors: contractorRows.length,
      users: userRows.length,
      contracts: contractRows.length,
      clauses: contracts.length * clauses.length,
    },
  };
}

const CONTRACTOR_COLUMNS = [
  'id',
  'corporate_number',
  'name',
  'name_kana',
  'address',
  'representative_name',
  'security_officer_name',
  'security_officer_email',
  'security_officer_phone',
  'status',
  'version',
  'created_at',
  'updated_at',
] as const;

const USER_COLUMNS = [
  'id',
  'email',
  'display_name',
  'password_hash',
  'role',
  'contractor_id',
  'active',
  'failed_logins',
  'version',
  'created_at',
  'updated_at',
] as const;

const CONTRACT_COLUMNS = [
  'id',
  'contract_number',
  'title',
  'contractor_id',
  'department',
  'officer_user_id',
  'start_date',
  'end_date',
  'confidentiality_class',
  'handles_personal_info',
  'uses_cloud',
  'work_locations',
  'assessment_frequency',
  'status',
  'approved_at',
  'approved_by',
  'document_sha256',
  'catalogue_version',
  'version',
  'created_at',
  'updated_at',
] as const;

const CLAUSE_COLUMNS = [
  'id',
  'contract_id',
  'clause_code',
  'params',
  'article_no',
  'title',
  'rendered_text',
  'catalogue_version',
  'questions',
] as const;

export const ASSESSMENT_COLUMNS = [
  'id',
  'contract_id',
  'contractor_id',
  'period_start',
  'period_end',
  'due_date',
  'status',
  'submitted_at',
  'submitted_by',
  'reviewed_at',
  'reviewed_by',
  'return_message',
  'score',
  'version',
  'created_at',
  'updated_at',
] as const;

export const ITEM_COLUMNS = [
  'id',
  'assessment_id',
  'position',
  'clause_code',
  'article_no',
  'clause_title',
  'question_code',
  'question',
  'answer',
  'comment',
  'answered_at',
  'answered_by',
  'verdict',
  'review_note',
  'severity',
] as const;
