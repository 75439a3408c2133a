import { createHash } from 'node:crypto';
import type { Response } from 'supertest';
import { todayInJapan } from '../../src/common/clock';
import { formatWareki } from '../../src/common/dates/wareki';
import { assertNoOrphanLines, readPdfPages } from '../../src/modules/documents/testing/pdf-pages';
import { pdfFonts, pdfText, squash } from '../../src/modules/documents/testing/pdf-tools';
import type { IssuerSettingsResponse } from '../../src/modules/settings/dto/issuer-settings.dto';
import { completeSelection, createContractor, createUserAndLogin } from '../factories';
import type { ErrorBody, PageBody } from '../utils/bodies';
import { ADMIN, bearer, login, startTestApp, type TestContext } from '../utils/test-app';
import type { ContractResponse } from '../../src/modules/contracts/dto/contract.response';

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

/** Collects a binary body into a Buffer. */
function binary(res: Response, callback: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => callback(null, Buffer.concat(chunks)));
}

describe('contracts and the 特記事項', () => {
  let ctx: TestContext;
  let admin: string;
  let officer: { id: string; token: string };
  let contractor: { id: string; name: string };
  let other: { id: string };
  let ownUser: { token: string };
  let otherUser: { token: string };

  beforeAll(async () => {
    ctx = await startTestApp();
    admin = await login(ctx, ADMIN.email, ADMIN.password);
    officer = await createUserAndLogin(ctx, admin, 'OFFICER');
    contractor = await createContractor(ctx, admin, {
      name: '株式会社髙﨑𠮷情報',
      representativeName: '代表取締役 山﨑 太郎',
    });
    other = await createContractor(ctx, admin, { name: '他社株式会社' });
    ownUser = await createUserAndLogin(ctx, admin, 'CONTRACTOR', contractor.id);
    otherUser = await createUserAndLogin(ctx, admin, 'CONTRACTOR', other.id);
  });
  afterAll(async () => ctx.close());

  let seq = 0;
  const draft = async (overrides: Record<string, unknown> = {}): Promise<ContractResponse> => {
    seq += 1;
    const res = await ctx
      .http()
      .post('/api/contracts')
      .set(...bearer(officer.token))
      .send({
        contractNumber: `R8-情政-${String(seq).padStart(4, '0')}`,
        title: '住民情報システム運用保守業務委託',
        contractorId: contractor.id,
        department: '総務課情報政策係',
        startDate: '2026-04-01',
        endDate: '2027-03-31',
        confidentialityClass: 2,
        handlesPersonalInfo: true,
        usesCloud: false,
        workLocation: '乙の本社（山形県長井市）',
        ...overrides,
      });
    expect(res.status).toBe(201);
    // Approval needs the selection record (選定); each draft here has one.
    await completeSelection(ctx, officer.token, (res.body as ContractResponse).id);
    return res.body as ContractResponse;
  };
  const pdf = (id: string, token: string) =>
    ctx
      .http()
      .get(`/api/contracts/${id}/clauses.pdf`)
      .set(...bearer(token))
      .buffer(true)
      .parse(binary);

  it("should not let one user's loop on a draft PDF hold up another company's draft or an approval", async () => {
    const mine = await draft();
    // A third company of its own, so the lists the other tests read stay as they expect.
    const third = await createContractor(ctx, admin, { name: '第三株式会社' });
    const thirdUser = await createUserAndLogin(ctx, admin, 'CONTRACTOR', third.id);
    const theirs = await draft({ contractorId: third.id });
    const toApprove = await draft();
    // Twenty parallel draft PDFs from one contractor: a few rendered, the rest 429 with Retry-After.
    const loop = Array.from({ length: 20 }, () => pdf(mine.id, ownUser.token));
    const [otherDraft, approval, ...looped] = await Promise.all([
      pdf(theirs.id, thirdUser.token),
      ctx
        .http()
        .post(`/api/contracts/${toApprove.id}/approve`)
        .set(...bearer(officer.token))
        .send({ version: toApprove.version }),
      ...loop,
    ]);
    expect(otherDraft.status).toBe(200);
    expect(approval.status).toBe(200);
    const refused = looped.filter((r) => r.status !== 200);
    expect(looped.some((r) => r.status === 200)).toBe(true);
    expect(refused.length).toBeGreaterThan(0);
    for (const r of refused) {
      expect(r.status).toBe(429);
      expect(r.headers['retry-after']).toMatch(/^\d+$/);
    }
  });

  it('should draft a contract with the applicable clauses pre-selected and the frequency from its class', async () => {
    const c = await draft();
    expect(c).toMatchObject({
      status: 'DRAFT',
      version: 1,
      assessmentFrequency: 'SEMIANNUAL',
      contractorName: contractor.name,
    });
    const codes = (c.clauses ?? []).map((x) => x.code);
    expect(codes).toEqual(
      expect.arrayContaining(['CONFIDENTIALITY', 'PERSONAL_INFORMATION', 'ENCRYPTION', 'WORK_LOCATION']),
    );
    expect(codes).not.toContain('CLOUD_SERVICE'); // no cloud
    expect(codes).not.toContain('DISCLOSURE'); // class 3 only
    expect((c.clauses ?? []).map((x) => x.articleNo)).toEqual(codes.map((_, i) => i + 1));
    const location = (c.clauses ?? []).find((x) => x.code === 'WORK_LOCATION');
    expect(location?.paragraphs[0]).toContain('乙の本社（山形県長井市）');
    const read = await ctx
      .http()
      .get(`/api/contracts/${c.id}`)
      .set(...bearer(officer.token));
    expect(read.body).toEqual(c);
  });

  it('should let the officer set parameters and add optional clauses, and refuse dropping a mandatory one', async () => {
    const c = await draft();
    const choice = (c.clauses ?? []).map((x) => ({ code: x.code }));
    const withParams = choice.map((x) =>
      x.code === 'INCIDENT_REPORT' ? { code: x.code, params: { reportHours: 1 } } : x,
    );
    const ok = await ctx
      .http()
      .put(`/api/contracts/${c.id}/clauses`)
      .set(...bearer(officer.token))
      .send({
        version: 1,
        clauses: [...withParams, { code: 'DISCLOSURE' }].filter((x) => x.code !== 'DISCLOSURE'),
      });
    expect(ok.status).toBe(200);
    const incident = ((ok.body as ContractResponse).clauses ?? []).find((x) => x.code === 'INCIDENT_REPORT');
    expect(incident?.params.reportHours).toBe(1);
    expect(incident?.paragraphs[0]).toContain('1時間以内');

    const dropped = await ctx
      .http()
      .put(`/api/contracts/${c.id}/clauses`)
      .set(...bearer(officer.token))
      .send({ version: 2, clauses: choice.filter((x) => x.code !== 'CONFIDENTIALITY') });
    expect(dropped.status).toBe(422);
    expect(dropped.body).toMatchObject({ code: 'CONTRACT.CLAUSES_REFUSED' });
    expect(JSON.stringify((dropped.body as ErrorBody).details)).toContain('CLAUSE.MANDATORY_MISSING');

    const badParam = await ctx
      .http()
      .put(`/api/contracts/${c.id}/clauses`)
      .set(...bearer(officer.token))
      .send({
        version: 2,
        clauses: choice.map((x) =>
          x.code === 'INCIDENT_REPORT' ? { ...x, params: { reportHours: 999 } } : x,
        ),
      });
    expect(badParam.status).toBe(400);
    expect(badParam.body).toMatchObject({ code: 'CONTRACT.CLAUSES_INVALID' });

    const stale = await ctx
      .http()
      .put(`/api/contracts/${c.id}/clauses`)
      .set(...bearer(officer.token))
      .send({ version: 1, clauses: choice });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ code: 'CONTRACT.STALE_VERSION' });
    const after = await ctx
      .http()
      .get(`/api/contracts/${c.id}`)
      .set(...bearer(officer.token));
    expect(
      ((after.body as ContractResponse).clauses ?? []).find((x) => x.code === 'INCIDENT_REPORT')?.params
        .reportHours,
    ).toBe(1);
  });

  it('should show every change on the next read (clause views are remembered per contract version)', async () => {
    const renamed = await createContractor(ctx, admin, { name: '株式会社改称前' });
    const c = await draft({ contractorId: renamed.id, usesCloud: false });
    const read = async (): Promise<ContractResponse> => {
      const res = await ctx
        .http()
        .get(`/api/contracts/${c.id}`)
        .set(...bearer(officer.token));
      expect(res.status).toBe(200);
      return res.body as ContractResponse;
    };
    expect(await read()).toEqual(c);

    const put = await ctx
      .http()
      .put(`/api/contracts/${c.id}/clauses`)
      .set(...bearer(officer.token))
      .send({
        version: 1,
        clauses: (c.clauses ?? []).map((x) =>
          x.code === 'INCIDENT_REPORT' ? { code: x.code, params: { reportHours: 2 } } : { code: x.code },
        ),
      });
    expect(put.status).toBe(200);
    const afterPut = await read();
    expect(afterPut).toEqual(put.body);
    expect(afterPut.clauses?.find((x) => x.code === 'INCIDENT_REPORT')?.paragraphs[0]).toContain('2時間以内');

    const patched = await ctx
      .http()
      .patch(`/api/contracts/${c.id}`)
      .set(...bearer(officer.token))
      .send({ version: 2, usesCloud: true });
    expect(patched.status).toBe(200);
    const afterPatch = await read();
    expect(afterPatch).toEqual(patched.body);
    expect(afterPatch.clauses?.map((x) => x.code)).toContain('CLOUD_SERVICE');

    const current = await ctx
      .http()
      .get(`/api/contractors/${renamed.id}`)
      .set(...bearer(admin));
    const rename = await ctx
      .http()
      .patch(`/api/contractors/${renamed.id}`)
      .set(...bearer(admin))
      .send({ version: (current.body as { version: number }).version, name: '株式会社改称後' });
    expect(rename.status).toBe(200);
    expect((await read()).contractorName).toBe('株式会社改称後');

    // The cloud added a criterion (ISMAP) to answer.
    await completeSelection(ctx, officer.token, c.id);
    const approved = await ctx
      .http()
      .post(`/api/contracts/${c.id}/approve`)
      .set(...bearer(officer.token))
      .send({ version: 3 });
    expect(approved.status).toBe(200);
    const afterApproval = await read();
    expect(afterApproval).toEqual(approved.body);
    expect(afterApproval.status).toBe('ACTIVE');
  });

  it('should clear the work location of a draft with null, keep it when omitted, and refuse null on a required field', async () => {
    const c = await draft();
    const patch = (body: Record<string, unknown>) =>
      ctx
        .http()
        .patch(`/api/contracts/${c.id}`)
        .set(...bearer(officer.token))
        .send(body);
    const kept = await patch({ version: 1, title: '住民情報システム運用保守業務委託（改）' });
    expect(kept.status).toBe(200);
    expect((kept.body as ContractResponse).workLocation).toBe('乙の本社（山形県長井市）');

    const cleared = await patch({ version: 2, workLocation: null });
    expect(cleared.status).toBe(200);
    const read = await ctx
      .http()
      .get(`/api/contracts/${c.id}`)
      .set(...bearer(officer.token));
    expect(read.body).toEqual(cleared.body);
    expect((read.body as ContractResponse).workLocation).toBeNull();
    expect((read.body as ContractResponse).workLocations).toEqual([]);
    const [row] = await ctx.dataSource.query<{ work_locations: string }[]>(
      'SELECT work_locations FROM contract WHERE id = ?',
      [c.id],
    );
    expect(JSON.parse(row.work_locations)).toEqual([]);
    const location = (read.body as ContractResponse).clauses?.find((x) => x.code === 'WORK_LOCATION');
    expect(location?.paragraphs[0]).toBe(
      '乙は、本業務を乙の事業所のうち甲があらかじめ承認した場所（以下「作業場所」という。）において行わなければならない。',
    );

    const refused = await patch({ version: 3, title: null });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ code: 'REQUEST.VALIDATION' });
  });

  it('should add newly mandatory clauses when the attributes of a draft change', async () => {
    const c = await draft({ usesCloud: false });
    const res = await ctx
      .http()
      .patch(`/api/contracts/${c.id}`)
      .set(...bearer(officer.token))
      .send({ version: 1, usesCloud: true });
    expect(res.status).toBe(200);
    expect(((res.body as ContractResponse).clauses ?? []).map((x) => x.code)).toContain('CLOUD_SERVICE');
  });

  it('should print a draft 特記事項 marked 案, and approve into a stored, byte-identical PDF', async () => {
    const c = await draft();
    const draftPdf = await pdf(c.id, officer.token);
    expect(draftPdf.status).toBe(200);
    expect(draftPdf.headers['content-type']).toBe('application/pdf');
    const draftText = pdfText(draftPdf.body as Buffer, 'plain').join('\n');
    expect(draftText).toContain('案');

    const approved = await ctx
      .http()
      .post(`/api/contracts/${c.id}/approve`)
      .set(...bearer(officer.token))
      .send({ version: 1 });
    expect(approved.status).toBe(200);
    const body = approved.body as ContractResponse;
    expect(body).toMatchObject({ status: 'ACTIVE', version: 2, approvedBy: officer.id });
    expect(body.documentSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(body.catalogueVersion).toMatch(/^[0-9a-f]{64}$/);

    const first = await pdf(c.id, officer.token);
    const second = await pdf(c.id, officer.token);
    const own = await pdf(c.id, ownUser.token);
    const bytes = first.body as Buffer;
    expect(sha256(bytes)).toBe(body.documentSha256);
    expect((second.body as Buffer).equals(bytes)).toBe(true);
    expect((own.body as Buffer).equals(bytes)).toBe(true);
    expect(first.headers['x-document-sha256']).toBe(body.documentSha256);
    expect(first.headers['content-disposition']).toMatch(/^attachment; filename="tokkijiko-R8-/);

    // Every page's footer: its number, the approval date and the first 16 characters of the content hash
    // the contract stores (read from the page with positions: the last line of each page).
    expect(body.contentSha256).toMatch(/^[0-9a-f]{64}$/);
    const footer = `令和${Number(todayInJapan().slice(0, 4)) - 2018}年`;
    const pageLines = readPdfPages(bytes);
    pageLines.forEach((page, i) => {
      const last = squash(page.lines.at(-1)?.text ?? '');
      expect(last).toBe(
        `${i + 1}/${pageLines.length}${formatWareki(todayInJapan())}承認照合番号${body.contentSha256?.slice(0, 16)}`,
      );
      expect(last).toContain(footer);
    });
    assertNoOrphanLines(pageLines);
    const pages = pdfText(bytes, 'plain');
    // Take the footers off so that text flowing across pages reads as one.
    const isFooter = (line: string): boolean => /^\s*\d+\s*\/\s*\d+\s*$|照合番号/.test(line);
    const flat = squash(
      pages
        .map((page) =>
          page
            .split('\n')
            .filter((l) => !isFooter(l))
            .join(''),
        )
        .join(''),
    );
    expect(flat).toContain('情報セキュリティに関する特記事項');
    expect(flat).not.toContain('（案）');
    expect(flat).not.toMatch(/[０-９]/u); // half-width numerals only
    expect(flat).toContain(squash(contractor.name));
    // The 前文 defines 甲, 乙, 本契約 and 本業務 before 第1条, once each.
    const beforeArticles = flat.slice(0, flat.indexOf('第1条（'));
    for (const term of ['甲', '乙', '本契約', '本業務']) {
      expect(beforeArticles).toContain(`（以下「${term}」という。）`);
      expect(flat.split(`（以下「${term}」という。）`)).toHaveLength(2);
    }
    expect(flat).toContain('令和8年4月1日');
    expect(flat).toContain('令和9年3月31日');
    for (const clause of body.clauses ?? []) {
      expect(flat).toContain(`第${clause.articleNo}条（${clause.title}）`);
      for (const paragraph of clause.paragraphs) expect(flat).toContain(squash(paragraph));
    }
    const fonts = pdfFonts(bytes);
    expect(fonts.length).toBeGreaterThan(0);
    expect(fonts.every((f) => f.embedded && f.subset)).toBe(true);
  });

  it('should fix at approval what the 特記事項 prints: later edits of the contractor or the settings change no byte', async () => {
    const company = await createContractor(ctx, admin, {
      name: '株式会社長井システム',
      representativeName: '代表取締役 長井 一郎',
      address: '山形県長井市本町1丁目1番1号',
    });
    const settingsNow = (
      await ctx
        .http()
        .get('/api/settings/issuer')
        .set(...bearer(admin))
    ).body as IssuerSettingsResponse;
    const saveSettings = async (changes: Partial<IssuerSettingsResponse>, version: number) => {
      const { missing: _m, updatedAt: _u, ...fields } = settingsNow;
      const res = await ctx
        .http()
        .put('/api/settings/issuer')
        .set(...bearer(admin))
        .send({ ...fields, ...changes, version });
      expect(res.status).toBe(200);
      return res.body as IssuerSettingsResponse;
    };
    const saved = await saveSettings(
      {
        orgAddress: '山形県長井市ままの上7番10号',
        representativeTitle: '管理者',
        representativeName: '内谷 重治',
      },
      settingsNow.version,
    );
    const c = await draft({ contractorId: company.id });

    // The draft prints 甲's address and representative from the settings, where 乙's are printed.
    const draftLines = (pdfText((await pdf(c.id, officer.token)).body as Buffer, 'layout').at(-1) ?? '')
      .split('\n')
      .map(squash);
    expect(draftLines).toContain('甲住所山形県長井市ままの上7番10号');
    expect(draftLines).toContain('代表者管理者内谷重治印');
    expect(draftLines).toContain('乙住所山形県長井市本町1丁目1番1号');

    const approved = await ctx
      .http()
      .post(`/api/contracts/${c.id}/approve`)
      .set(...bearer(officer.token))
      .send({ version: 1 });
    expect(approved.status).toBe(200);
    const body = approved.body as ContractResponse;
    const original = (await pdf(c.id, officer.token)).body as Buffer;

    await saveSettings(
      { orgAddress: '山形県長井市栄町1番1号', representativeName: '後任 次郎' },
      saved.version,
    );
    const renamed = await ctx
      .http()
      .patch(`/api/contractors/${company.id}`)
      .set(...bearer(admin))
      .send({
        version: company.version,
        name: '株式会社長井システムズ',
        address: '山形県米沢市丸の内1丁目1番1号',
      });
    expect(renamed.status).toBe(200);

    const again = (await pdf(c.id, officer.token)).body as Buffer;
    expect(again.equals(original)).toBe(true);
    expect(sha256(again)).toBe(body.documentSha256);
    const read = (
      await ctx
        .http()
        .get(`/api/contracts/${c.id}`)
        .set(...bearer(officer.token))
    ).body as ContractResponse;
    expect(read).toMatchObject({ contentSha256: body.contentSha256, documentSha256: body.documentSha256 });
    const text = squash(pdfText(again, 'layout').join('\n'));
    expect(text).toContain('山形県長井市ままの上7番10号');
    expect(text).toContain('株式会社長井システム（以下「乙」という。）');
    expect(text).not.toContain('後任');
    expect(text).not.toContain('栄町');
    readPdfPages(again).forEach((page) =>
      expect(squash(page.lines.at(-1)?.text ?? '')).toContain(`照合番号${body.contentSha256?.slice(0, 16)}`),
    );

    // The audit row of the approval records both hashes.
    const events = (
      await ctx
        .http()
        .get('/api/audit-events')
        .query({ entityId: c.id })
        .set(...bearer(admin))
    ).body as PageBody<{ action: string; summary: Record<string, unknown> }>;
    const approval = events.items.find((e) => e.action === 'contract.approve');
    expect(approval?.summary).toMatchObject({
      documentSha256: body.documentSha256,
      contentSha256: body.contentSha256,
    });
  });

  it('should add to a draft saved before them the mandatory clauses the catalogue gained since', async () => {
    const c = await draft();
    // A draft saved before the general provisions existed: its stored selection lacks them.
    await ctx.dataSource.query(
      ctx.db.kind === 'sqlite'
        ? 'DELETE FROM "contract_clause" WHERE "contract_id" = ? AND "clause_code" IN (?, ?, ?)'
        : 'DELETE FROM `contract_clause` WHERE `contract_id` = ? AND `clause_code` IN (?, ?, ?)',
      [c.id, 'ANNEX_RELATION', 'ELECTRONIC_PROCEDURE', 'CONSULTATION'],
    );
    const read = await ctx
      .http()
      .get(`/api/contracts/${c.id}`)
      .set(...bearer(officer.token));
    expect(read.status).toBe(200);
    const clauses = (read.body as ContractResponse).clauses ?? [];
    expect(clauses.slice(-3).map((x) => [x.code, x.articleNo])).toEqual([
      ['ANNEX_RELATION', clauses.length - 2],
      ['ELECTRONIC_PROCEDURE', clauses.length - 1],
      ['CONSULTATION', clauses.length],
    ]);
    const text = squash(pdfText((await pdf(c.id, officer.token)).body as Buffer, 'plain').join(''));
    expect(text).toContain(`第${clauses.length}条（協議）`);
    expect(text).toContain('書面により行われたものとみなして');
  });

  it('should keep the signed text when the stored draft would render differently later', async () => {
    const c = await draft();
    const approved = (
      await ctx
        .http()
        .post(`/api/contracts/${c.id}/approve`)
        .set(...bearer(officer.token))
        .send({ version: 1 })
    ).body as ContractResponse;
    // Tamper with what a re-render would use: the signed snapshot must be what is shown.
    await ctx.dataSource.query(
      ctx.db.kind === 'sqlite'
        ? 'UPDATE "contract_clause" SET "params" = ? WHERE "contract_id" = ? AND "clause_code" = ?'
        : 'UPDATE `contract_clause` SET `params` = ? WHERE `contract_id` = ? AND `clause_code` = ?',
      ['{"reportHours":24,"writtenReportDays":30}', c.id, 'INCIDENT_REPORT'],
    );
    const read = (
      await ctx
        .http()
        .get(`/api/contracts/${c.id}`)
        .set(...bearer(officer.token))
    ).body as ContractResponse;
    const incident = (read.clauses ?? []).find((x) => x.code === 'INCIDENT_REPORT');
    const signed = (approved.clauses ?? []).find((x) => x.code === 'INCIDENT_REPORT');
    expect(incident?.paragraphs).toEqual(signed?.paragraphs);
  });

  it('should refuse a stored PDF that no longer matches its hash', async () => {
    const c = await draft();
    const approved = (
      await ctx
        .http()
        .post(`/api/contracts/${c.id}/approve`)
        .set(...bearer(officer.token))
        .send({ version: 1 })
    ).body as ContractResponse;
    const { writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const hash = approved.documentSha256 ?? '';
    writeFileSync(
      join(ctx.config.dataDir, 'documents', hash.slice(0, 2), `${hash}.pdf`),
      'not the signed document',
    );
    const res = await pdf(c.id, officer.token);
    expect(res.status).toBe(500);
    expect(JSON.parse((res.body as Buffer).toString('utf8'))).toMatchObject({
      code: 'DOCUMENT.STORED_FILE_INVALID',
    });
  });

  it('should end and terminate only active contracts, with a reason', async () => {
    const c = await draft();
    const early = await ctx
      .http()
      .post(`/api/contracts/${c.id}/end`)
      .set(...bearer(officer.token))
      .send({ version: 1, reason: '満了' });
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({ code: 'CONTRACT.INVALID_STATE' });
    await ctx
      .http()
      .post(`/api/contracts/${c.id}/approve`)
      .set(...bearer(officer.token))
      .send({ version: 1 })
      .expect(200);
    const noReason = await ctx
      .http()
      .post(`/api/contracts/${c.id}/terminate`)
      .set(...bearer(officer.token))
      .send({ version: 2 });
    expect(noReason.status).toBe(400);
    const done = await ctx
      .http()
      .post(`/api/contracts/${c.id}/terminate`)
      .set(...bearer(officer.token))
      .send({ version: 2, reason: '重大な違反による契約の解除' });
    expect(done.body).toMatchObject({
      status: 'TERMINATED',
      closedReason: '重大な違反による契約の解除',
      version: 3,
    });
    const again = await ctx
      .http()
      .patch(`/api/contracts/${c.id}`)
      .set(...bearer(officer.token))
      .send({ version: 3, title: 'x' });
    expect(again.status).toBe(409);
  });

  it('should answer 404 to another contractor, list only its own, and refuse contractors writing', async () => {
    const c = await draft();
    for (const url of [`/api/contracts/${c.id}`, `/api/contracts/${c.id}/clauses.pdf`]) {
      const res = await ctx
        .http()
        .get(url)
        .set(...bearer(otherUser.token));
      expect(res.status).toBe(404);
    }
    const mine = (
      await ctx
        .http()
        .get('/api/contracts?limit=100')
        .set(...bearer(ownUser.token))
    ).body as PageBody<ContractResponse>;
    expect(mine.items.length).toBeGreaterThan(0);
    expect(mine.items.every((x) => x.contractorId === contractor.id)).toBe(true);
    const theirs = (
      await ctx
        .http()
        .get('/api/contracts?limit=100')
        .set(...bearer(otherUser.token))
    ).body as PageBody<ContractResponse>;
    expect(theirs.items).toEqual([]);
    const write = await ctx
      .http()
      .post(`/api/contracts/${c.id}/approve`)
      .set(...bearer(ownUser.token))
      .send({ version: 1 });
    expect(write.status).toBe(403);
  });

  it('should filter lists and refuse a duplicate contract number, a reversed period and an archived contractor', async () => {
    const c = await draft({ department: '税務課' });
    const dup = await ctx
      .http()
      .post('/api/contracts')
      .set(...bearer(officer.token))
      .send({
        contractNumber: c.contractNumber,
        title: 'x',
        contractorId: contractor.id,
        department: 'x',
        startDate: '2026-04-01',
        endDate: '2027-03-31',
        confidentialityClass: 1,
        handlesPersonalInfo: false,
        usesCloud: false,
      });
    expect(dup.body).toMatchObject({ statusCode: 409, code: 'CONTRACT.NUMBER_TAKEN' });
    const reversed = await ctx
      .http()
      .post('/api/contracts')
      .set(...bearer(officer.token))
      .send({
        contractNumber: 'R8-逆-1',
        title: 'x',
        contractorId: contractor.id,
        department: 'x',
        startDate: '2027-04-01',
        endDate: '2026-03-31',
        confidentialityClass: 1,
        handlesPersonalInfo: false,
        usesCloud: false,
      });
    expect(reversed.body).toMatchObject({ statusCode: 400, code: 'CONTRACT.INVALID_PERIOD' });
    const byDept = (
      await ctx
        .http()
        .get(`/api/contracts?department=${encodeURIComponent('税務課')}`)
        .set(...bearer(officer.token))
    ).body as PageBody<ContractResponse>;
    expect(byDept.items.map((x) => x.id)).toEqual([c.id]);
    // Ending soon: only ACTIVE contracts whose end falls within the window (Japan time).
    const soonEnd = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
    const soon = await draft({ endDate: soonEnd, startDate: '2026-01-01' });
    const later = await draft({ endDate: '2030-03-31' });
    const notApproved = await draft({ endDate: soonEnd, startDate: '2026-01-01' });
    for (const c2 of [soon, later]) {
      await ctx
        .http()
        .post(`/api/contracts/${c2.id}/approve`)
        .set(...bearer(officer.token))
        .send({ version: 1 })
        .expect(200);
    }
    const ending = (
      await ctx
        .http()
        .get('/api/contracts?endingWithinDays=30&limit=100')
        .set(...bearer(officer.token))
    ).body as PageBody<ContractResponse>;
    const endingIds = ending.items.map((x) => x.id);
    expect(endingIds).toContain(soon.id);
    expect(endingIds).not.toContain(later.id);
    expect(endingIds).not.toContain(notApproved.id);

    const archived = await createContractor(ctx, admin, { name: '解散済株式会社' });
    await ctx
      .http()
      .post(`/api/contractors/${archived.id}/archive`)
      .set(...bearer(admin))
      .send({ version: 1 })
      .expect(200);
    const refused = await ctx
      .http()
      .post('/api/contracts')
      .set(...bearer(officer.token))
      .send({
        contractNumber: 'R8-解散-1',
        title: 'x',
        contractorId: archived.id,
        department: 'x',
        startDate: '2026-04-01',
        endDate: '2027-03-31',
        confidentialityClass: 1,
        handlesPersonalInfo: false,
        usesCloud: false,
      });
    expect(refused.body).toMatchObject({ statusCode: 422, code: 'CONTRACT.CONTRACTOR_UNAVAILABLE' });
  });
});
