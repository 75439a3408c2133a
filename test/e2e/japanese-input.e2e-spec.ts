import type { ContractorResponse } from '../../src/modules/contractors/dto/contractor.response';
import type { OrderResponse } from '../../src/modules/improvement-orders/dto/order.dto';
import type { IssuerSettingsResponse } from '../../src/modules/settings/dto/issuer-settings.dto';
import {
  contractorInput,
  corporateNumber,
  createApprovedContract,
  createUserAndLogin,
  issueOrder,
  ORDER_ON_FACTS,
} from '../factories';
import type { ErrorBody } from '../utils/bodies';
import { ADMIN, bearer, login, startTestApp, type TestContext } from '../utils/test-app';
import { submitForm, webSignIn } from '../utils/web-agent';

/** Digits in full width, as a Japanese IME types them. */
const fullWidth = (ascii: string): string =>
  ascii.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));

/**
 * Input as Japanese users type it, over the API and over the web forms: numbers in full width with dashes are
 * stored in ASCII, a フリガナ in hiragana is stored in katakana and one in kanji is refused, and a plan that would
 * finish after the order's deadline is refused.
 */
describe('input as Japanese users type it', () => {
  let ctx: TestContext;
  let admin: string;

  beforeAll(async () => {
    ctx = await startTestApp();
    admin = await login(ctx, ADMIN.email, ADMIN.password);
  });
  afterAll(async () => ctx.close());

  const readContractor = async (id: string): Promise<ContractorResponse> =>
    (
      await ctx
        .http()
        .get(`/api/contractors/${id}`)
        .set(...bearer(admin))
        .expect(200)
    ).body as ContractorResponse;

  it('should store a contractor registered over the API with full-width numbers and a hiragana フリガナ in normal form', async () => {
    const number = corporateNumber();
    const typed = `${fullWidth(number.slice(0, 4))}－${fullWidth(number.slice(4))}`;
    const res = await ctx
      .http()
      .post('/api/contractors')
      .set(...bearer(admin))
      .send(
        contractorInput({
          corporateNumber: typed,
          nameKana: 'かぶしきがいしゃ　おきたま',
          securityOfficer: { name: '山﨑 花子', email: 'so@example.jp', phone: '０９０－１２３４－５６７８' },
        }),
      );
    expect(res.status).toBe(201);
    const stored = await readContractor((res.body as ContractorResponse).id);
    expect({
      corporateNumber: stored.corporateNumber,
      nameKana: stored.nameKana,
      phone: stored.securityOfficer.phone,
    }).toEqual({ corporateNumber: number, nameKana: 'カブシキガイシャ　オキタマ', phone: '090-1234-5678' });

    // An edit is normalised the same way: half-width katakana, ー between digits.
    const edited = await ctx
      .http()
      .patch(`/api/contractors/${stored.id}`)
      .set(...bearer(admin))
      .send({
        version: stored.version,
        nameKana: 'ｵｷﾀﾏ ｼﾞｮｳﾎｳ',
        securityOfficer: { name: '山﨑 花子', email: 'so@example.jp', phone: '０２３８ー２２ー１１１１' },
      });
    expect(edited.status).toBe(200);
    const after = await readContractor(stored.id);
    expect([after.nameKana, after.securityOfficer.phone]).toEqual(['オキタマ　ジョウホウ', '0238-22-1111']);
  });

  it('should refuse a フリガナ in kanji or Latin letters with 400 REQUEST.VALIDATION and the rule katakana', async () => {
    for (const nameKana of ['置賜情報サービス', 'Okitama']) {
      const res = await ctx
        .http()
        .post('/api/contractors')
        .set(...bearer(admin))
        .send(contractorInput({ nameKana }));
      expect(res.status).toBe(400);
      const body = res.body as ErrorBody;
      expect(body.code).toBe('REQUEST.VALIDATION');
      expect(body.details?.fields).toEqual([
        { field: 'nameKana', rule: 'katakana', message: 'フリガナは全角カタカナで入力してください。' },
      ]);
    }
  });

  it('should store the issuer settings telephone number typed in full width in ASCII', async () => {
    const current = (
      await ctx
        .http()
        .get('/api/settings/issuer')
        .set(...bearer(admin))
        .expect(200)
    ).body as IssuerSettingsResponse;
    const res = await ctx
      .http()
      .put('/api/settings/issuer')
      .set(...bearer(admin))
      .send({
        version: current.version,
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
        contactPhone: '（０２３８）８８－００００',
        contactEmail: 'joho@example.lg.jp',
      });
    expect(res.status).toBe(200);
    expect((res.body as IssuerSettingsResponse).contactPhone).toBe('(0238)88-0000');
  });

  it('should take the same input through the contractor form and show the normal form on the contractor page', async () => {
    const agent = await webSignIn(ctx, ADMIN.email, ADMIN.password);
    const number = corporateNumber();
    const fields = {
      corporateNumber: fullWidth(number),
      name: '株式会社置賜フォーム',
      nameKana: 'かぶしきがいしゃ　おきたまふぉーむ',
      address: '山形県米沢市金池五丁目2番25号',
      representativeName: '代表取締役 髙橋 一郎',
      'securityOfficer.name': '山﨑 花子',
      'securityOfficer.email': 'security@example.jp',
      'securityOfficer.phone': '０２３８‐２２‐００００',
      notes: '',
    };
    const refused = await submitForm(
      agent,
      '/contractors/new',
      '/contractors',
      { ...fields, nameKana: '置賜' },
      { pageVersion: true },
    );
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('フリガナは全角カタカナで入力してください。');

    const res = await submitForm(agent, '/contractors/new', '/contractors', fields, { pageVersion: true });
    expect(res.status).toBe(303);
    const id = /^\/contractors\/([0-9a-f-]{36})/.exec(String(res.headers.location))?.[1] ?? '';
    const stored = await readContractor(id);
    expect([stored.corporateNumber, stored.nameKana, stored.securityOfficer.phone]).toEqual([
      number,
      'カブシキガイシャ　オキタマフォーム',
      '0238-22-0000',
    ]);
    const page = (await agent.get(`/contractors/${id}`)).text;
    expect(page).toContain('カブシキガイシャ　オキタマフォーム');
    expect(page).toContain('0238-22-0000');
  });

  it('should refuse a plan due after the deadline on the order page with the reason, and take one due on it', async () => {
    const company = (
      await ctx
        .http()
        .post('/api/contractors')
        .set(...bearer(admin))
        .send(contractorInput())
        .expect(201)
    ).body as ContractorResponse;
    const officer = await createUserAndLogin(ctx, admin, 'OFFICER');
    const contractorUser = await createUserAndLogin(ctx, admin, 'CONTRACTOR', company.id);
    const contract = await createApprovedContract(ctx, officer.token, company.id);
    const dueDate = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    const order = await issueOrder(ctx, admin, contract.id, { ...ORDER_ON_FACTS, dueDate });
    const agent = await webSignIn(ctx, contractorUser.email, contractorUser.password);
    const page = `/orders/${order.id}`;
    const plan = {
      rootCause: '手順が定められていなかった。',
      correctiveAction: '手順を定め、周知する。',
      preventiveAction: '四半期ごとに点検する。',
    };
    const dayAfter = new Date(Date.parse(`${dueDate}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    const late = await submitForm(
      agent,
      page,
      `${page}/plan`,
      { ...plan, plannedCompletionDate: dayAfter },
      { pageVersion: true },
    );
    expect(late.status).toBe(422);
    expect(late.text).toContain('完了予定日は、改善期限までの日付を指定してください。');
    // Beside the date field, not only at the top.
    expect(late.text).toMatch(
      /id="f-plannedCompletionDate-error">完了予定日は、改善期限までの日付を指定してください。</u,
    );
    // What was typed stays in the form.
    expect(late.text).toContain('手順が定められていなかった。');

    const onTime = await submitForm(
      agent,
      page,
      `${page}/plan`,
      { ...plan, plannedCompletionDate: dueDate },
      { pageVersion: true },
    );
    expect(onTime.status).toBe(303);
    const read = (
      await ctx
        .http()
        .get(`/api/improvement-orders/${order.id}`)
        .set(...bearer(admin))
        .expect(200)
    ).body as OrderResponse;
    expect(read.status).toBe('PLAN_SUBMITTED');
  });
});
