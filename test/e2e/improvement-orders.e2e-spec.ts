import { createHash } from 'node:crypto';
import { formatWareki } from '../../src/common/dates/wareki';
import { pdfText, squash } from '../../src/modules/documents/testing/pdf-tools';
import type { OrderResponse } from '../../src/modules/improvement-orders/dto/order.dto';
import type { Response } from 'supertest';
import {
  createApprovedContract,
  createContractor,
  createUserAndLogin,
  ORDER_FACTS_FOUND,
  orderRequestBody,
  reviewedFinding,
} from '../factories';
import type { PageBody } from '../utils/bodies';
import { ADMIN, bearer, login, startTestApp, type TestContext } from '../utils/test-app';

/** The calendar date in Japan of an instant: a notice issued at 16:30 UTC bears the next day's date. */
function japanDateOf(instant: string): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Tokyo' }).format(new Date(instant));
}

describe('improvement orders (改善指示)', () => {
  let ctx: TestContext;
  let admin: string;
  let officer: { token: string };
  let company: { id: string; name: string };
  let contractor: { token: string };
  let stranger: { token: string };
  let contractId: string;
  let finding: Awaited<ReturnType<typeof reviewedFinding>>;

  beforeAll(async () => {
    ctx = await startTestApp();
    admin = await login(ctx, ADMIN.email, ADMIN.password);
    officer = await createUserAndLogin(ctx, admin, 'OFFICER');
    company = await createContractor(ctx, admin, { name: '株式会社置賜データ' });
    const other = await createContractor(ctx, admin, { name: '無関係株式会社' });
    contractor = await createUserAndLogin(ctx, admin, 'CONTRACTOR', company.id);
    stranger = await createUserAndLogin(ctx, admin, 'CONTRACTOR', other.id);
    contractId = (await createApprovedContract(ctx, officer.token, company.id)).id;
    finding = await reviewedFinding(
      ctx,
      { admin, officer: officer.token, contractor: contractor.token },
      contractId,
    );
  });
  afterAll(async () => ctx.close());

  const dueDate = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
  const issue = (token: string, body: Record<string, unknown>) =>
    ctx
      .http()
      .post('/api/improvement-orders')
      .set(...bearer(token))
      // What an order without findings must state: the facts found and how (the clause is each test's).
      .send(orderRequestBody(contractId, { dueDate, ...ORDER_FACTS_FOUND, ...body }));
  const step = (token: string, id: string, action: string, body: Record<string, unknown>) =>
    ctx
      .http()
      .post(`/api/improvement-orders/${id}/${action}`)
      .set(...bearer(token))
      .send(body);

  it('should issue an order from a finding, numbered per fiscal year, citing the breached article', async () => {
    const res = await issue(admin, { findingItemIds: [finding.item.id] });
    expect(res.status).toBe(201);
    const order = res.body as OrderResponse;
    expect(order.orderNumber).toMatch(/^R\d+-改善-0001$/);
    expect(order).toMatchObject({
      status: 'ISSUED',
      version: 1,
      contractorName: company.name,
      severity: 'HIGH',
    });
    // The finding's question names the paragraph (第n項) that imposes the duty: the order cites it.
    expect(finding.item.basis).toEqual(expect.any(Number));
    expect(order.basis).toEqual([
      {
        clauseCode: finding.item.clauseCode,
        articleNo: finding.item.articleNo,
        title: expect.any(String),
        paragraphs: [finding.item.basis],
      },
    ]);
    expect(order.findings?.[0]).toMatchObject({
      itemId: finding.item.id,
      question: finding.item.question,
      answer: 'NOT_IMPLEMENTED',
      comment: '持出し用 USB メモリの暗号化が未対応です。',
      articleNo: finding.item.articleNo,
      basis: finding.item.basis,
    });
    expect(order.events?.map((e) => e.type)).toEqual(['ISSUED']);
    // Its source is the assessment: the findings show where; the day and way of OTHER are not kept.
    expect(order).toMatchObject({ source: 'ASSESSMENT', sourceId: null, foundOn: null, factsHow: [] });
    // The same finding cannot go into a second open order.
    const again = await issue(admin, { findingItemIds: [finding.item.id] });
    expect(again.body).toMatchObject({ statusCode: 409, code: 'ORDER.FINDING_ALREADY_ORDERED' });
  });

  it('should print the 改善指示書 as a 公文書 fixed at issue: number, signer, 根拠, facts, deadline, contact', async () => {
    // The body's settings as the ADMIN keeps them; the notice prints them as they are at issue.
    const settings = (
      await ctx
        .http()
        .get('/api/settings/issuer')
        .set(...bearer(admin))
    ).body as { version: number };
    const issuer = {
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
    };
    const saved = await ctx
      .http()
      .put('/api/settings/issuer')
      .set(...bearer(admin))
      .send({ version: settings.version, ...issuer })
      .expect(200);
    const issued = await issue(admin, { clauseCode: 'CONFIDENTIALITY', clauseParagraphs: [1] });
    expect(issued.status).toBe(201);
    const order = issued.body as OrderResponse;
    // The number is taken in the order's own transaction, so it is there in the answer to the POST.
    expect(order.notice?.documentNumber).toMatch(/^置広情第\d+号$/u);
    expect(order.facts).toBe(
      '令和8年7月1日の立入検査において、当該条項の定めに適合していない事実を確認した。',
    );
    // An order of its own (source OTHER) states the day and the way the facts were found.
    expect(order).toMatchObject({
      source: 'OTHER',
      sourceId: null,
      foundOn: '2026-07-01',
      foundHow: '甲の職員による現地確認',
      factsHow: ['令和8年7月1日に、甲の職員による現地確認により、次の事実を認めた。'],
    });
    const contract = (
      await ctx
        .http()
        .get(`/api/contracts/${contractId}`)
        .set(...bearer(admin))
    ).body as { clauses: { code: string; articleNo: number; title: string }[] };
    const articleOf = (code: string) => contract.clauses.find((c) => c.code === code);
    const authority = articleOf('IMPROVEMENT_ORDER');
    const confidentiality = articleOf('CONFIDENTIALITY');

    const get = (token: string) =>
      ctx
        .http()
        .get(`/api/improvement-orders/${order.id}/notice.pdf`)
        .set(...bearer(token))
        .buffer(true)
        .parse(binary);
    const first = await get(admin);
    expect(first.status).toBe(200);
    expect(first.headers['content-type']).toBe('application/pdf');
    const again = await get(contractor.token);
    expect((again.body as Buffer).equals(first.body as Buffer)).toBe(true);
    const text = squash(pdfText(first.body as Buffer, 'layout').join(''));
    expect(
      text.startsWith(`${order.notice?.documentNumber}${squash(formatWareki(japanDateOf(order.issuedAt)))}`),
    ).toBe(true);
    expect(text).toContain(`${squash(company.name)}`);
    expect(text).toContain('置賜広域行政事務組合情報セキュリティ管理者米沢一郎（公印省略）');
    expect(text).toContain('情報セキュリティ対策の改善について（指示）');
    expect(text).toContain(
      `1指示の根拠情報セキュリティに関する特記事項第${authority?.articleNo}条第1項（${authority?.title}）2適合していない事項` +
        `特記事項第${confidentiality?.articleNo}条第1項（${confidentiality?.title}）3確認した事実` +
        '令和8年7月1日に、甲の職員による現地確認により、次の事実を認めた。' +
        '令和8年7月1日の立入検査において、当該条項の定めに適合していない事実を確認した。4改善を求める事項',
    );
    expect(text).toContain(`指示番号${squash(order.orderNumber)}`);
    expect(text).toContain(squash(formatWareki(dueDate)));
    expect(text).toContain(
      `特記事項第${authority?.articleNo}条第2項の規定により、本指示を受けた日から14日以内に`,
    );
    expect(text).toContain(
      '担当課・係総務課情報政策係担当者長井花子電話0238-88-0000電子メールjoho@example.lg.jp',
    );
    expect((await get(stranger.token)).status).toBe(404);
    expect((await get(officer.token)).status).toBe(403);

    // An issued notice is a record: editing the addressee and the settings afterwards changes neither its text nor
    // its bytes.
    const before = (
      await ctx
        .http()
        .get(`/api/contractors/${company.id}`)
        .set(...bearer(admin))
    ).body as { version: number; representativeName: string };
    expect(text).toContain(squash(before.representativeName));
    await ctx
      .http()
      .patch(`/api/contractors/${company.id}`)
      .set(...bearer(admin))
      .send({ version: before.version, representativeName: '代表取締役 後任 次郎' })
      .expect(200);
    await ctx
      .http()
      .put('/api/settings/issuer')
      .set(...bearer(admin))
      .send({
        ...issuer,
        version: (saved.body as { version: number }).version,
        signers: { ...issuer.signers, IMPROVEMENT_NOTICE: { title: '管理者', name: '後任 三郎' } },
        contactPerson: '後任 四郎',
        documentNumberPattern: '置広第{n}号',
      })
      .expect(200);
    const after = await get(admin);
    expect((after.body as Buffer).equals(first.body as Buffer)).toBe(true);
    const [record] = await ctx.dataSource.query<{ sha256: string }[]>(
      'SELECT sha256 FROM issued_document WHERE owner_id = ? AND kind = ?',
      [order.id, 'IMPROVEMENT_NOTICE'],
    );
    expect(record.sha256).toBe(
      createHash('sha256')
        .update(first.body as Buffer)
        .digest('hex'),
    );
    // The next order takes the next serial under the new pattern: numbers never skip.
    const serial = Number(/第(\d+)号/u.exec(order.notice?.documentNumber ?? '')?.[1]);
    const next = (await issue(admin, { clauseCode: 'CONFIDENTIALITY' })).body as OrderResponse;
    expect(next.notice?.documentNumber).toBe(`置広第${serial + 1}号`);
  });

  it('should take exactly one source, and ask an order of its own for the day and the way the facts were found', async () => {
    expect(
      (await issue(admin, { clauseCode: 'CONFIDENTIALITY', foundOn: undefined, foundHow: '  ' })).body,
    ).toMatchObject({ statusCode: 400, code: 'ORDER.FOUND_REQUIRED' });
    expect((await issue(admin, { clauseCode: 'CONFIDENTIALITY', foundOn: '2999-01-01' })).body).toMatchObject(
      {
        statusCode: 400,
        code: 'ORDER.FOUND_IN_FUTURE',
      },
    );
    const incidentId = '00000000-0000-4000-8000-000000000001';
    expect(
      (await issue(admin, { findingItemIds: [finding.item.id], incidentId, clauseCode: 'CONFIDENTIALITY' }))
        .body,
    ).toMatchObject({
      statusCode: 400,
      code: 'ORDER.SOURCE_AMBIGUOUS',
      details: { sources: ['ASSESSMENT', 'INCIDENT'] },
    });
    expect(
      (await issue(admin, { nonconformityItemIds: [incidentId], clauseCode: 'CONFIDENTIALITY' })).body,
    ).toMatchObject({ statusCode: 400, code: 'ORDER.NONCONFORMITIES_WITHOUT_INSPECTION' });
    // An incident that is not one of this contract's (or before incidents are kept) is refused, never a 500.
    expect((await issue(admin, { incidentId, clauseCode: 'CONFIDENTIALITY' })).body).toMatchObject({
      statusCode: 422,
      code: 'ORDER.SOURCE_INVALID',
      details: { source: 'INCIDENT', sourceId: incidentId },
    });
    const [{ n }] = await ctx.dataSource.query<{ n: number | string }[]>(
      "SELECT COUNT(*) AS n FROM improvement_order WHERE source = 'INCIDENT'",
    );
    expect(Number(n)).toBe(0);
  });

  it('should cite only what puts a duty on 乙, and ask an order without findings for the facts found', async () => {
    expect((await issue(admin, { clauseCode: 'CONFIDENTIALITY', facts: '  ' })).body).toMatchObject({
      statusCode: 400,
      code: 'ORDER.FACTS_REQUIRED',
    });
    // 甲's own power to order and the consequences of a breach are never a duty 乙 failed.
    expect(
      (await issue(admin, { clauseCode: 'IMPROVEMENT_ORDER', clauseParagraphs: [1] })).body,
    ).toMatchObject({
      statusCode: 422,
      code: 'ORDER.CLAUSE_IMPOSES_NO_DUTY',
      details: { clauseCode: 'IMPROVEMENT_ORDER', paragraphs: [1], dutyParagraphs: [2, 3, 4] },
    });
    expect((await issue(admin, { clauseCode: 'BREACH_TERMINATION' })).body).toMatchObject({
      statusCode: 422,
      code: 'ORDER.CLAUSE_IMPOSES_NO_DUTY',
      details: { dutyParagraphs: [] },
    });
    expect(
      (await issue(admin, { findingItemIds: [finding.item.id], clauseParagraphs: [1] })).body,
    ).toMatchObject({
      statusCode: 400,
      code: 'ORDER.PARAGRAPHS_WITHOUT_CLAUSE',
    });
    expect((await issue(admin, { clauseCode: 'CONFIDENTIALITY', clauseParagraphs: [0] })).status).toBe(400);
    // None of the refusals took a 文書番号: every number taken belongs to a document issued (the 委託先選定調書 of
    // each approved contract takes one too).
    const [{ n }] = await ctx.dataSource.query<{ n: number | string }[]>(
      'SELECT COUNT(*) AS n FROM issued_document WHERE serial IS NOT NULL',
    );
    const [{ last }] = await ctx.dataSource.query<{ last: number | string }[]>(
      'SELECT MAX(last_seq) AS last FROM document_number_counter',
    );
    expect(Number(last)).toBe(Number(n));
  });

  it('should refuse issuing without a basis, from an accepted item, by an officer, or with a past due date', async () => {
    expect((await issue(admin, {})).body).toMatchObject({ statusCode: 400, code: 'ORDER.BASIS_REQUIRED' });
    expect((await issue(admin, { clauseCode: 'NO_SUCH_CLAUSE' })).body).toMatchObject({
      statusCode: 422,
      code: 'ORDER.CLAUSE_NOT_IN_CONTRACT',
    });
    expect((await issue(officer.token, { clauseCode: 'CONFIDENTIALITY' })).status).toBe(403);
    expect((await issue(admin, { clauseCode: 'CONFIDENTIALITY', dueDate: '2020-01-01' })).body).toMatchObject(
      {
        code: 'ORDER.DUE_DATE_IN_PAST',
      },
    );
    const accepted = (
      await ctx
        .http()
        .get(`/api/assessments/${finding.assessmentId}`)
        .set(...bearer(admin))
    ).body as {
      items: { id: string; verdict: string }[];
    };
    const notAFinding = accepted.items.find((i) => i.verdict === 'ACCEPTED');
    expect((await issue(admin, { findingItemIds: [notAFinding?.id] })).body).toMatchObject({
      statusCode: 422,
      code: 'ORDER.FINDING_INVALID',
    });
  });

  it('should walk plan → acceptance → completion with evidence → verification to CLOSED, with a timeline', async () => {
    const order = (await issue(admin, { clauseCode: 'REMOVABLE_MEDIA' })).body as OrderResponse;
    expect(order.basis.map((b) => b.clauseCode)).toEqual(['REMOVABLE_MEDIA']);
    // Citing a clause, not a finding: the article as a whole.
    expect(order.basis[0].paragraphs).toEqual([]);
    // Wrong role, wrong state, stale version.
    expect((await step(admin, order.id, 'plan', planBody(1))).body).toMatchObject({
      statusCode: 403,
      code: 'ORDER.FORBIDDEN_STEP',
    });
    expect(
      (await step(contractor.token, order.id, 'completion', { version: 1, report: 'x' })).body,
    ).toMatchObject({
      statusCode: 409,
      code: 'ORDER.INVALID_TRANSITION',
    });
    expect((await step(stranger.token, order.id, 'plan', planBody(1))).status).toBe(404);

    const planned = await step(contractor.token, order.id, 'plan', planBody(1));
    expect(planned.body).toMatchObject({ status: 'PLAN_SUBMITTED', version: 2 });
    expect((await step(contractor.token, order.id, 'plan', planBody(1))).body).toMatchObject({
      statusCode: 409,
    });
    const sentBack = await step(admin, order.id, 'plan-decision', {
      version: 2,
      accepted: false,
      note: '再発防止策が具体的ではありません。',
    });
    expect(sentBack.body).toMatchObject({ status: 'ISSUED', version: 3 });
    await step(contractor.token, order.id, 'plan', planBody(3)).expect(200);
    const accepted = await step(admin, order.id, 'plan-decision', { version: 4, accepted: true });
    expect(accepted.body).toMatchObject({ status: 'IN_PROGRESS' });

    const upload = await ctx
      .http()
      .post('/api/evidence')
      .set(...bearer(contractor.token))
      .field('orderId', order.id)
      .attach('file', Buffer.from('媒体番号,暗号化\nUSB-001,済\n', 'utf8'), {
        filename: '暗号化台帳.csv',
        contentType: 'text/csv',
      });
    expect(upload.status).toBe(201);
    const evidenceId = (upload.body as { id: string }).id;
    const done = await step(contractor.token, order.id, 'completion', {
      version: 5,
      report: '全媒体の暗号化を完了し、台帳を整備しました。',
      evidenceIds: [evidenceId],
    });
    expect(done.body).toMatchObject({ status: 'COMPLETION_REPORTED' });
    // The contractor cannot verify its own order.
    expect(
      (await step(contractor.token, order.id, 'verification', { version: 6, accepted: true })).status,
    ).toBe(403);
    const notYet = await step(admin, order.id, 'verification', {
      version: 6,
      accepted: false,
      effectivenessNote: '台帳の一部に記載漏れがあります。',
    });
    expect(notYet.body).toMatchObject({ status: 'IN_PROGRESS' });
    await step(contractor.token, order.id, 'completion', {
      version: 7,
      report: '記載漏れを補いました。',
      evidenceIds: [evidenceId],
    }).expect(200);
    const closed = await step(admin, order.id, 'verification', {
      version: 8,
      accepted: true,
      effectivenessNote: '現地で確認し、有効と認めた。',
    });
    const body = closed.body as OrderResponse;
    expect(body).toMatchObject({ status: 'CLOSED', version: 9 });
    expect(body.closedAt).not.toBeNull();
    expect(body.events?.map((e) => e.type)).toEqual([
      'ISSUED',
      'PLAN_SUBMITTED',
      'PLAN_REJECTED',
      'PLAN_SUBMITTED',
      'PLAN_ACCEPTED',
      'COMPLETION_REPORTED',
      'VERIFIED_NOT_ACCEPTED',
      'COMPLETION_REPORTED',
      'VERIFIED_ACCEPTED',
    ]);
    const completion = body.events?.find((e) => e.type === 'COMPLETION_REPORTED');
    expect(completion?.evidence).toEqual([
      expect.objectContaining({ id: evidenceId, fileName: '暗号化台帳.csv' }),
    ]);
    expect(body.events?.[1]).toMatchObject({
      rootCause: '暗号化の手順が定められていなかった。',
      plannedCompletionDate: dueDate,
    });
    expect((await step(admin, order.id, 'withdrawal', { version: 9, reason: 'x' })).status).toBe(409);
    const audit = await ctx
      .http()
      .get(`/api/audit-events?entityId=${order.id}&withTotal=true`)
      .set(...bearer(admin));
    expect((audit.body as { total: number }).total).toBe(9);
  });

  it('should withdraw an open order with a reason', async () => {
    const order = (await issue(admin, { clauseCode: 'AUDIT' })).body as OrderResponse;
    const res = await step(admin, order.id, 'withdrawal', {
      version: 1,
      reason: '事実誤認のため取り下げる。',
    });
    expect(res.body).toMatchObject({ status: 'WITHDRAWN' });
    expect((res.body as OrderResponse).events?.at(-1)).toMatchObject({
      type: 'WITHDRAWN',
      body: '事実誤認のため取り下げる。',
    });
  });

  it('should number twenty orders issued at once without gaps or repeats', async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, () => issue(admin, { clauseCode: 'CONFIDENTIALITY' })),
    );
    expect(results.every((r) => r.status === 201)).toBe(true);
    const numbers = results
      .map((r) => Number((r.body as OrderResponse).orderNumber.slice(-4)))
      .sort((a, b) => a - b);
    const first = numbers[0];
    expect(numbers).toEqual(Array.from({ length: 20 }, (_, i) => first + i));
    // Their notices' 文書番号 too: consecutive serials, each once.
    const serials = results
      .map((r) => Number(/第(\d+)号/u.exec((r.body as OrderResponse).notice?.documentNumber ?? '')?.[1]))
      .sort((a, b) => a - b);
    expect(serials).toEqual(Array.from({ length: 20 }, (_, i) => serials[0] + i));
  });

  it('should let one of six parallel orders citing the same finding through, the others 409', async () => {
    const second = (await createApprovedContract(ctx, officer.token, company.id)).id;
    const own = await reviewedFinding(
      ctx,
      { admin, officer: officer.token, contractor: contractor.token },
      second,
    );
    const results = await Promise.all(
      Array.from({ length: 6 }, () => issue(admin, { contractId: second, findingItemIds: [own.item.id] })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
    for (const refused of results.filter((r) => r.status === 409)) {
      expect(refused.body).toMatchObject({ code: 'ORDER.FINDING_ALREADY_ORDERED' });
    }
    const [{ n }] = await ctx.dataSource.query<{ n: number | string }[]>(
      'SELECT COUNT(*) AS n FROM improvement_order_finding WHERE assessment_item_id = ?',
      [own.item.id],
    );
    expect(Number(n)).toBe(1);
    // Withdrawn, the order frees its finding for another.
    const winner = results.find((r) => r.status === 201)?.body as OrderResponse;
    await step(admin, winner.id, 'withdrawal', { version: 1, reason: '根拠の誤りのため取り下げる。' }).then(
      (r) => expect(r.status).toBe(200),
    );
    expect((await issue(admin, { contractId: second, findingItemIds: [own.item.id] })).status).toBe(201);
  });

  it('should show a contractor only its own orders, and 404 for another company', async () => {
    const mine = (
      await ctx
        .http()
        .get('/api/improvement-orders?limit=100')
        .set(...bearer(contractor.token))
    ).body as PageBody<OrderResponse>;
    expect(mine.items.length).toBeGreaterThan(0);
    expect(mine.items.every((o) => o.contractorId === company.id)).toBe(true);
    const theirs = (
      await ctx
        .http()
        .get('/api/improvement-orders')
        .set(...bearer(stranger.token))
    ).body as PageBody<OrderResponse>;
    expect(theirs.items).toEqual([]);
    expect(
      (
        await ctx
          .http()
          .get(`/api/improvement-orders/${mine.items[0].id}`)
          .set(...bearer(stranger.token))
      ).status,
    ).toBe(404);
  });

  it('should tell the contractor of a new order, remind it before the due date, once', async () => {
    const order = (await issue(admin, { clauseCode: 'PURPOSE_LIMITATION' })).body as OrderResponse;
    const mine = async (kind: string): Promise<{ subject: string; link: string }[]> =>
      (
        (
          await ctx
            .http()
            .get('/api/notifications?limit=100')
            .set(...bearer(contractor.token))
        ).body as {
          items: { kind: string; subject: string; link: string }[];
        }
      ).items.filter((n) => n.kind === kind && n.link === `/orders/${order.id}`);
    expect(await mine('order-issued')).toEqual([
      expect.objectContaining({ subject: expect.stringContaining(order.orderNumber) }),
    ]);
    const threeDaysBefore = new Date(Date.parse(`${order.dueDate}T00:00:00Z`) - 3 * 86_400_000)
      .toISOString()
      .slice(0, 10);
    for (let i = 0; i < 2; i++) {
      await ctx
        .http()
        .post('/api/notifications/run-reminders')
        .set(...bearer(admin))
        .send({ today: threeDaysBefore })
        .expect(200);
    }
    const reminders = await mine('order-due');
    expect(reminders).toHaveLength(1);
    expect(reminders[0].subject).toContain('3日後');
  });

  it('should record an overdue order once and flag it for measures after the escalation period', async () => {
    const order = (await issue(admin, { clauseCode: 'TRAINING', dueDate })).body as OrderResponse;
    const check = (today: string) =>
      ctx
        .http()
        .post('/api/improvement-orders/check-overdue')
        .set(...bearer(admin))
        .send({ today });
    const afterDue = new Date(Date.parse(`${dueDate}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    const first = await check(afterDue);
    expect((first.body as { overdue: number }).overdue).toBeGreaterThanOrEqual(1);
    expect((await check(afterDue)).body).toMatchObject({ overdue: 0 });
    const muchLater = new Date(Date.parse(`${dueDate}T00:00:00Z`) + 40 * 86_400_000)
      .toISOString()
      .slice(0, 10);
    expect((await check(muchLater)).body).toMatchObject({ escalated: expect.any(Number) });
    const read = (
      await ctx
        .http()
        .get(`/api/improvement-orders/${order.id}`)
        .set(...bearer(admin))
    ).body as OrderResponse;
    expect(read.events?.filter((e) => e.type === 'OVERDUE')).toHaveLength(1);
    // The timeline states the deadline as the notice does, in 和暦 (never as 2026-12-20).
    expect(read.events?.find((e) => e.type === 'OVERDUE')?.body).toBe(
      `改善期限（${formatWareki(dueDate)}）を経過しました。`,
    );
    expect(read.events?.filter((e) => e.type === 'ESCALATED')).toHaveLength(1);
    expect(read.escalated).toBe(true);
    // Told once each, to the right people, however often the job ran: the contractor's users and the
    // administrators of the overdue order; only the administrators of the escalation.
    const told = async (token: string, kind: string) =>
      (
        (
          await ctx
            .http()
            .get('/api/notifications?limit=100')
            .set(...bearer(token))
        ).body as { items: { kind: string; subject: string; body: string; link: string }[] }
      ).items.filter((n) => n.kind === kind && n.link === `/orders/${order.id}`);
    const [contractorOverdue] = await told(contractor.token, 'order-overdue');
    expect(await told(contractor.token, 'order-overdue')).toHaveLength(1);
    expect(contractorOverdue.subject).toContain(`改善指示の改善期限を過ぎました（${order.orderNumber}）`);
    expect(contractorOverdue.body).toContain(formatWareki(dueDate));
    expect(await told(admin, 'order-overdue')).toHaveLength(1);
    expect(await told(admin, 'order-escalated')).toEqual([
      expect.objectContaining({
        subject: expect.stringContaining(`改善指示の期限超過が続いています（${order.orderNumber}）`),
        body: expect.stringContaining('契約に基づく措置'),
      }),
    ]);
    expect(await told(contractor.token, 'order-escalated')).toHaveLength(0);
    expect(await told(officer.token, 'order-overdue')).toHaveLength(0);
    expect(await told(stranger.token, 'order-overdue')).toHaveLength(0);
    await check(muchLater);
    expect(await told(admin, 'order-escalated')).toHaveLength(1);
    const verify = await ctx
      .http()
      .get('/api/audit-events/verify')
      .set(...bearer(admin));
    expect(verify.body).toMatchObject({ ok: true });
  });
});

function planBody(version: number): Record<string, unknown> {
  return {
    version,
    rootCause: '暗号化の手順が定められていなかった。',
    correctiveAction: '全媒体を暗号化し、台帳に記録する。',
    preventiveAction: '持出し手順書を改め、四半期ごとに点検する。',
    plannedCompletionDate: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10),
  };
}

function binary(res: Response, callback: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => callback(null, Buffer.concat(chunks)));
}
