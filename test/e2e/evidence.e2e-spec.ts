import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import PDFDocument from 'pdfkit';
import type { Response } from 'supertest';
import { Assessment, type AssessmentStatus } from '../../src/modules/assessments/assessment.entity';
import { AuditEvent } from '../../src/modules/audit/audit-event.entity';
import { Contract } from '../../src/modules/contracts/contract.entity';
import type { EvidenceResponse } from '../../src/modules/evidence/dto/evidence.dto';
import { Evidence } from '../../src/modules/evidence/evidence.entity';
import { EvidenceService } from '../../src/modules/evidence/evidence.service';
import { MAX_EVIDENCE_BYTES } from '../../src/modules/evidence/media-types';
import { createContractor, createUserAndLogin, insertAssessmentWithItem } from '../factories';
import type { ErrorBody } from '../utils/bodies';
import { ADMIN, bearer, login, startTestApp, type TestContext } from '../utils/test-app';

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

/** Collects a binary body into a Buffer. */
function binary(res: Response, callback: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => callback(null, Buffer.concat(chunks)));
}

/** A real one-page PDF with a line of text that makes each one different. */
function pdf(text: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4' });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.text(text);
    doc.end();
  });
}

/** A 1×1 PNG (signature, IHDR, IDAT, IEND, valid CRCs). */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

/** A multipart body written by hand, for names a form library would not quote correctly. */
function multipart(itemId: string, fileName: string, bytes: Buffer): { type: string; body: Buffer } {
  const boundary = `----itaku${randomBytes(8).toString('hex')}`;
  const quoted = fileName.replace(/["\\]/g, (c) => `\\${c}`);
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="itemId"\r\n\r\n${itemId}\r\n`),
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${quoted}"\r\n` +
        'Content-Type: application/octet-stream\r\n\r\n',
    ),
    bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { type: `multipart/form-data; boundary=${boundary}`, body };
}

describe('evidence files', () => {
  let ctx: TestContext;
  let admin: string;
  let officer: { token: string };
  let auditor: { token: string };
  let own: { id: string };
  let other: { id: string };
  let ownUser: { id: string; token: string };
  let otherUser: { token: string };
  let item: { assessmentId: string; itemId: string };
  let otherItem: { assessmentId: string; itemId: string };

  let seq = 0;
  /** A contract, an assessment in the given status and one item, written directly (the routes come later). */
  const seedItem = async (
    contractorId: string,
    status: AssessmentStatus = 'OPEN',
  ): Promise<{ assessmentId: string; itemId: string }> => {
    seq += 1;
    const m = ctx.dataSource.manager;
    const now = new Date();
    const contractId = randomUUID();
    await m.insert(Contract, {
      id: contractId,
      contractNumber: `R8-証跡-${seq}-${randomBytes(3).toString('hex')}`,
      title: '住民情報システム運用保守業務委託',
      contractorId,
      department: '総務課情報政策係',
      officerUserId: null,
      startDate: '2026-04-01',
      endDate: '2027-03-31',
      confidentialityClass: 2,
      handlesPersonalInfo: true,
      usesCloud: false,
      workLocations: [],
      assessmentFrequency: 'SEMIANNUAL',
      status: 'ACTIVE',
      approvedAt: now,
      approvedBy: null,
      documentSha256: null,
      catalogueVersion: null,
      closedAt: null,
      closedReason: null,
      version: 1,
      createdAt: now,
      updatedAt: now,
    });
    return insertAssessmentWithItem(m, contractId, contractorId, status);
  };

  const upload = (token: string, itemId: string, bytes: Buffer, filename: string, contentType?: string) =>
    ctx
      .http()
      .post('/api/evidence')
      .set(...bearer(token))
      .field('itemId', itemId)
      .attach('file', bytes, { filename, contentType: contentType ?? 'application/octet-stream' });
  const download = async (
    token: string,
    id: string,
  ): Promise<{ status: number; headers: Record<string, string>; body: Buffer }> => {
    const res = await ctx
      .http()
      .get(`/api/evidence/${id}`)
      .set(...bearer(token))
      .buffer(true)
      .parse(binary);
    return { status: res.status, headers: res.headers, body: res.body as Buffer };
  };
  const storedPath = (hash: string): string => join(ctx.config.dataDir, 'evidence', hash.slice(0, 2), hash);
  const rows = (): Promise<number> => ctx.dataSource.manager.count(Evidence);
  const setStatus = (assessmentId: string, status: AssessmentStatus) =>
    ctx.dataSource.manager.update(Assessment, { id: assessmentId }, { status });

  beforeAll(async () => {
    ctx = await startTestApp();
    admin = await login(ctx, ADMIN.email, ADMIN.password);
    officer = await createUserAndLogin(ctx, admin, 'OFFICER');
    auditor = await createUserAndLogin(ctx, admin, 'AUDITOR');
    own = await createContractor(ctx, admin, { name: '株式会社置賜情報サービス' });
    other = await createContractor(ctx, admin, { name: '他社株式会社' });
    ownUser = await createUserAndLogin(ctx, admin, 'CONTRACTOR', own.id);
    otherUser = await createUserAndLogin(ctx, admin, 'CONTRACTOR', other.id);
    item = await seedItem(own.id);
    otherItem = await seedItem(other.id);
  });
  afterAll(async () => ctx.close());

  it('should store a PDF under DATA_DIR/evidence by its SHA-256 and record it with an audit row', async () => {
    const bytes = await pdf('入退室管理簿 2026年9月分');
    const res = await upload(ownUser.token, item.itemId, bytes, '入退室管理簿.pdf', 'text/html');
    expect(res.status).toBe(201);
    const body = res.body as EvidenceResponse;
    expect(body).toEqual({
      id: expect.any(String),
      ownerType: 'ASSESSMENT_ITEM',
      ownerId: item.itemId,
      fileName: '入退室管理簿.pdf',
      mediaType: 'application/pdf',
      size: bytes.length,
      sha256: sha256(bytes),
      uploadedBy: ownUser.id,
      createdAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
    });
    expect(readFileSync(storedPath(sha256(bytes)))).toEqual(bytes);
    const row = await ctx.dataSource.manager.findOneByOrFail(Evidence, { id: body.id });
    expect(row).toMatchObject({ contractorId: own.id, ownerId: item.itemId, sha256: sha256(bytes) });
    const audit = await ctx.dataSource.manager.findOneByOrFail(AuditEvent, {
      action: 'evidence.upload',
      entityId: body.id,
    });
    expect(audit.actorId).toBe(ownUser.id);
    expect(audit.summary).toMatchObject({
      itemId: item.itemId,
      fileName: '入退室管理簿.pdf',
      size: bytes.length,
      sha256: sha256(bytes),
    });
  });

  it('should type a PNG and a UTF-8 CSV by their content, not by their names', async () => {
    const image = await upload(officer.token, item.itemId, PNG, 'screenshot.txt', 'text/plain');
    expect(image.status).toBe(201);
    expect((image.body as EvidenceResponse).mediaType).toBe('image/png');
    const csv = Buffer.from('\ufeff項目,状況\n入退室記録,毎月確認済み\n鍵の貸出,台帳で管理\n', 'utf8');
    const text = await upload(ownUser.token, item.itemId, csv, '点検結果.pdf', 'application/pdf');
    expect(text.status).toBe(201);
    expect((text.body as EvidenceResponse).mediaType).toBe('text/plain');
    const back = await download(ownUser.token, (text.body as EvidenceResponse).id);
    expect(back.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(back.body).toEqual(csv);
  });

  it('should give back the identical bytes with safe headers, a Japanese name with quotes intact', async () => {
    const name = '点検結果 "報告".pdf';
    const bytes = await pdf('点検結果報告');
    const form = multipart(item.itemId, name, bytes);
    const res = await ctx
      .http()
      .post('/api/evidence')
      .set(...bearer(ownUser.token))
      .set('content-type', form.type)
      .send(form.body);
    expect(res.status).toBe(201);
    expect((res.body as EvidenceResponse).fileName).toBe(name);

    const got = await download(officer.token, (res.body as EvidenceResponse).id);
    expect(got.status).toBe(200);
    expect(got.body).toEqual(bytes);
    expect(got.headers['content-type']).toBe('application/pdf');
    expect(got.headers['x-content-type-options']).toBe('nosniff');
    expect(got.headers['cache-control']).toBe('no-store');
    const disposition = got.headers['content-disposition'];
    expect(disposition).toMatch(/^attachment; filename="[A-Za-z0-9._-]+"; filename\*=UTF-8''[^\s"]+$/);
    expect(decodeURIComponent(/filename\*=UTF-8''(.+)$/.exec(disposition)?.[1] ?? '')).toBe(name);
  });

  it('should keep only a sanitised base name: no path, no control characters, at most 255 characters', async () => {
    const long = `${'報'.repeat(300)}.csv`;
    const csv = Buffer.from(`a,b\n${randomUUID()},1\n`, 'utf8');
    const form = multipart(item.itemId, `C:\\fakepath\\点検\t結果\u0007${long}`, csv);
    const res = await ctx
      .http()
      .post('/api/evidence')
      .set(...bearer(ownUser.token))
      .set('content-type', form.type)
      .send(form.body);
    expect(res.status).toBe(201);
    const fileName = (res.body as EvidenceResponse).fileName;
    expect(fileName).toBe(`点検結果${'報'.repeat(251)}`);
    expect(Array.from(fileName)).toHaveLength(255);
  });

  it('should refuse an executable named .pdf, HTML, SVG and a zip with 415 and store nothing', async () => {
    const before = await rows();
    const exe = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'), randomBytes(200)]);
    exe.write('PE\0\0', 128, 'latin1');
    const zip = Buffer.concat([Buffer.from('PK\x03\x04\x14\x00\x00\x00', 'latin1'), randomBytes(60)]);
    const cases: [string, Buffer, string][] = [
      ['報告書.pdf', exe, 'application/pdf'],
      ['report.html', Buffer.from(`<!DOCTYPE html><html><body>${randomUUID()}</body></html>`), 'text/html'],
      [
        '図.svg',
        Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`),
        'image/svg+xml',
      ],
      ['証跡.xlsx', zip, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    ];
    for (const [name, bytes, type] of cases) {
      const res = await upload(ownUser.token, item.itemId, bytes, name, type);
      expect({ name, status: res.status, code: (res.body as ErrorBody).code }).toEqual({
        name,
        status: 415,
        code: 'EVIDENCE.TYPE_NOT_ALLOWED',
      });
      expect(existsSync(storedPath(sha256(bytes)))).toBe(false);
    }
    expect(await rows()).toBe(before);
  });

  it('should refuse an empty file, a missing file and a malformed item id with 400', async () => {
    const before = await rows();
    const empty = await upload(ownUser.token, item.itemId, Buffer.alloc(0), 'empty.pdf');
    expect([empty.status, (empty.body as ErrorBody).code]).toEqual([400, 'EVIDENCE.EMPTY_FILE']);
    const noFile = await ctx
      .http()
      .post('/api/evidence')
      .set(...bearer(ownUser.token))
      .field('itemId', item.itemId);
    expect([noFile.status, (noFile.body as ErrorBody).code]).toEqual([400, 'EVIDENCE.FILE_REQUIRED']);
    const badId = await upload(ownUser.token, 'not-a-uuid', PNG, 'a.png');
    expect([badId.status, (badId.body as ErrorBody).code]).toEqual([400, 'REQUEST.VALIDATION']);
    expect((badId.body as ErrorBody).details?.fields?.map((f) => f.field)).toEqual(['itemId']);
    const json = await ctx
      .http()
      .post('/api/evidence')
      .set(...bearer(ownUser.token))
      .send({ itemId: item.itemId });
    expect([json.status, (json.body as ErrorBody).code]).toEqual([415, 'REQUEST.UNSUPPORTED_MEDIA_TYPE']);
    expect(await rows()).toBe(before);
  });

  it('should refuse a file over 10 MiB with 413 and store nothing, and accept one of exactly 10 MiB', async () => {
    const before = await rows();
    const big = Buffer.alloc(MAX_EVIDENCE_BYTES + 1, 'a');
    const res = await upload(ownUser.token, item.itemId, big, 'big.csv');
    expect([res.status, (res.body as ErrorBody).code]).toEqual([413, 'EVIDENCE.TOO_LARGE']);
    expect(existsSync(storedPath(sha256(big)))).toBe(false);
    expect(await rows()).toBe(before);

    const exact = Buffer.alloc(MAX_EVIDENCE_BYTES, 'b');
    const ok = await upload(ownUser.token, item.itemId, exact, 'exact.csv');
    expect(ok.status).toBe(201);
    expect((ok.body as EvidenceResponse).size).toBe(MAX_EVIDENCE_BYTES);
  });

  it("should answer 404 to another company's user, for its item and for its files", async () => {
    const res = await upload(otherUser.token, item.itemId, PNG, 'a.png');
    expect([res.status, (res.body as ErrorBody).code]).toEqual([404, 'ASSESSMENT.NOT_FOUND']);
    const mine = await upload(ownUser.token, item.itemId, await pdf('自社の証跡'), '自社.pdf');
    const id = (mine.body as EvidenceResponse).id;
    const got = await download(otherUser.token, id);
    expect([got.status, JSON.parse(got.body.toString()) as ErrorBody]).toMatchObject([
      404,
      { code: 'EVIDENCE.NOT_FOUND' },
    ]);
    const removed = await ctx
      .http()
      .delete(`/api/evidence/${id}`)
      .set(...bearer(otherUser.token));
    expect([removed.status, (removed.body as ErrorBody).code]).toEqual([404, 'EVIDENCE.NOT_FOUND']);
    // The other company reaches its own item as usual.
    expect((await upload(otherUser.token, otherItem.itemId, PNG, 'b.png')).status).toBe(201);
  });

  it('should answer 409 on upload and removal once the assessment is submitted or reviewed', async () => {
    const seeded = await seedItem(own.id);
    const first = await upload(ownUser.token, seeded.itemId, await pdf('提出前'), '提出前.pdf');
    expect(first.status).toBe(201);
    const id = (first.body as EvidenceResponse).id;
    for (const status of ['SUBMITTED', 'REVIEWED'] as const) {
      await setStatus(seeded.assessmentId, status);
      const up = await upload(ownUser.token, seeded.itemId, PNG, 'late.png');
      expect([up.status, (up.body as ErrorBody).code]).toEqual([409, 'ASSESSMENT.INVALID_STATE']);
      const del = await ctx
        .http()
        .delete(`/api/evidence/${id}`)
        .set(...bearer(officer.token));
      expect([del.status, (del.body as ErrorBody).code]).toEqual([409, 'ASSESSMENT.INVALID_STATE']);
    }
    expect(await ctx.dataSource.manager.existsBy(Evidence, { id })).toBe(true);
    // Sent back to the contractor, it can change its evidence again.
    await setStatus(seeded.assessmentId, 'RETURNED');
    expect((await upload(ownUser.token, seeded.itemId, PNG, 'again.png')).status).toBe(201);
  });

  it('should let an AUDITOR download but not upload or remove', async () => {
    const mine = await upload(ownUser.token, item.itemId, await pdf('監査用'), '監査用.pdf');
    const id = (mine.body as EvidenceResponse).id;
    expect((await download(auditor.token, id)).status).toBe(200);
    const up = await upload(auditor.token, item.itemId, PNG, 'a.png');
    expect([up.status, (up.body as ErrorBody).code]).toEqual([403, 'AUTH.FORBIDDEN']);
    const del = await ctx
      .http()
      .delete(`/api/evidence/${id}`)
      .set(...bearer(auditor.token));
    expect(del.status).toBe(403);
  });

  it("should remove the uploader company's file with an audit row, but not a file staff attached", async () => {
    const mine = await upload(ownUser.token, item.itemId, await pdf('差し替え前'), '差し替え前.pdf');
    const id = (mine.body as EvidenceResponse).id;
    const res = await ctx
      .http()
      .delete(`/api/evidence/${id}`)
      .set(...bearer(ownUser.token));
    expect(res.status).toBe(204);
    expect(await ctx.dataSource.manager.existsBy(Evidence, { id })).toBe(false);
    const audit = await ctx.dataSource.manager.findOneByOrFail(AuditEvent, {
      action: 'evidence.remove',
      entityId: id,
    });
    expect(audit.summary).toMatchObject({ itemId: item.itemId, fileName: '差し替え前.pdf' });
    expect((await download(ownUser.token, id)).status).toBe(404);

    const staff = await upload(officer.token, item.itemId, await pdf('職員の添付'), '職員.pdf');
    const staffId = (staff.body as EvidenceResponse).id;
    const refused = await ctx
      .http()
      .delete(`/api/evidence/${staffId}`)
      .set(...bearer(ownUser.token));
    expect([refused.status, (refused.body as ErrorBody).code]).toEqual([403, 'EVIDENCE.REMOVE_FORBIDDEN']);
    const byAdmin = await ctx
      .http()
      .delete(`/api/evidence/${staffId}`)
      .set(...bearer(admin));
    expect(byAdmin.status).toBe(204);
  });

  it('should answer the internal error, not the bytes, when the stored file was changed', async () => {
    const bytes = await pdf(`改ざん検知 ${randomUUID()}`);
    const res = await upload(ownUser.token, item.itemId, bytes, '改ざん.pdf');
    const id = (res.body as EvidenceResponse).id;
    const tampered = Buffer.from(bytes);
    tampered[tampered.length - 10] ^= 0xff;
    writeFileSync(storedPath(sha256(bytes)), tampered);
    const got = await download(ownUser.token, id);
    expect(got.status).toBe(500);
    expect(JSON.parse(got.body.toString())).toMatchObject({ code: 'EVIDENCE.STORED_FILE_INVALID' });
    expect(got.body.includes(tampered.subarray(0, 64))).toBe(false);
  });

  it('should list the evidence of several items in one call, oldest first', async () => {
    const a = await seedItem(own.id);
    const b = await seedItem(own.id);
    const first = (await upload(ownUser.token, a.itemId, PNG, '1.png')).body as EvidenceResponse;
    const second = (await upload(ownUser.token, a.itemId, await pdf('2'), '2.pdf')).body as EvidenceResponse;
    const third = (await upload(officer.token, b.itemId, PNG, '3.png')).body as EvidenceResponse;
    // Uploaded first, but dated later: the order follows createdAt, not the insertion.
    const later = new Date(Date.parse(second.createdAt) + 60_000);
    await ctx.dataSource.manager.update(Evidence, { id: first.id }, { createdAt: later });
    const map = await ctx.app
      .get(EvidenceService)
      .listForItems(ctx.dataSource.manager, [a.itemId, b.itemId, randomUUID()]);
    expect(map.get(a.itemId)?.map((e) => [e.id, e.createdAt])).toEqual([
      [second.id, second.createdAt],
      [first.id, later.toISOString()],
    ]);
    expect(map.get(b.itemId)).toEqual([third]);
    expect(map.size).toBe(2);
  });
});
