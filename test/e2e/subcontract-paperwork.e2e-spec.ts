import { createHash, randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import type { SubcontractResponse as SubcontractBody } from '../../src/modules/contracts/dto/subcontract.dto';
import { formatWareki } from '../../src/common/dates/wareki';
import { Subcontract } from '../../src/modules/contracts/subcontract.entity';
import { IssuedDocument } from '../../src/modules/documents/issued-document.entity';
import { assertNoOrphanLines } from '../../src/modules/documents/testing/pdf-pages';
import { pdfText, squash } from '../../src/modules/documents/testing/pdf-tools';
import {
  completeSelection,
  corporateNumber,
  createApprovedContract,
  createContractor,
  createUserAndLogin,
  issueOrder,
  japanDatePlus,
  reviewedFinding,
  subcontractRequestBody,
} from '../factories';
import type { ErrorBody } from '../utils/bodies';
import { ADMIN, bearer, login, startTestApp, type TestContext } from '../utils/test-app';
import { webSignIn } from '../utils/web-agent';

const errorOf = (res: Response): ErrorBody => res.body as ErrorBody;
const subOf = (res: Response): SubcontractBody => res.body as SubcontractBody;

/** 令和8年12月5日 for 2026-12-05: the 和暦 worked out here, apart from the app's helper (令和 began 2019). */
function wareki(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  return `令和${y - 2018}年${m}月${d}日`;
}

/**
 * The 再委託 lifecycle over HTTP, written out apart from the code (src/modules/contracts/subcontract.state.ts):
 * for each state, the step that is allowed and where it leads. Every other (state, step) answers 409.
 */
const LIFECYCLE: Record<string, Partial<Record<'register' | 'approve' | 'reject' | 'withdraw', string>>> = {
  REQUESTED: { register: 'REGISTERED', reject: 'REJECTED', withdraw: 'WITHDRAWN' },
  REGISTERED: { approve: 'APPROVED', reject: 'REJECTED', withdraw: 'WITHDRAWN' },
  APPROVED: {},
  REJECTED: {},
  WITHDRAWN: {},
};

describe('再委託 paperwork: request, registration, decision and its notice (e2e)', () => {
  let ctx: TestContext;
  let adminToken: string;
  let officer: { id: string; token: string };
  let auditor: { id: string; token: string };
  let prime: { id: string; name: string; corporateNumber: string; version: number };
  let primeUser: { id: string; token: string; email: string; password: string };
  let otherUser: { id: string; token: string };
  /** A company the body has registered: the contractor must never learn its name. */
  let secret: { id: string; name: string; corporateNumber: string };
  let contract: { id: string; clauses: { code: string; articleNo: number; title: string }[] };
  let articleNo: number;

  const post = (url: string, token: string, body: Record<string, unknown>): Promise<Response> =>
    ctx
      .http()
      .post(url)
      .set(...bearer(token))
      .send(body);
  const get = (url: string, token: string): Promise<Response> =>
    ctx
      .http()
      .get(url)
      .set(...bearer(token));
  const request = (body: Record<string, unknown>, token = primeUser.token, contractId = contract.id) =>
    post(`/api/contracts/${contractId}/subcontracts`, token, body);
  const step = (id: string, what: string, body: Record<string, unknown>, token = officer.token) =>
    post(`/api/subcontracts/${id}/${what}`, token, body);
  const pdfOf = async (id: string, token: string): Promise<Buffer> => {
    const res = await ctx
      .http()
      .get(`/api/subcontracts/${id}/notice.pdf`)
      .set(...bearer(token))
      .buffer(true)
      .parse((r, done) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    return res.body as Buffer;
  };
  const textOf = (pdf: Buffer): string => squash(pdfText(pdf, 'plain').join('\n'));
  const settings = (version: number, overrides: Record<string, unknown> = {}) =>
    ctx
      .http()
      .put('/api/settings/issuer')
      .set(...bearer(adminToken))
      .send({
        version,
        orgName: '置賜広域行政事務組合',
        orgAddress: '山形県長井市ままの上5番1号',
        representativeTitle: '管理者',
        representativeName: '置賜 太郎',
        signers: {
          IMPROVEMENT_NOTICE: { title: '情報セキュリティ管理者', name: '米沢 一郎' },
          SUBCONTRACT_DECISION: { title: '総務課長', name: '南陽 次郎' },
        },
        sealOmitted: true,
        documentNumberPattern: '置広情第{n}号',
        contactSection: '総務課情報政策係',
        contactPerson: '長井 花子',
        contactPhone: '0238-88-0000',
        contactEmail: 'joho@example.lg.jp',
        ...overrides,
      });

  /** A fresh request proposing a new, unregistered company; taken to `status` through the API. */
  async function tierIn(status: string): Promise<SubcontractBody> {
    const created = await request(
      subcontractRequestBody({ subcontractor: { name: `段階${randomUUID().slice(0, 8)}株式会社` } }),
    );
    expect(created.status).toBe(201);
    let tier = subOf(created);
    const go = async (what: string, body: Record<string, unknown>, token = officer.token) => {
      const res = await step(tier.id, what, { version: tier.version, ...body }, token);
      expect(res.status).toBe(200);
      tier = subOf(res);
    };
    if (status === 'REQUESTED') return tier;
    if (status === 'WITHDRAWN') {
      await go('withdrawal', { reason: '体制が整わないため' }, primeUser.token);
      return tier;
    }
    if (status === 'REJECTED') {
      await go('decision', { approved: false, note: '安全管理措置が不十分である。' });
      return tier;
    }
    await go('registration', {});
    if (status === 'APPROVED') await go('decision', { approved: true });
    return tier;
  }

  beforeAll(async () => {
    ctx = await startTestApp();
    adminToken = await login(ctx, ADMIN.email, ADMIN.password);
    officer = await createUserAndLogin(ctx, adminToken, 'OFFICER');
    auditor = await createUserAndLogin(ctx, adminToken, 'AUDITOR');
    prime = (await createContractor(ctx, officer.token, {
      name: '株式会社置賜情報サービス',
      representativeName: '代表取締役 髙橋 一郎',
    })) as unknown as typeof prime;
    const otherPrime = await createContractor(ctx, officer.token, { name: '他社元請株式会社' });
    secret = (await createContractor(ctx, officer.token, {
      name: '秘匿登録株式会社',
    })) as unknown as typeof secret;
    primeUser = await createUserAndLogin(ctx, adminToken, 'CONTRACTOR', prime.id);
    otherUser = await createUserAndLogin(ctx, adminToken, 'CONTRACTOR', otherPrime.id);
    contract = await createApprovedContract(ctx, officer.token, prime.id, { endDate: '2099-03-31' });
    articleNo = contract.clauses.find((c) => c.code === 'SUBCONTRACT_APPROVAL')?.articleNo ?? 0;
    expect(articleNo).toBeGreaterThan(0);
    expect((await settings(0)).status).toBe(200);
  });
  afterAll(async () => ctx?.close());

  describe('the request', () => {
    it('should store every part the clause requires, as REQUESTED, with the lead time applied', async () => {
      const body = subcontractRequestBody({ plannedStartDate: japanDatePlus(20) });
      const res = await request(body);
      expect(res.status).toBe(201);
      const tier = subOf(res);
      expect(tier).toMatchObject({
        status: 'REQUESTED',
        contractorId: null,
        contractorName: '米沢データ印刷株式会社',
        proposed: body.subcontractor,
        scope: '帳票の印刷及び封入封緘',
        necessity: body.necessity,
        informationHandled: '住民の氏名、住所及び税額',
        securityMeasures: body.securityMeasures,
        workers: [{ name: '山﨑 花子', role: '封入封緘作業' }],
        plannedStartDate: japanDatePlus(20),
        leadDays: 14,
        notice: null,
        version: 1,
      });
      const row = await ctx.dataSource.manager.findOneByOrFail(Subcontract, { id: tier.id });
      expect(row).toMatchObject({
        contractorId: null,
        proposedCorporateNumber: (body.subcontractor as { corporateNumber: string }).corporateNumber,
        workers: [{ name: '山﨑 花子', role: '封入封緘作業' }],
        leadDays: 14,
      });
    });

    it('should refuse a start closer than the 14 days of the clause with 422 SUBCONTRACT.LEAD_TIME naming the earliest date', async () => {
      const before = await ctx.dataSource.manager.countBy(Subcontract, { contractId: contract.id });
      const res = await request(subcontractRequestBody({ plannedStartDate: japanDatePlus(13) }));
      expect(res.status).toBe(422);
      expect(errorOf(res).code).toBe('SUBCONTRACT.LEAD_TIME');
      expect(errorOf(res).details).toMatchObject({ earliestStartDate: japanDatePlus(14), leadDays: 14 });
      expect(errorOf(res).message).toContain('14日前まで');
      // The message is read on the pages too: its date in 和暦, as every date a user reads.
      expect(errorOf(res).message).toContain(`開始予定日は${formatWareki(japanDatePlus(14))}以降の日`);
      expect(await ctx.dataSource.manager.countBy(Subcontract, { contractId: contract.id })).toBe(before);
      const exact = await request(subcontractRequestBody({ plannedStartDate: japanDatePlus(14) }));
      expect(exact.status).toBe(201);
    });

    it("should take the lead time from the contract's own signed clause parameter", async () => {
      const created = await post('/api/contracts', officer.token, {
        contractNumber: `LEAD-${randomUUID().slice(0, 8)}`,
        title: '帳票印刷業務委託',
        contractorId: prime.id,
        department: '総務課',
        startDate: '2026-04-01',
        endDate: '2099-03-31',
        confidentialityClass: 2,
        handlesPersonalInfo: true,
        usesCloud: false,
      });
      expect(created.status).toBe(201);
      const draft = created.body as {
        id: string;
        version: number;
        clauses: { code: string; params: object }[];
      };
      const clauses = draft.clauses.map((c) =>
        c.code === 'SUBCONTRACT_APPROVAL'
          ? { code: c.code, params: { requestDays: 30 } }
          : { code: c.code, params: c.params },
      );
      const put = await ctx
        .http()
        .put(`/api/contracts/${draft.id}/clauses`)
        .set(...bearer(officer.token))
        .send({ version: draft.version, clauses });
      expect(put.status).toBe(200);
      await completeSelection(ctx, officer.token, draft.id);
      const approved = await post(`/api/contracts/${draft.id}/approve`, officer.token, {
        version: (put.body as { version: number }).version,
      });
      expect(approved.status).toBe(200);
      const early = await request(
        subcontractRequestBody({ plannedStartDate: japanDatePlus(29) }),
        primeUser.token,
        draft.id,
      );
      expect(early.status).toBe(422);
      expect(errorOf(early).details).toMatchObject({ earliestStartDate: japanDatePlus(30), leadDays: 30 });
      const onTime = await request(
        subcontractRequestBody({ plannedStartDate: japanDatePlus(30) }),
        primeUser.token,
        draft.id,
      );
      expect(onTime.status).toBe(201);
      expect(subOf(onTime).leadDays).toBe(30);
    });

    it('should refuse a request missing what the clause requires with 400 naming each field', async () => {
      const res = await request({ subcontractor: { name: '', address: '' }, scope: '帳票印刷', workers: [] });
      expect(res.status).toBe(400);
      const fields = new Set(errorOf(res).details?.fields?.map((f) => f.field));
      for (const field of [
        'subcontractor.name',
        'subcontractor.address',
        'subcontractor.representativeName',
        'subcontractor.securityOfficer',
        'necessity',
        'informationHandled',
        'securityMeasures',
        'workers',
        'plannedStartDate',
      ])
        expect({ field, named: fields.has(field) }).toEqual({ field, named: true });
    });

    it('should refuse a 法人番号 whose check digit is wrong, and a worker without a role', async () => {
      const good = corporateNumber();
      const bad = `${(Number(good[0]) + 1) % 10}${good.slice(1)}`;
      const res = await request(
        subcontractRequestBody({
          subcontractor: { corporateNumber: bad },
          workers: [{ name: '山田 太郎', role: '' }],
        }),
      );
      expect(res.status).toBe(400);
      expect(
        errorOf(res)
          .details?.fields?.map((f) => f.field)
          .sort(),
      ).toEqual(['subcontractor.corporateNumber', 'workers.0.role']);
    });

    it('should refuse at once (400 DOCUMENT.UNSUPPORTED_CHARACTER) text the notice could never print', async () => {
      const before = await ctx.dataSource.manager.countBy(Subcontract, { contractId: contract.id });
      const res = await request(subcontractRequestBody({ scope: '帳票の印刷❤️' }));
      expect(res.status).toBe(400);
      expect(errorOf(res).code).toBe('DOCUMENT.UNSUPPORTED_CHARACTER');
      expect(await ctx.dataSource.manager.countBy(Subcontract, { contractId: contract.id })).toBe(before);
    });

    it('should answer 400 SUBCONTRACT.PROPOSAL_REQUIRED to a contractor naming a registered company by id', async () => {
      const { subcontractor: _s, ...rest } = subcontractRequestBody();
      const res = await request({ ...rest, contractorId: secret.id });
      expect(res.status).toBe(400);
      expect(errorOf(res).code).toBe('SUBCONTRACT.PROPOSAL_REQUIRED');
      expect(res.text).not.toContain(secret.name);
    });

    it('should answer 422 SUBCONTRACT.PRIME_CONTRACTOR to a contractor proposing itself by its 法人番号', async () => {
      const res = await request(
        subcontractRequestBody({ subcontractor: { corporateNumber: prime.corporateNumber } }),
      );
      expect(res.status).toBe(422);
      expect(errorOf(res).code).toBe('SUBCONTRACT.PRIME_CONTRACTOR');
    });

    it("should answer 404 to another contractor, for this contract's requests and each request", async () => {
      const mine = subOf(await request(subcontractRequestBody()));
      expect((await request(subcontractRequestBody(), otherUser.token)).status).toBe(404);
      expect((await get(`/api/contracts/${contract.id}/subcontracts`, otherUser.token)).status).toBe(404);
      const one = await get(`/api/subcontracts/${mine.id}`, otherUser.token);
      expect(one.status).toBe(404);
      expect(errorOf(one).code).toBe('SUBCONTRACT.NOT_FOUND');
      const withdraw = await step(mine.id, 'withdrawal', { version: 1, reason: '他社' }, otherUser.token);
      expect(withdraw.status).toBe(404);
      expect((await ctx.dataSource.manager.findOneByOrFail(Subcontract, { id: mine.id })).status).toBe(
        'REQUESTED',
      );
    });
  });

  describe('a contractor never sees another company', () => {
    let tier: SubcontractBody;

    it("should keep the contractor's own name for a 法人番号 the body has registered under another", async () => {
      const res = await request(
        subcontractRequestBody({
          subcontractor: { name: '別名印刷合同会社', corporateNumber: secret.corporateNumber },
        }),
      );
      expect(res.status).toBe(201);
      tier = subOf(res);
      expect(tier).toMatchObject({ contractorName: '別名印刷合同会社', contractorId: null });
      expect(res.text).not.toContain(secret.name);
    });

    it('should let the officer register it, linked to the registered company with that 法人番号', async () => {
      const res = await step(tier.id, 'registration', { version: 1 });
      expect(res.status).toBe(200);
      expect(subOf(res)).toMatchObject({
        status: 'REGISTERED',
        contractorId: secret.id,
        contractorName: secret.name,
        registeredBy: officer.id,
      });
      tier = subOf(res);
      const row = await ctx.dataSource.manager.findOneByOrFail(Subcontract, { id: tier.id });
      expect(row).toMatchObject({ contractorId: secret.id, status: 'REGISTERED', version: 2 });
    });

    it('should still show the contractor only its proposal, in the request and in the list', async () => {
      const one = await get(`/api/subcontracts/${tier.id}`, primeUser.token);
      expect(one.status).toBe(200);
      expect(subOf(one)).toMatchObject({
        status: 'REGISTERED',
        contractorId: null,
        contractorName: '別名印刷合同会社',
      });
      const list = await get(`/api/contracts/${contract.id}/subcontracts?limit=100`, primeUser.token);
      expect(list.status).toBe(200);
      expect(list.text).not.toContain(secret.name);
      expect(list.text).not.toContain(secret.id);
      const staff = await get(`/api/contracts/${contract.id}/subcontracts?limit=100`, auditor.token);
      expect(staff.text).toContain(secret.name);
    });

    it("should name only the contractor's proposal in the 不承認通知書 it downloads", async () => {
      const res = await step(tier.id, 'decision', {
        version: tier.version,
        approved: false,
        note: '申請の名称と登録されている名称が一致しないため、確認できない。',
      });
      expect(res.status).toBe(200);
      const text = textOf(await pdfOf(tier.id, primeUser.token));
      expect(text).toContain('別名印刷合同会社');
      expect(text).toContain(secret.corporateNumber);
      expect(text).not.toContain(secret.name);
    });

    it('should show the contractor no register on its contract page, only its proposal on the request page', async () => {
      const agent = await webSignIn(ctx, primeUser.email, primeUser.password);
      const page = await agent.get(`/contracts/${contract.id}`);
      expect(page.status).toBe(200);
      expect(page.text).toContain('再委託の承認を申請する');
      expect(page.text).toContain('別名印刷合同会社');
      expect(page.text).toContain(`/api/subcontracts/${tier.id}/notice.pdf`);
      expect(page.text).not.toContain(secret.name);
      expect(page.text).not.toContain('他社元請株式会社');
      const detail = await agent.get(`/contracts/${contract.id}/subcontracts/${tier.id}`);
      expect(detail.status).toBe(200);
      expect(detail.text).toContain('別名印刷合同会社');
      expect(detail.text).toContain('再委託不承認通知書');
      expect(detail.text).not.toContain(secret.name);
    });
  });

  describe('the decision and its notice', () => {
    let approved: SubcontractBody;
    let rejected: SubcontractBody;
    let approvalPdf: Buffer;

    it('should refuse to approve before the company is registered: 409 SUBCONTRACT.INVALID_STATE', async () => {
      const tier = subOf(await request(subcontractRequestBody()));
      const res = await step(tier.id, 'decision', { version: 1, approved: true });
      expect(res.status).toBe(409);
      expect(errorOf(res).code).toBe('SUBCONTRACT.INVALID_STATE');
      expect(errorOf(res).details).toMatchObject({
        status: 'REQUESTED',
        step: 'approve',
        allowedFrom: ['REGISTERED'],
      });
    });

    it('should register a company the body does not know as a new contractor record from the proposal', async () => {
      const number = corporateNumber();
      const created = subOf(
        await request(
          subcontractRequestBody({
            subcontractor: {
              name: '長井封入サービス株式会社',
              corporateNumber: number,
              address: '山形県長井市栄町1番1号',
            },
            workers: [
              { name: '山﨑 花子', role: '封入封緘作業' },
              { name: '髙橋 二郎', role: '作業責任者' },
            ],
            plannedStartDate: japanDatePlus(21),
          }),
        ),
      );
      const res = await step(created.id, 'registration', { version: 1 });
      expect(res.status).toBe(200);
      const contractorId = subOf(res).contractorId ?? '';
      const company = await get(`/api/contractors/${contractorId}`, officer.token);
      expect(company.body).toMatchObject({
        corporateNumber: number,
        name: '長井封入サービス株式会社',
        address: '山形県長井市栄町1番1号',
        representativeName: '代表取締役 米沢 一郎',
        status: 'ACTIVE',
      });
      approved = subOf(res);
    });

    it('should approve, issuing the 再委託承認通知書 with a 文書番号 from the settings', async () => {
      const res = await step(approved.id, 'decision', {
        version: approved.version,
        approved: true,
        note: '作業の開始及び終了の都度、甲に報告すること。',
      });
      expect(res.status).toBe(200);
      approved = subOf(res);
      expect(approved).toMatchObject({ status: 'APPROVED', decidedBy: officer.id });
      expect(approved.notice).toMatchObject({
        kind: 'SUBCONTRACT_APPROVAL',
        documentNumber: expect.stringMatching(/^置広情第\d+号$/u),
        url: `/api/subcontracts/${approved.id}/notice.pdf`,
      });
      const record = await ctx.dataSource.manager.findOneByOrFail(IssuedDocument, {
        ownerType: 'subcontract',
        ownerId: approved.id,
      });
      expect(record).toMatchObject({
        kind: 'SUBCONTRACT_APPROVAL',
        documentNumber: approved.notice?.documentNumber,
      });
      // Rendered at the decision: the hash is recorded before anyone downloads it.
      expect(record.sha256).toMatch(/^[0-9a-f]{64}$/u);
    });

    it('should print in the 承認通知書 the number, date, addressee, signer, request, conditions, article and contact', async () => {
      approvalPdf = await pdfOf(approved.id, primeUser.token);
      const record = await ctx.dataSource.manager.findOneByOrFail(IssuedDocument, { ownerId: approved.id });
      expect(createHash('sha256').update(approvalPdf).digest('hex')).toBe(record.sha256);
      const text = textOf(approvalPdf);
      const today = japanDatePlus(0);
      for (const expected of [
        approved.notice?.documentNumber ?? '',
        wareki(today),
        '株式会社置賜情報サービス',
        '代表取締役髙橋一郎様',
        '置賜広域行政事務組合',
        '総務課長南陽次郎',
        '（公印省略）',
        '再委託の承認について（通知）',
        `${wareki(today)}付けで申請のあった再委託`,
        `（以下「特記事項」という。）第${articleNo}条第1項ただし書の規定により、下記のとおり承認します。`,
        '長井封入サービス株式会社',
        '山形県長井市栄町1番1号',
        '帳票の印刷及び封入封緘',
        '住民の氏名、住所及び税額',
        '山﨑花子（封入封緘作業）',
        '髙橋二郎（作業責任者）',
        `開始予定日${wareki(japanDatePlus(21))}`,
        '承認の条件',
        `特記事項第${articleNo}条第3項の規定により、再委託先に対し`,
        '作業の開始及び終了の都度、甲に報告すること。',
        `根拠情報セキュリティに関する特記事項第${articleNo}条第1項ただし書（再委託の制限）`,
        '総務課情報政策係',
        '長井花子',
        '0238-88-0000',
        'joho@example.lg.jp',
        '以上',
      ])
        expect({ expected, found: text.includes(squash(expected)) }).toEqual({ expected, found: true });
      assertNoOrphanLines(approvalPdf);
    });

    it('should reject with a reason, issuing the 再委託不承認通知書 with the next 文書番号', async () => {
      const tier = subOf(
        await request(subcontractRequestBody({ subcontractor: { name: '不承認予定株式会社' } })),
      );
      const res = await step(tier.id, 'decision', {
        version: 1,
        approved: false,
        note: '再委託先における情報セキュリティ対策が、取り扱う情報の機密性に照らして不十分である。',
      });
      expect(res.status).toBe(200);
      rejected = subOf(res);
      expect(rejected).toMatchObject({ status: 'REJECTED', notice: { kind: 'SUBCONTRACT_REJECTION' } });
      const serial = (n: string | null | undefined): number => Number(/第(\d+)号/u.exec(n ?? '')?.[1]);
      expect(serial(rejected.notice?.documentNumber)).toBeGreaterThan(
        serial(approved.notice?.documentNumber),
      );
      const text = textOf(await pdfOf(rejected.id, primeUser.token));
      for (const expected of [
        rejected.notice?.documentNumber ?? '',
        '再委託の不承認について（通知）',
        `（以下「特記事項」という。）第${articleNo}条第1項ただし書の規定による承認をしないこととしたので、下記のとおり通知します。`,
        '承認しない理由',
        '再委託先における情報セキュリティ対策が、取り扱う情報の機密性に照らして不十分である。',
        '不承認予定株式会社',
        '乙は、この申請に係る再委託先に本業務の全部又は一部を行わせてはならない。',
      ])
        expect({ expected, found: text.includes(squash(expected)) }).toEqual({ expected, found: true });
      expect(text).not.toContain('承認の条件');
    });

    it('should number the notices gap-free from the counter every document kind shares', async () => {
      const serial = (n: string | null | undefined): number => Number(/第(\d+)号/u.exec(n ?? '')?.[1]);
      // A 改善指示書 issued next takes the next number of the same counter.
      const finding = await reviewedFinding(
        ctx,
        { admin: adminToken, officer: officer.token, contractor: primeUser.token },
        contract.id,
      );
      const order = await issueOrder(ctx, adminToken, contract.id, { findingItemIds: [finding.item.id] });
      const orderNumber = order.notice?.documentNumber;
      expect(serial(orderNumber)).toBe(serial(rejected.notice?.documentNumber) + 1);
      const year = (await ctx.dataSource.manager.findOneByOrFail(IssuedDocument, { ownerId: approved.id }))
        .fiscalYear;
      const serials = (
        await ctx.dataSource.manager.find(IssuedDocument, {
          where: { fiscalYear: year ?? 0 },
          order: { serial: 'ASC' },
        })
      ).map((d) => d.serial);
      expect(serials).toEqual(serials.map((_, i) => i + 1));
    });

    it('should serve the same bytes after the representative, the signer and the contact were edited', async () => {
      const company = await get(`/api/contractors/${prime.id}`, officer.token);
      const patched = await ctx
        .http()
        .patch(`/api/contractors/${prime.id}`)
        .set(...bearer(officer.token))
        .send({
          version: (company.body as { version: number }).version,
          representativeName: '代表取締役 新任 三郎',
        });
      expect(patched.status).toBe(200);
      const current = await ctx
        .http()
        .get('/api/settings/issuer')
        .set(...bearer(adminToken));
      const edited = await settings((current.body as { version: number }).version, {
        signers: {
          IMPROVEMENT_NOTICE: { title: '情報セキュリティ管理者', name: '米沢 一郎' },
          SUBCONTRACT_DECISION: { title: '事務局長', name: '白鷹 四郎' },
        },
        sealOmitted: false,
        contactPerson: '飯豊 五郎',
        contactPhone: '0238-99-9999',
      });
      expect(edited.status).toBe(200);
      const again = await pdfOf(approved.id, officer.token);
      expect(again.equals(approvalPdf)).toBe(true);
      const text = textOf(again);
      expect(text).toContain('代表取締役髙橋一郎様');
      expect(text).not.toContain('新任三郎');
      expect(text).not.toContain('白鷹四郎');
      // A decision after the edits prints them.
      const tier = subOf(
        await request(subcontractRequestBody({ subcontractor: { name: '編集後株式会社' } })),
      );
      expect(
        (await step(tier.id, 'decision', { version: 1, approved: false, note: '不要となったため。' })).status,
      ).toBe(200);
      const later = textOf(await pdfOf(tier.id, auditor.token));
      expect(later).toContain('代表取締役新任三郎様');
      expect(later).toContain('事務局長白鷹四郎');
      expect(later).not.toContain('（公印省略）');
    });

    it('should answer 404 SUBCONTRACT.NOTICE_NOT_FOUND for an undecided request and 404 to another contractor', async () => {
      const tier = subOf(await request(subcontractRequestBody()));
      const none = await get(`/api/subcontracts/${tier.id}/notice.pdf`, officer.token);
      expect(none.status).toBe(404);
      expect(errorOf(none).code).toBe('SUBCONTRACT.NOTICE_NOT_FOUND');
      const foreign = await get(`/api/subcontracts/${approved.id}/notice.pdf`, otherUser.token);
      expect(foreign.status).toBe(404);
      expect(errorOf(foreign).code).toBe('SUBCONTRACT.NOT_FOUND');
    });

    it('should write one audit row per step, the decision naming its document', async () => {
      const res = await ctx
        .http()
        .get('/api/audit-events')
        .query({ entityId: approved.id, limit: 100 })
        .set(...bearer(adminToken));
      const trail = (
        res.body as { items: { action: string; summary: Record<string, unknown> }[] }
      ).items.reverse();
      expect(trail.map((e) => e.action)).toEqual([
        'subcontract.request',
        'subcontract.register',
        'subcontract.approve',
      ]);
      expect(trail[2].summary).toMatchObject({
        documentNumber: approved.notice?.documentNumber,
        status: 'APPROVED',
      });
    });
  });

  describe('the lifecycle, every (state, step) over HTTP against the table written apart', () => {
    const steps = ['register', 'approve', 'reject', 'withdraw'] as const;
    const bodyOf = (what: (typeof steps)[number]) =>
      ({
        register: ['registration', {}],
        approve: ['decision', { approved: true }],
        reject: ['decision', { approved: false, note: '理由' }],
        withdraw: ['withdrawal', { reason: '取下げ' }],
      })[what] as [string, Record<string, unknown>];

    for (const [state, allowed] of Object.entries(LIFECYCLE)) {
      for (const what of steps) {
        const to = allowed[what];
        it(`${state} --${what}--> ${to ?? '409'}`, async () => {
          const tier = await tierIn(state);
          expect(tier.status).toBe(state);
          const [path, body] = bodyOf(what);
          const res = await step(tier.id, path, { version: tier.version, ...body });
          const row = await ctx.dataSource.manager.findOneByOrFail(Subcontract, { id: tier.id });
          if (to) {
            expect(res.status).toBe(200);
            expect(subOf(res).status).toBe(to);
            expect(row.status).toBe(to);
          } else {
            expect(res.status).toBe(409);
            expect(errorOf(res).code).toBe('SUBCONTRACT.INVALID_STATE');
            expect(row.status).toBe(state);
          }
        });
      }
    }

    it('should answer 403 to a contractor registering or deciding, and let it withdraw its own', async () => {
      const tier = await tierIn('REQUESTED');
      expect((await step(tier.id, 'registration', { version: 1 }, primeUser.token)).status).toBe(403);
      expect(
        (await step(tier.id, 'decision', { version: 1, approved: false, note: 'x' }, primeUser.token)).status,
      ).toBe(403);
      expect((await step(tier.id, 'withdrawal', { version: 1, reason: 'x' }, auditor.token)).status).toBe(
        403,
      );
      const res = await step(
        tier.id,
        'withdrawal',
        { version: 1, reason: '計画を見直したため' },
        primeUser.token,
      );
      expect(res.status).toBe(200);
      expect(subOf(res)).toMatchObject({
        status: 'WITHDRAWN',
        decisionNote: '計画を見直したため',
        version: 2,
      });
    });
  });

  describe('a planned start that passed while the request waited', () => {
    const startOn = (id: string, date: string) =>
      ctx.dataSource.manager.update(Subcontract, { id }, { plannedStartDate: date });

    it('should refuse to approve it (422 SUBCONTRACT.START_PASSED), recording and issuing nothing', async () => {
      const tier = await tierIn('REGISTERED');
      const yesterday = japanDatePlus(-1);
      await startOn(tier.id, yesterday);
      const res = await step(tier.id, 'decision', { version: tier.version, approved: true });
      expect(res.status).toBe(422);
      expect(errorOf(res)).toMatchObject({
        code: 'SUBCONTRACT.START_PASSED',
        details: { plannedStartDate: yesterday, today: japanDatePlus(0) },
      });
      expect(errorOf(res).message).toContain(`開始予定日（${formatWareki(yesterday)}）を過ぎている`);
      const row = await ctx.dataSource.manager.findOneByOrFail(Subcontract, { id: tier.id });
      expect(row).toMatchObject({ status: 'REGISTERED', version: tier.version, decidedAt: null });
      expect(await ctx.dataSource.manager.countBy(IssuedDocument, { ownerId: tier.id })).toBe(0);
      const trail = (await get(`/api/audit-events?entityId=${tier.id}&limit=100`, adminToken)).body as {
        items: { action: string }[];
      };
      expect(trail.items.map((e) => e.action).sort()).toEqual([
        'subcontract.register',
        'subcontract.request',
      ]);
    });

    it('should still let the officer reject it, and approve a start that is today', async () => {
      const late = await tierIn('REGISTERED');
      await startOn(late.id, japanDatePlus(-3));
      const rejected = await step(late.id, 'decision', {
        version: late.version,
        approved: false,
        note: '開始予定日を過ぎているため、開始予定日を改めて申請すること。',
      });
      expect(rejected.status).toBe(200);
      expect(subOf(rejected).status).toBe('REJECTED');

      const today = await tierIn('REGISTERED');
      await startOn(today.id, japanDatePlus(0));
      const approved = await step(today.id, 'decision', { version: today.version, approved: true });
      expect(approved.status).toBe(200);
      expect(subOf(approved).status).toBe('APPROVED');
    });
  });
});
