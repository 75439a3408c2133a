import { createHash } from 'node:crypto';
import type { Response } from 'supertest';
import { formatWareki } from '../../src/common/dates/wareki';
import { plainQuestion } from '../../src/modules/documents/japanese-format';
import { pdfText, squash } from '../../src/modules/documents/testing/pdf-tools';
import type { OrderResponse } from '../../src/modules/improvement-orders/dto/order.dto';
import type { InspectionResponse } from '../../src/modules/inspections/dto/inspection.dto';
import { Notification } from '../../src/modules/notifications/notification.entity';
import {
  createApprovedContract,
  createContractor,
  createUserAndLogin,
  japanDatePlus,
  orderRequestBody,
  reviewedFinding,
} from '../factories';
import type { PageBody } from '../utils/bodies';
import { ADMIN, bearer, login, startTestApp, type TestContext } from '../utils/test-app';

const PLACE = '山形県長井市ままの上5番1号 受託者作業室';

/**
 * 立入検査・書面監査 over HTTP (issue 16): planned with its items drawn from the contract's clauses, recorded,
 * conducted, reported by the 検査結果通知書 (a record, read back), and a nonconformity cited by an improvement order
 * whose source is the inspection and whose notice says when it was found. A contractor never sees a planned one.
 */
describe('inspections (立入検査・書面監査)', () => {
  let ctx: TestContext;
  let admin: string;
  let officer: { token: string; id: string };
  let auditor: string;
  let contractor: { token: string; id: string };
  let stranger: { token: string };
  let company: { id: string; name: string };
  let contract: { id: string; clauses: { code: string; articleNo: number; title: string }[] };
  let otherContractId: string;
  const today = japanDatePlus(0);

  beforeAll(async () => {
    ctx = await startTestApp();
    admin = await login(ctx, ADMIN.email, ADMIN.password);
    officer = await createUserAndLogin(ctx, admin, 'OFFICER');
    auditor = (await createUserAndLogin(ctx, admin, 'AUDITOR')).token;
    company = await createContractor(ctx, admin, { name: '検査対象株式会社' });
    const other = await createContractor(ctx, admin, { name: '別会社株式会社' });
    contractor = await createUserAndLogin(ctx, admin, 'CONTRACTOR', company.id);
    stranger = await createUserAndLogin(ctx, admin, 'CONTRACTOR', other.id);
    contract = await createApprovedContract(ctx, officer.token, company.id, { workLocations: [PLACE] });
    otherContractId = (await createApprovedContract(ctx, officer.token, other.id)).id;
  });
  afterAll(async () => ctx.close());

  const send = (token: string, method: 'get' | 'post' | 'put', path: string, body?: object) => {
    const req = ctx
      .http()
      [method](path)
      .set(...bearer(token));
    return body ? req.send(body) : req;
  };
  const plan = (token: string, body: Record<string, unknown> = {}) =>
    send(token, 'post', '/api/inspections', {
      contractId: contract.id,
      kind: 'ON_SITE',
      plannedOn: today,
      announced: false,
      inspectors: [{ name: '長井 花子', userId: officer.id }, { name: '米沢 一郎' }],
      place: PLACE,
      purpose: '個人情報の取扱状況及び作業場所の管理状況の確認',
      ...body,
    });
  const pdfOf = (token: string, path: string) =>
    ctx
      .http()
      .get(path)
      .set(...bearer(token))
      .buffer(true)
      .parse(binary);

  let inspection: InspectionResponse;

  it('should plan an inspection with an item for every checklist question of the contracted clauses', async () => {
    const res = await plan(officer.token);
    expect(res.status).toBe(201);
    inspection = res.body as InspectionResponse;
    expect(inspection).toMatchObject({
      status: 'PLANNED',
      kind: 'ON_SITE',
      announced: false,
      place: PLACE,
      contractorName: company.name,
      document: null,
      inspectors: [
        { name: '長井 花子', userId: officer.id },
        { name: '米沢 一郎', userId: null },
      ],
    });
    const items = inspection.items ?? [];
    // Checked against the contract as signed: every item names a clause of the contract with its article.
    const articleOf = new Map(contract.clauses.map((c) => [c.code, c.articleNo]));
    expect(items.length).toBeGreaterThan(10);
    for (const item of items) {
      expect(articleOf.get(item.clauseCode)).toBe(item.articleNo);
      expect(item.result).toBe('NOT_CHECKED');
    }
    // The questions signed with the clauses (the 定期報告 form's items are not inspection items).
    const [{ questions }] = await ctx.dataSource.query<{ questions: string }[]>(
      "SELECT questions FROM contract_clause WHERE contract_id = ? AND clause_code = 'AUDIT'",
      [contract.id],
    );
    const audit = (JSON.parse(questions) as { code: string; basis: number }[]).map((q) => [q.code, q.basis]);
    expect(items.filter((i) => i.clauseCode === 'AUDIT').map((i) => [i.questionCode, i.basis])).toEqual(
      expect.arrayContaining(audit),
    );
    expect(items.filter((i) => i.clauseCode === 'AUDIT')).toHaveLength(audit.length);
    expect([...new Set(items.map((i) => i.clauseCode))].every((code) => articleOf.has(code))).toBe(true);
    expect(items.some((i) => i.advisory)).toBe(true);
    // Article order, as the notice prints them.
    const articles = items.map((i) => i.articleNo);
    expect(articles).toEqual([...articles].sort((a, b) => a - b));
    // Within an article: paragraph order, an item naming none after them, the advisory ones last.
    const rank = (i: { advisory: boolean; basis: number | null }) =>
      (i.advisory ? 1_000_000 : 0) + (i.basis ?? 999_999);
    for (const article of new Set(articles)) {
      const ranks = items.filter((i) => i.articleNo === article).map(rank);
      expect({ article, ranks }).toEqual({ article, ranks: [...ranks].sort((a, b) => a - b) });
    }
  });

  it('should refuse a place the contract does not name, a place for a document audit, and a past date', async () => {
    expect((await plan(officer.token, { place: '東京都千代田区霞が関1-1' })).body).toMatchObject({
      statusCode: 422,
      code: 'INSPECTION.PLACE_NOT_IN_CONTRACT',
      details: { allowed: [PLACE] },
    });
    expect((await plan(officer.token, { kind: 'DOCUMENT' })).body).toMatchObject({
      statusCode: 400,
      code: 'INSPECTION.PLACE_FOR_DOCUMENT',
    });
    expect((await plan(officer.token, { place: undefined })).body).toMatchObject({
      code: 'INSPECTION.PLACE_REQUIRED',
    });
    expect((await plan(officer.token, { plannedOn: '2020-01-01' })).body).toMatchObject({
      code: 'INSPECTION.PLANNED_IN_PAST',
    });
    expect(
      (
        await plan(officer.token, {
          inspectors: [{ name: '外部', userId: '00000000-0000-4000-8000-000000000009' }],
        })
      ).body,
    ).toMatchObject({ statusCode: 422, code: 'INSPECTION.INSPECTOR_INVALID' });
    expect((await plan(contractor.token)).status).toBe(403);
    expect((await plan(auditor)).status).toBe(403);
    const document = await plan(admin, { kind: 'DOCUMENT', place: undefined, announced: true });
    expect(document.status).toBe(201);
    expect((document.body as InspectionResponse).place).toBeNull();
  });

  it('should never show the contractor a planned inspection, unannounced or not, nor another company one', async () => {
    const mine = await send(contractor.token, 'get', '/api/inspections');
    expect((mine.body as PageBody<InspectionResponse>).items).toEqual([]);
    expect((await send(contractor.token, 'get', `/api/inspections/${inspection.id}`)).body).toMatchObject({
      statusCode: 404,
      code: 'INSPECTION.NOT_FOUND',
    });
    expect((await send(auditor, 'get', `/api/inspections/${inspection.id}`)).status).toBe(200);
    const listed = await send(auditor, 'get', `/api/inspections?contractId=${contract.id}&status=PLANNED`);
    expect((listed.body as PageBody<InspectionResponse>).items.map((i) => i.id)).toContain(inspection.id);
  });

  let nonconforming: string;
  let advisoryItem: string;

  it('should record results item by item, a nonconformity only with what was found', async () => {
    const items = inspection.items ?? [];
    const duty = items.find((i) => i.clauseCode === 'AUDIT' && !i.advisory && i.basis !== null);
    const advisory = items.find((i) => i.advisory);
    const conforming = items.find((i) => i.clauseCode !== 'AUDIT' && !i.advisory);
    if (!duty || !advisory || !conforming) throw new Error('the contract has no such items');
    nonconforming = duty.id;
    advisoryItem = advisory.id;
    const record = (body: object, version = inspection.version) =>
      send(officer.token, 'put', `/api/inspections/${inspection.id}/items`, { version, ...body });
    expect(
      (await record({ items: [{ itemId: duty.id, result: 'NONCONFORMING', note: '  ' }] })).body,
    ).toMatchObject({ statusCode: 400, code: 'INSPECTION.NOTE_REQUIRED', details: { itemIds: [duty.id] } });
    expect(
      (await record({ items: [{ itemId: '00000000-0000-4000-8000-000000000001', result: 'CONFORMING' }] }))
        .body,
    ).toMatchObject({ statusCode: 400, code: 'INSPECTION.ITEM_INVALID' });
    const saved = await record({
      items: [
        {
          itemId: duty.id,
          result: 'NONCONFORMING',
          note: '従事者名簿及び外部記録媒体の管理台帳の提示を求めたところ、保管されていなかった。',
          evidence: '作業室の書棚、共有フォルダ',
        },
        { itemId: advisory.id, result: 'NONCONFORMING', note: '研修資料が最新の版に改められていなかった。' },
        { itemId: conforming.id, result: 'CONFORMING', evidence: '入退室記録簿' },
      ],
    });
    expect(saved.status).toBe(200);
    inspection = saved.body as InspectionResponse;
    expect(inspection.counts).toMatchObject({ conforming: 1, nonconforming: 2 });
    expect(inspection.items?.find((i) => i.id === duty.id)).toMatchObject({
      result: 'NONCONFORMING',
      evidence: '作業室の書棚、共有フォルダ',
      orderId: null,
    });
    // Stale version: 409, nothing changed.
    expect((await record({ items: [{ itemId: duty.id, result: 'CONFORMING' }] }, 1)).status).toBe(409);
  });

  it('should record the day it was conducted, and report it with the 検査結果通知書 as a record', async () => {
    const conduct = (body: object) =>
      send(officer.token, 'post', `/api/inspections/${inspection.id}/conduct`, {
        version: inspection.version,
        ...body,
      });
    expect((await conduct({ conductedOn: japanDatePlus(1) })).body).toMatchObject({
      code: 'INSPECTION.CONDUCTED_IN_FUTURE',
    });
    const conducted = await conduct({ conductedOn: today, summary: '記録の保管に改善を要する。' });
    expect(conducted.status).toBe(200);
    inspection = conducted.body as InspectionResponse;
    expect(inspection).toMatchObject({ status: 'CONDUCTED', conductedOn: today });
    // Still hidden from the contractor until reported.
    expect((await send(contractor.token, 'get', `/api/inspections/${inspection.id}`)).status).toBe(404);
    expect((await pdfOf(admin, `/api/inspections/${inspection.id}/result.pdf`)).status).toBe(404);

    const reported = await send(admin, 'post', `/api/inspections/${inspection.id}/report`, {
      version: inspection.version,
    });
    expect(reported.status).toBe(200);
    inspection = reported.body as InspectionResponse;
    expect(inspection.status).toBe('REPORTED');
    expect(inspection.document?.documentNumber).toEqual(expect.any(String));

    const first = await pdfOf(contractor.token, `/api/inspections/${inspection.id}/result.pdf`);
    expect(first.status).toBe(200);
    expect(first.headers['content-type']).toBe('application/pdf');
    const again = await pdfOf(admin, `/api/inspections/${inspection.id}/result.pdf`);
    expect((again.body as Buffer).equals(first.body as Buffer)).toBe(true);
    const [record] = await ctx.dataSource.query<{ sha256: string }[]>(
      "SELECT sha256 FROM issued_document WHERE owner_id = ? AND kind = 'INSPECTION_RESULT'",
      [inspection.id],
    );
    expect(record.sha256).toBe(
      createHash('sha256')
        .update(first.body as Buffer)
        .digest('hex'),
    );

    const text = squash(pdfText(first.body as Buffer, 'layout').join(''));
    const articleOf = (code: string) => contract.clauses.find((c) => c.code === code);
    const audit = articleOf('AUDIT');
    const improvement = articleOf('IMPROVEMENT_ORDER');
    const duty = inspection.items?.find((i) => i.id === nonconforming);
    expect(text).toContain('情報セキュリティに関する検査の結果について（通知）');
    expect(text).toContain(squash(company.name));
    expect(text).toContain(
      `特記事項第${audit?.articleNo}条第1項の規定に基づき、${squash(formatWareki(today))}に立入検査を実施しました`,
    );
    expect(text).toContain(`場所${squash(PLACE)}`);
    expect(text).toContain('検査員長井花子、米沢一郎');
    expect(text).toContain(`事前の通知なし（特記事項第${audit?.articleNo}条第3項の規定による。）`);
    expect(text).toContain(`特記事項第${audit?.articleNo}条（${audit?.title}）適合0件、不適合1件`);
    expect(text).toContain(
      `(1)第${duty?.articleNo}条第${duty?.basis}項（${duty?.clauseTitle}）検査項目${squash(plainQuestion(duty?.question ?? ''))}` +
        '確認した事実従事者名簿及び外部記録媒体の管理台帳の提示を求めたところ、保管されていなかった。',
    );
    expect(text).toContain('推奨事項');
    expect(text).toContain(
      `特記事項第${improvement?.articleNo}条第1項の規定に基づき、甲から別途改善を指示することがある。`,
    );
    expect(text).toMatch(/問い合わせ先.+以上/u);

    // The contractor's users are told, in the reporting transaction, with a link; nobody else is.
    const told = await ctx.dataSource
      .getRepository(Notification)
      .find({ where: { kind: 'inspection-reported' } });
    expect(told.map((n) => n.userId)).toEqual([contractor.id]);
    expect(told[0]).toMatchObject({
      subject: expect.stringContaining(
        `検査の結果が通知されました（${inspection.document?.documentNumber}）`,
      ),
      link: `/inspections/${inspection.id}`,
    });
    expect(told[0].body).toContain(`検査結果通知書（${inspection.document?.documentNumber}）`);

    // The contractor reads it now; another company still cannot.
    expect((await send(contractor.token, 'get', `/api/inspections/${inspection.id}`)).status).toBe(200);
    const listed = await send(contractor.token, 'get', '/api/inspections');
    expect((listed.body as PageBody<InspectionResponse>).items.map((i) => i.id)).toEqual([inspection.id]);
    expect((await send(stranger.token, 'get', `/api/inspections/${inspection.id}`)).status).toBe(404);
    expect((await pdfOf(stranger.token, `/api/inspections/${inspection.id}/result.pdf`)).status).toBe(404);
    // A reported inspection never changes.
    const late = await send(admin, 'put', `/api/inspections/${inspection.id}/items`, {
      version: inspection.version,
      items: [{ itemId: nonconforming, result: 'CONFORMING' }],
    });
    expect(late.body).toMatchObject({ statusCode: 409, code: 'INSPECTION.INVALID_TRANSITION' });
  });

  const issue = (body: Record<string, unknown>) =>
    send(admin, 'post', '/api/improvement-orders', orderRequestBody(contract.id, body));

  it('should issue an order citing a nonconformity, its source the inspection, its notice saying when', async () => {
    // A recommendation is never cited as a breach; a planned inspection or another contract's is no source.
    expect(
      (await issue({ inspectionId: inspection.id, nonconformityItemIds: [advisoryItem] })).body,
    ).toMatchObject({
      statusCode: 422,
      code: 'ORDER.FINDING_ADVISORY',
    });
    const planned = (await plan(officer.token)).body as InspectionResponse;
    expect((await issue({ inspectionId: planned.id })).body).toMatchObject({
      statusCode: 422,
      code: 'ORDER.SOURCE_INVALID',
      details: { source: 'INSPECTION', sourceId: planned.id },
    });
    expect((await issue({ inspectionId: inspection.id, contractId: otherContractId })).body).toMatchObject({
      code: 'ORDER.SOURCE_INVALID',
    });
    const conformingItem = inspection.items?.find((i) => i.result === 'CONFORMING')?.id ?? '';
    expect(
      (await issue({ inspectionId: inspection.id, nonconformityItemIds: [conformingItem] })).body,
    ).toMatchObject({
      statusCode: 422,
      code: 'ORDER.NONCONFORMITY_INVALID',
      details: { itemIds: [conformingItem] },
    });

    const res = await issue({ inspectionId: inspection.id, nonconformityItemIds: [nonconforming] });
    expect(res.status).toBe(201);
    const order = res.body as OrderResponse;
    const duty = inspection.items?.find((i) => i.id === nonconforming);
    const when = `${formatWareki(today)}に実施した立入検査において、次の事実を認めた。`;
    expect(order).toMatchObject({
      source: 'INSPECTION',
      sourceId: inspection.id,
      foundOn: null,
      factsHow: [when],
      basis: [
        {
          clauseCode: 'AUDIT',
          articleNo: duty?.articleNo,
          title: duty?.clauseTitle,
          paragraphs: [duty?.basis],
        },
      ],
      sourceItems: [
        {
          itemId: nonconforming,
          question: duty?.question,
          note: expect.stringContaining('保管されていなかった'),
        },
      ],
    });
    // The inspection shows the order holding its nonconformity.
    const shown = (await send(officer.token, 'get', `/api/inspections/${inspection.id}`))
      .body as InspectionResponse;
    expect(shown.items?.find((i) => i.id === nonconforming)?.orderId).toBe(order.id);

    const notice = await pdfOf(admin, `/api/improvement-orders/${order.id}/notice.pdf`);
    const text = squash(pdfText(notice.body as Buffer, 'layout').join(''));
    expect(text).toContain(
      `2適合していない事項特記事項第${duty?.articleNo}条第${duty?.basis}項（${duty?.clauseTitle}）3確認した事実${squash(when)}` +
        `(1)第${duty?.articleNo}条第${duty?.basis}項（${duty?.clauseTitle}）検査項目`,
    );
    expect(text).toContain(
      '確認した事実従事者名簿及び外部記録媒体の管理台帳の提示を求めたところ、保管されていなかった。',
    );

    // One open order per nonconformity, whichever way it is named; withdrawn, it is free again.
    expect((await issue({ inspectionId: inspection.id })).body).toMatchObject({
      statusCode: 422,
      code: 'ORDER.NONCONFORMITY_INVALID',
    });
    expect(
      (await issue({ inspectionId: inspection.id, nonconformityItemIds: [nonconforming] })).body,
    ).toMatchObject({
      statusCode: 409,
      code: 'ORDER.NONCONFORMITY_ALREADY_ORDERED',
      details: { itemIds: [nonconforming] },
    });
    await send(admin, 'post', `/api/improvement-orders/${order.id}/withdrawal`, {
      version: order.version,
      reason: '重複',
    }).expect(200);
    const again = await issue({ inspectionId: inspection.id });
    expect(again.status).toBe(201);
    expect((again.body as OrderResponse).sourceItems?.map((i) => i.itemId)).toEqual([nonconforming]);
  });

  it('should let one of several parallel orders citing the same nonconformity through, the others 409', async () => {
    const [again] = (
      await ctx.dataSource.query<{ id: string }[]>(
        "SELECT id FROM improvement_order WHERE source = 'INSPECTION' AND status <> 'WITHDRAWN'",
      )
    ).map((r) => r.id);
    // Withdraw the open one so the nonconformity is free, then race.
    const open = (await send(admin, 'get', `/api/improvement-orders/${again}`)).body as OrderResponse;
    await send(admin, 'post', `/api/improvement-orders/${again}/withdrawal`, {
      version: open.version,
      reason: '再発出',
    }).expect(200);
    const results = await Promise.all(
      Array.from({ length: 4 }, () =>
        issue({ inspectionId: inspection.id, nonconformityItemIds: [nonconforming] }),
      ),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([201, 409, 409, 409]);
    const [{ n }] = await ctx.dataSource.query<{ n: number | string }[]>(
      'SELECT COUNT(*) AS n FROM improvement_order_nonconformity WHERE held_item_id = ?',
      [nonconforming],
    );
    expect(Number(n)).toBe(1);
  });

  it('should word each source in the notice: the assessment, the inspection, the administrator own finding', async () => {
    const finding = await reviewedFinding(
      ctx,
      { admin, officer: officer.token, contractor: contractor.token },
      contract.id,
    );
    const fromAssessment = (await issue({ findingItemIds: [finding.item.id] })).body as OrderResponse;
    expect(fromAssessment.source).toBe('ASSESSMENT');
    const other = (
      await issue({
        clauseCode: 'AUDIT',
        clauseParagraphs: [2],
        facts: '資料の提出を求めたところ、正当な理由なく提出を拒まれた。',
        foundOn: today,
        foundHow: '乙の担当者との電話',
      })
    ).body as OrderResponse;
    expect(other).toMatchObject({ source: 'OTHER', foundOn: today, foundHow: '乙の担当者との電話' });
    const textOf = async (id: string) =>
      squash(
        pdfText(
          (await pdfOf(admin, `/api/improvement-orders/${id}/notice.pdf`)).body as Buffer,
          'layout',
        ).join(''),
      );
    expect(await textOf(fromAssessment.id)).toMatch(
      /3確認した事実乙が提出した.+の自己点検.+の内容を甲が確認した結果、次の事実を認めた。/u,
    );
    expect(await textOf(other.id)).toContain(
      `3確認した事実${squash(formatWareki(today))}に、乙の担当者との電話により、次の事実を認めた。` +
        '資料の提出を求めたところ、正当な理由なく提出を拒まれた。',
    );
  });

  it('should cancel a planned inspection with a reason, and nothing else', async () => {
    const planned = (await plan(officer.token)).body as InspectionResponse;
    const cancel = (body: object) =>
      send(officer.token, 'post', `/api/inspections/${planned.id}/cancel`, body);
    expect((await cancel({ version: planned.version, reason: ' ' })).body).toMatchObject({
      statusCode: 400,
      code: 'REQUEST.VALIDATION',
    });
    const cancelled = await cancel({ version: planned.version, reason: '事故対応のため延期する。' });
    expect(cancelled.body).toMatchObject({ status: 'CANCELLED', cancelReason: '事故対応のため延期する。' });
    const conduct = await send(officer.token, 'post', `/api/inspections/${planned.id}/conduct`, {
      version: (cancelled.body as InspectionResponse).version,
      conductedOn: today,
    });
    expect(conduct.body).toMatchObject({ statusCode: 409, code: 'INSPECTION.INVALID_TRANSITION' });
    const [audit] = await ctx.dataSource.query<{ n: number | string }[]>(
      "SELECT COUNT(*) AS n FROM audit_event WHERE entity_id = ? AND action = 'inspection.cancel'",
      [planned.id],
    );
    expect(Number(audit.n)).toBe(1);
  });

  it('should not conduct an inspection where nothing was checked', async () => {
    const planned = (await plan(officer.token)).body as InspectionResponse;
    const res = await send(officer.token, 'post', `/api/inspections/${planned.id}/conduct`, {
      version: planned.version,
      conductedOn: today,
    });
    expect(res.body).toMatchObject({ statusCode: 422, code: 'INSPECTION.NOTHING_CHECKED' });
  });
});

function binary(res: Response, callback: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => callback(null, Buffer.concat(chunks)));
}
