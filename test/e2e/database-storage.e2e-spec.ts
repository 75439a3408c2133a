import { createHash, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Response } from 'supertest';
import { CHUNK_SIZE } from '../../src/common/storage/content-store';
import type { ContractResponse } from '../../src/modules/contracts/dto/contract.response';
import type { EvidenceResponse } from '../../src/modules/evidence/dto/evidence.dto';
import {
  createApprovedContract,
  createContractor,
  createUserAndLogin,
  insertAssessmentWithItem,
} from '../factories';
import type { ErrorBody } from '../utils/bodies';
import { ADMIN, bearer, login, startTestApp, type TestContext } from '../utils/test-app';

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

function binary(res: Response, callback: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => callback(null, Buffer.concat(chunks)));
}

/** A UTF-8 CSV of about `bytes` bytes (evidence the app types as text/plain), different on every call. */
function csv(bytes: number): Buffer {
  const lines = ['項目,状況,確認者'];
  let length = 0;
  for (let i = 0; length < bytes; i++) {
    const line = `入退室記録${i},毎月確認済み ${randomUUID()},情報政策係`;
    lines.push(line);
    length += Buffer.byteLength(line) + 1;
  }
  return Buffer.from(lines.join('\n'), 'utf8');
}

/**
 * STORAGE=database end to end (SQLite, or MariaDB/MySQL under TEST_DATABASE_URL): an uploaded evidence file and an
 * approved 特記事項 are kept in the database only, served byte-identical, and refused once a piece is tampered with.
 */
describe('stored files in the database (STORAGE=database)', () => {
  let ctx: TestContext;
  let officer: { token: string };
  let itemId: string;

  const chunksOf = async (store: string, hash: string) =>
    ctx.dataSource.query<{ seq: number | string; data: Buffer }[]>(
      'SELECT c.seq, c.data FROM stored_blob b JOIN stored_blob_chunk c ON c.blob_id = b.blob_id ' +
        'WHERE b.store = ? AND b.sha256 = ? ORDER BY c.seq',
      [store, hash],
    );
  const tamper = async (store: string, hash: string, seq: number) => {
    const [row] = await ctx.dataSource.query<{ blob_id: string }[]>(
      'SELECT blob_id FROM stored_blob WHERE store = ? AND sha256 = ?',
      [store, hash],
    );
    const chunk = (await chunksOf(store, hash))[seq];
    const data = Buffer.from(chunk.data);
    data[data.length - 1] ^= 0x01;
    await ctx.dataSource.query('UPDATE stored_blob_chunk SET data = ? WHERE blob_id = ? AND seq = ?', [
      data,
      row.blob_id,
      seq,
    ]);
  };
  const get = (url: string) =>
    ctx
      .http()
      .get(url)
      .set(...bearer(officer.token))
      .buffer(true)
      .parse(binary);

  beforeAll(async () => {
    ctx = await startTestApp({ STORAGE: 'database' });
    const admin = await login(ctx, ADMIN.email, ADMIN.password);
    officer = await createUserAndLogin(ctx, admin, 'OFFICER');
    const contractor = await createContractor(ctx, admin, { name: '株式会社置賜データセンター' });
    const contract = await createApprovedContract(ctx, officer.token, contractor.id);
    ({ itemId } = await insertAssessmentWithItem(ctx.dataSource.manager, contract.id, contractor.id));
  });
  afterAll(async () => ctx.close());

  it('should keep an uploaded file in the database in pieces and serve it byte-identical', async () => {
    const bytes = csv(CHUNK_SIZE * 2 + 100_000);
    const res = await ctx
      .http()
      .post('/api/evidence')
      .set(...bearer(officer.token))
      .field('itemId', itemId)
      .attach('file', bytes, { filename: '入退室記録.csv', contentType: 'text/csv' });
    expect(res.status).toBe(201);
    const body = res.body as EvidenceResponse;
    expect(body.sha256).toBe(sha256(bytes));

    const chunks = await chunksOf('evidence', body.sha256);
    expect(chunks.map((c) => Number(c.seq))).toEqual([0, 1, 2]);
    expect(Buffer.concat(chunks.map((c) => Buffer.from(c.data))).equals(bytes)).toBe(true);
    expect(existsSync(join(ctx.config.dataDir, 'evidence'))).toBe(false);

    const got = await get(`/api/evidence/${body.id}`);
    expect(got.status).toBe(200);
    expect(got.headers['content-length']).toBe(String(bytes.length));
    expect(got.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect((got.body as Buffer).equals(bytes)).toBe(true);

    // One changed bit in the last piece: nothing of the file is sent.
    await tamper('evidence', body.sha256, 2);
    const refused = await get(`/api/evidence/${body.id}`);
    expect(refused.status).toBe(500);
    const error = JSON.parse((refused.body as Buffer).toString('utf8')) as ErrorBody;
    expect(error.code).toBe('EVIDENCE.STORED_FILE_INVALID');
    expect((refused.body as Buffer).includes(bytes.subarray(0, 64))).toBe(false);
  });

  it('should store an approved 特記事項 in the database and refuse it once a piece is changed', async () => {
    const contractor = await ctx.dataSource.query<{ id: string }[]>('SELECT id FROM contractor LIMIT 1');
    const approved = (await createApprovedContract(ctx, officer.token, contractor[0].id)) as unknown as {
      id: string;
    };
    const read = await ctx
      .http()
      .get(`/api/contracts/${approved.id}`)
      .set(...bearer(officer.token));
    const documentSha256 = (read.body as ContractResponse).documentSha256!;
    const chunks = await chunksOf('documents', documentSha256);
    expect(chunks.length).toBeGreaterThan(0);
    expect(existsSync(join(ctx.config.dataDir, 'documents'))).toBe(false);

    const pdf = await get(`/api/contracts/${approved.id}/clauses.pdf`);
    expect(pdf.status).toBe(200);
    expect(sha256(pdf.body as Buffer)).toBe(documentSha256);
    expect(Buffer.concat(chunks.map((c) => Buffer.from(c.data))).equals(pdf.body as Buffer)).toBe(true);

    await tamper('documents', documentSha256, 0);
    const refused = await get(`/api/contracts/${approved.id}/clauses.pdf`);
    expect(refused.status).toBe(500);
    expect((JSON.parse((refused.body as Buffer).toString('utf8')) as ErrorBody).code).toBe(
      'DOCUMENT.STORED_FILE_INVALID',
    );
  });

  it('should render an issued document once and serve the stored copy from the database', async () => {
    const contract = await ctx.dataSource.query<{ id: string }[]>(
      "SELECT id FROM contract WHERE status = 'ACTIVE' LIMIT 1",
    );
    const first = await get(`/api/contracts/${contract[0].id}/selection.pdf`);
    expect(first.status).toBe(200);
    const [record] = await ctx.dataSource.query<{ sha256: string }[]>(
      'SELECT sha256 FROM issued_document WHERE owner_id = ? AND sha256 IS NOT NULL',
      [contract[0].id],
    );
    expect(record.sha256).toBe(sha256(first.body as Buffer));
    const stored = await chunksOf('documents', record.sha256);
    expect(Buffer.concat(stored.map((c) => Buffer.from(c.data))).equals(first.body as Buffer)).toBe(true);
    const again = await get(`/api/contracts/${contract[0].id}/selection.pdf`);
    expect((again.body as Buffer).equals(first.body as Buffer)).toBe(true);
  });
});
