import type { Response } from 'supertest';
import { ContractorSelection } from '../../src/modules/selection/contractor-selection.entity';
import type { SelectionResponse } from '../../src/modules/selection/dto/selection.dto';
import { pdfText, squash } from '../../src/modules/documents/testing/pdf-tools';
import { completeSelection, createContractor, createUserAndLogin } from '../factories';
import type { ErrorBody } from '../utils/bodies';
import { ADMIN, bearer, login, startTestApp, type TestContext } from '../utils/test-app';

/**
 * The selection record (選定) of a contract over HTTP (issue 16, item 1): approval refused without it, with a code
 * naming what is missing; a complete record lets approval through and issues the 委託先選定調書; no edit after
 * approval; certifications flagged beside their criterion; the contractor never reads it.
 */

const errorOf = (res: Response): ErrorBody & { details?: { missing?: string[] } } =>
  res.body as ErrorBody & { details?: { missing?: string[] } };

/** 和暦 computed here with Intl, apart from the app's own formatter. */
function wareki(isoDate: string): string {
  return new Intl.DateTimeFormat('ja-JP-u-ca-japanese', {
    era: 'long',
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${isoDate}T00:00:00Z`));
}

const PLACE = '置賜広域行政事務組合本庁舎3階電算室';

describe('the selection record of a contract (e2e)', () => {
  let ctx: TestContext;
  let adminToken: string;
  let officer: { id: string; token: string };
  let auditor: { token: string };
  let contractorUser: { token: string };
  let company: { id: string; name: string; version: number };

  const api = (method: 'get' | 'post' | 'put' | 'patch', url: string, token: string) =>
    ctx
      .http()
      [method](url)
      .set(...bearer(token));
  const readSelection = async (id: string, token = officer.token): Promise<SelectionResponse> => {
    const res = await api('get', `/api/contracts/${id}/selection`, token);
    expect(res.status).toBe(200);
    return res.body as SelectionResponse;
  };
  let seq = 0;
  async function draft(overrides: Record<string, unknown> = {}): Promise<{ id: string; version: number }> {
    seq += 1;
    const res = await api('post', '/api/contracts', officer.token).send({
      contractNumber: `SEL-${Date.now()}-${seq}`,
      title: '住民情報システム運用保守業務委託',
      contractorId: company.id,
      department: '情報政策課',
      startDate: '2026-04-01',
      endDate: '2027-03-31',
      confidentialityClass: 2,
      handlesPersonalInfo: true,
      usesCloud: false,
      assessmentFrequency: 'QUARTERLY',
      workLocations: [PLACE],
      ...overrides,
    });
    expect(res.status).toBe(201);
    return res.body as { id: string; version: number };
  }
  const approve = (id: string, version = 1) =>
    api('post', `/api/contracts/${id}/approve`, officer.token).send({ version });

  beforeAll(async () => {
    ctx = await startTestApp();
    adminToken = await login(ctx, ADMIN.email, ADMIN.password);
    officer = await createUserAndLogin(ctx, adminToken, 'OFFICER');
    auditor = await createUserAndLogin(ctx, adminToken, 'AUDITOR');
    company = await createContractor(ctx, officer.token, { name: '株式会社置賜選定テスト' });
    contractorUser = await createUserAndLogin(ctx, adminToken, 'CONTRACTOR', company.id);
    // An ISMS certificate that ends before the contracts start, and one valid whose scope names the place.
    for (const cert of [
      {
        type: 'ISMS',
        registrationNumber: 'IS 500001',
        issuer: '一般財団法人日本品質保証機構',
        validFrom: '2023-01-01',
        validUntil: '2026-03-31',
        scope: `本社及び${PLACE}における情報システムの運用保守業務`,
      },
      {
        type: 'ISMS',
        registrationNumber: 'IS 500002',
        issuer: '一般財団法人日本品質保証機構',
        validFrom: '2026-01-01',
        validUntil: '2029-03-31',
        scope: '本社（山形県長井市）における受託開発業務',
      },
      {
        type: 'PRIVACY_MARK',
        registrationNumber: '10820001(01)',
        issuer: '一般財団法人日本情報経済社会推進協会',
        validFrom: '2025-01-01',
        validUntil: '2027-12-31',
      },
    ]) {
      const res = await api('post', `/api/contractors/${company.id}/certifications`, officer.token).send(
        cert,
      );
      expect(res.status).toBe(201);
    }
  });

  afterAll(async () => {
    await ctx.close();
  });

  it('should refuse approval without a selection record, naming what is missing', async () => {
    const c = await draft();
    const res = await approve(c.id);
    expect(res.status).toBe(422);
    expect(errorOf(res).code).toBe('CONTRACT.SELECTION_INCOMPLETE');
    expect(errorOf(res).details?.missing).toEqual([
      'method',
      'criteria.SECURITY_CERTIFICATION',
      'criteria.NO_SUSPENSION',
      'criteria.ORGANIZATION_AND_STAFF',
      'criteria.PAST_INCIDENTS',
      'reason',
    ]);
    expect(errorOf(res).message).toContain('選定理由');
    expect(errorOf(res).message).toContain('確認項目「過去の事故の状況」');
    const after = await api('get', `/api/contracts/${c.id}`, officer.token);
    expect((after.body as { status: string }).status).toBe('DRAFT');
  });

  it('should refuse approval while a criterion is unanswered, and let it through once complete', async () => {
    const c = await draft();
    let res = await api('put', `/api/contracts/${c.id}/selection`, officer.token).send({
      method: 'PROPOSAL',
      criteria: [{ code: 'SECURITY_CERTIFICATION', met: true, note: 'ISMS 登録証の写しにより確認した。' }],
      reason: '',
    });
    expect(res.status).toBe(200);
    let body = res.body as SelectionResponse;
    expect(body.version).toBe(1);
    expect(body.complete).toBe(false);
    expect(body.methodLabel).toBe('プロポーザル方式');
    res = await approve(c.id);
    expect(res.status).toBe(422);
    expect(errorOf(res).details?.missing).toEqual([
      'criteria.NO_SUSPENSION',
      'criteria.ORGANIZATION_AND_STAFF',
      'criteria.PAST_INCIDENTS',
      'reason',
    ]);

    res = await api('put', `/api/contracts/${c.id}/selection`, officer.token).send({
      method: 'PROPOSAL',
      criteria: [
        {
          code: 'SECURITY_CERTIFICATION',
          met: true,
          note: 'ISMS 登録証の写しにより確認した。',
          evidence: '登録証 IS 500001',
        },
        { code: 'NO_SUSPENSION', met: true, note: '指名停止一覧を確認した。' },
        { code: 'ORGANIZATION_AND_STAFF', met: true },
        { code: 'PAST_INCIDENTS', met: false, note: '令和5年度に誤送信1件。再発防止策の実施を確認した。' },
      ],
      reason: '提案内容の評価が最も高く、情報セキュリティ対策も十分であるため。',
      version: 1,
    });
    expect(res.status).toBe(200);
    body = res.body as SelectionResponse;
    expect(body.complete).toBe(true);
    expect(body.missing).toEqual([]);
    expect(body.decidedBy?.id).toBe(officer.id);
    const row = await ctx.dataSource.manager.findOneByOrFail(ContractorSelection, { contractId: c.id });
    expect(row.version).toBe(2);
    expect(row.criteria.find((a) => a.code === 'PAST_INCIDENTS')).toEqual({
      code: 'PAST_INCIDENTS',
      met: false,
      note: '令和5年度に誤送信1件。再発防止策の実施を確認した。',
      evidence: null,
    });

    res = await approve(c.id);
    expect(res.status).toBe(200);
    expect((res.body as { status: string }).status).toBe('ACTIVE');
    const fixed = await readSelection(c.id, auditor.token);
    expect(fixed.editable).toBe(false);
    expect(fixed.document?.documentNumber ?? 'unnumbered').toBeTruthy();
  });

  it('should refuse a stale version, a criterion that does not apply and a not-met criterion without a note', async () => {
    const c = await draft();
    await completeSelection(ctx, officer.token, c.id);
    const stale = await api('put', `/api/contracts/${c.id}/selection`, officer.token).send({
      method: 'OPEN_TENDER',
      criteria: [],
      reason: '再検討',
      version: 0,
    });
    expect(stale.status).toBe(409);
    expect(errorOf(stale).code).toBe('SELECTION.STALE_VERSION');
    // ISMAP applies to cloud delivery only; this contract uses none.
    const cloud = await api('put', `/api/contracts/${c.id}/selection`, officer.token).send({
      method: 'OPEN_TENDER',
      criteria: [{ code: 'CLOUD_ISMAP', met: true }],
      reason: '再検討',
      version: 1,
    });
    expect(cloud.status).toBe(400);
    expect(errorOf(cloud).code).toBe('SELECTION.UNKNOWN_CRITERION');
    const noNote = await api('put', `/api/contracts/${c.id}/selection`, officer.token).send({
      method: 'OPEN_TENDER',
      criteria: [{ code: 'NO_SUSPENSION', met: false, note: '  ' }],
      reason: '再検討',
      version: 1,
    });
    expect(noNote.status).toBe(400);
    expect(errorOf(noNote).code).toBe('SELECTION.NOTE_REQUIRED');
    // Nothing refused was stored.
    const kept = await readSelection(c.id);
    expect(kept.version).toBe(1);
    expect(kept.complete).toBe(true);
    expect(kept.method).toBe('OPEN_TENDER');
  });

  it('should ask for ISMAP when the contract uses the cloud', async () => {
    const c = await draft({ usesCloud: true });
    const s = await readSelection(c.id);
    expect(s.criteria.map((x) => x.code)).toEqual([
      'SECURITY_CERTIFICATION',
      'CLOUD_ISMAP',
      'NO_SUSPENSION',
      'ORGANIZATION_AND_STAFF',
      'PAST_INCIDENTS',
    ]);
  });

  it('should flag an expired certification and one whose scope does not name the work place', async () => {
    const c = await draft();
    const s = await readSelection(c.id);
    const certs = s.criteria.find((x) => x.code === 'SECURITY_CERTIFICATION')?.certifications ?? [];
    const byNumber = new Map(certs.map((x) => [x.registrationNumber, x]));
    expect(byNumber.get('IS 500001')?.flags.map((f) => f.code)).toEqual(['EXPIRED']);
    expect(byNumber.get('IS 500001')?.flags[0].message).toBe(
      `契約の開始日（${wareki('2026-04-01')}）には有効期限（${wareki('2026-03-31')}）を過ぎている。`,
    );
    expect(byNumber.get('IS 500002')?.flags).toEqual([
      { code: 'SCOPE_MISSING_SITE', message: `適用範囲に作業場所（「${PLACE}」）が含まれていない。` },
    ]);
    // A プライバシーマーク is granted to the business as a whole: no site scope to check.
    expect(byNumber.get('10820001(01)')?.flags).toEqual([]);
    // Criteria without certifications show none.
    expect(s.criteria.find((x) => x.code === 'NO_SUSPENSION')?.certifications).toEqual([]);
  });

  it('should refuse an edit once the contract is approved', async () => {
    const c = await draft();
    const recorded = await completeSelection(ctx, officer.token, c.id);
    expect((await approve(c.id)).status).toBe(200);
    const res = await api('put', `/api/contracts/${c.id}/selection`, officer.token).send({
      method: 'NEGOTIATED',
      criteria: [],
      reason: '変更',
      version: recorded.version,
    });
    expect(res.status).toBe(409);
    expect(errorOf(res).code).toBe('CONTRACT.INVALID_STATE');
    const kept = await readSelection(c.id);
    expect(kept.method).toBe('OPEN_TENDER');
  });

  it('should refuse the record in every state but DRAFT, and to the auditor in any state', async () => {
    const c = await draft();
    const recorded = await completeSelection(ctx, officer.token, c.id);
    const body = { method: 'NEGOTIATED', criteria: [], reason: '変更', version: recorded.version };
    const byAuditor = await api('put', `/api/contracts/${c.id}/selection`, auditor.token).send(body);
    expect(byAuditor.status).toBe(403);
    expect((await approve(c.id)).status).toBe(200);
    const ended = await api('post', `/api/contracts/${c.id}/terminate`, officer.token).send({
      version: 2,
      reason: '重大な違反による契約の解除',
    });
    expect(ended.status).toBe(200);
    const refused = await api('put', `/api/contracts/${c.id}/selection`, officer.token).send(body);
    expect(refused.status).toBe(409);
    expect(errorOf(refused).code).toBe('CONTRACT.INVALID_STATE');
    const kept = await readSelection(c.id, auditor.token);
    expect(kept).toMatchObject({ method: 'OPEN_TENDER', editable: false, version: recorded.version });
  });

  it('should never show the selection to the contractor', async () => {
    const c = await draft();
    await completeSelection(ctx, officer.token, c.id);
    for (const url of [`/api/contracts/${c.id}/selection`, `/api/contracts/${c.id}/selection.pdf`]) {
      const res = await api('get', url, contractorUser.token);
      expect(res.status).toBe(403);
      expect(JSON.stringify(res.body)).not.toContain('確認した');
    }
    const put = await api('put', `/api/contracts/${c.id}/selection`, contractorUser.token).send({
      method: 'OPEN_TENDER',
      criteria: [],
      reason: 'x',
      version: 1,
    });
    expect(put.status).toBe(403);
  });

  it('should issue the 選定調書 at approval and serve the same bytes after the contractor is edited', async () => {
    const c = await draft();
    const before = await api('get', `/api/contracts/${c.id}/selection.pdf`, officer.token);
    expect(before.status).toBe(404);
    expect(errorOf(before).code).toBe('SELECTION.DOCUMENT_NOT_ISSUED');
    await completeSelection(ctx, officer.token, c.id, {
      method: 'DESIGNATED_TENDER',
      criteria: [
        {
          code: 'SECURITY_CERTIFICATION',
          met: true,
          note: 'ISMS登録証により確認した。',
          evidence: '登録証IS500001の写し',
        },
        { code: 'NO_SUSPENSION', met: true, note: '指名停止の一覧に記載がない。' },
        { code: 'ORGANIZATION_AND_STAFF', met: true, note: '体制図及び資格者の一覧を確認した。' },
        { code: 'PAST_INCIDENTS', met: true, note: '過去の契約で事故の報告はない。' },
      ],
      reason: '指名した3者のうち最低価格であり、確認項目をすべて満たすため。',
    });
    expect((await approve(c.id)).status).toBe(200);
    const first = await api('get', `/api/contracts/${c.id}/selection.pdf`, auditor.token).buffer(true);
    expect(first.status).toBe(200);
    expect(first.headers['content-type']).toBe('application/pdf');
    const bytes = first.body as Buffer;
    const text = squash(pdfText(bytes, 'plain').join(''));
    for (const expected of [
      '委託先選定調書',
      '株式会社置賜選定テスト',
      '住民情報システム運用保守業務委託',
      '指名競争入札',
      '情報セキュリティに関する第三者認証適合',
      'ISMS登録証により確認した。',
      '登録証IS500001の写し',
      '指名停止の状況適合',
      '指名停止の一覧に記載がない。',
      '業務の実施体制及び従事者の資格適合',
      '体制図及び資格者の一覧を確認した。',
      '過去の事故の状況適合',
      '過去の契約で事故の報告はない。',
      '指名した3者のうち最低価格であり、確認項目をすべて満たすため。',
      `${wareki('2026-04-01')}から${wareki('2027-03-31')}まで`,
      '有効期限（',
    ]) {
      expect(text).toContain(squash(expected));
    }
    expect(text).not.toContain('クラウドサービスの登録');

    const current = await api('get', `/api/contractors/${company.id}`, officer.token);
    const edited = await api('patch', `/api/contractors/${company.id}`, officer.token).send({
      name: '株式会社置賜選定テスト改',
      version: (current.body as { version: number }).version,
    });
    expect(edited.status).toBe(200);
    const again = await api('get', `/api/contracts/${c.id}/selection.pdf`, officer.token).buffer(true);
    expect(Buffer.compare(again.body as Buffer, bytes)).toBe(0);
    expect(again.headers['x-document-sha256']).toBe(first.headers['x-document-sha256']);
  });

  it('should flag in the issued 選定調書 a contractor with no certification of the kinds the criterion looks at', async () => {
    const bare = await createContractor(ctx, officer.token, { name: '株式会社認証未登録' });
    const c = await draft({ contractorId: bare.id });
    await completeSelection(ctx, officer.token, c.id, {
      method: 'PROPOSAL',
      criteria: [
        { code: 'SECURITY_CERTIFICATION', met: true, note: '' },
        { code: 'NO_SUSPENSION', met: true },
        { code: 'ORGANIZATION_AND_STAFF', met: true, note: '体制図を確認した。' },
        { code: 'PAST_INCIDENTS', met: true, note: '過去の契約で事故の報告はない。' },
      ],
      reason: '提案の内容が最も優れていたため。',
    });
    expect((await approve(c.id)).status).toBe(200);
    const res = await api('get', `/api/contracts/${c.id}/selection.pdf`, officer.token).buffer(true);
    expect(res.status).toBe(200);
    const text = squash(pdfText(res.body as Buffer, 'plain').join(''));
    expect(text).toMatch(
      /情報セキュリティに関する第三者認証適合基準[^(]*認証登録なし※委託先に該当する認証が登録されていない。\(2\)/u,
    );
    // The criteria that look at no certification print no 認証 row; an empty note prints no 確認の内容 row.
    expect(text.match(/登録なし/gu)).toHaveLength(1);
    expect(text).not.toContain('記載なし');
    expect(text).toContain(squash('指名停止の状況　適合基準'));
    expect(text).toContain(squash('クラウドサービスの利用　なし'));
  });
});
