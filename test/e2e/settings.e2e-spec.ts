import type { IssuerSettingsResponse } from '../../src/modules/settings/dto/issuer-settings.dto';
import { createUserAndLogin } from '../factories';
import type { ErrorBody } from '../utils/bodies';
import { ADMIN, bearer, login, startTestApp, type TestContext } from '../utils/test-app';

describe('issuer settings (発信者の設定)', () => {
  let ctx: TestContext;
  let admin: string;
  let auditor: string;

  beforeAll(async () => {
    ctx = await startTestApp({
      ORG_ADDRESS: '山形県長井市ままの上5番1号',
      DOCUMENT_NUMBER_PATTERN: '置広情第{n}号',
    });
    admin = await login(ctx, ADMIN.email, ADMIN.password);
    auditor = (await createUserAndLogin(ctx, admin, 'AUDITOR')).token;
  });
  afterAll(async () => ctx.close());

  const get = (token: string) =>
    ctx
      .http()
      .get('/api/settings/issuer')
      .set(...bearer(token));
  const put = (token: string, body: object) =>
    ctx
      .http()
      .put('/api/settings/issuer')
      .set(...bearer(token))
      .send(body);
  const filled = (version: number): Record<string, unknown> => ({
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
  });

  it('should answer the defaults from the environment, naming what documents would print blank', async () => {
    const res = await get(admin).expect(200);
    const body = res.body as IssuerSettingsResponse;
    expect(body).toMatchObject({
      version: 0,
      updatedAt: null,
      orgName: '置賜広域行政事務組合',
      orgAddress: '山形県長井市ままの上5番1号',
      representativeTitle: '管理者',
      documentNumberPattern: '置広情第{n}号',
      sealOmitted: true,
    });
    expect(body.missing).toEqual([
      '代表者の氏名',
      '発信者の氏名',
      '問い合わせ先の課・係',
      '問い合わせ先の担当者',
      '問い合わせ先の電話番号',
    ]);
  });

  it('should save a change with its audit row, and refuse a stale version', async () => {
    const saved = await put(admin, filled(0));
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ version: 1, missing: [], representativeName: '置賜 太郎' });
    const read = (await get(auditor).expect(200)).body as IssuerSettingsResponse;
    expect(read.signers.SUBCONTRACT_DECISION).toEqual({ title: '総務課長', name: '南陽 次郎' });
    const stale = await put(admin, filled(0));
    expect(stale.status).toBe(409);
    expect((stale.body as ErrorBody).code).toBe('SETTINGS.STALE_VERSION');
    const again = await put(admin, { ...filled(1), contactPhone: '0238-88-1111' });
    expect(again.body).toMatchObject({ version: 2, contactPhone: '0238-88-1111' });
    const audit = await ctx
      .http()
      .get('/api/audit-events?action=settings.issuer.update&withTotal=true')
      .set(...bearer(admin));
    const events = audit.body as { total: number; items: { summary: { changed: string[] } }[] };
    expect(events.total).toBe(2);
    expect(events.items.map((e) => e.summary.changed)).toContainEqual(['contactPhone']);
  });

  it('should refuse a 文書記号 without exactly one {n}, and bad contact details, without changing anything', async () => {
    for (const [field, value] of [
      ['documentNumberPattern', '置広情第号'],
      ['documentNumberPattern', '置広情第{n}{n}号'],
      ['contactPhone', '電話'],
      ['contactEmail', 'not-an-address'],
      ['orgName', ''],
    ] as const) {
      const res = await put(admin, { ...filled(2), [field]: value });
      expect(res.status).toBe(400);
      expect((res.body as ErrorBody).code).toBe('REQUEST.VALIDATION');
    }
    expect(((await get(admin)).body as IssuerSettingsResponse).version).toBe(2);
  });

  it('should let only the ADMIN change them and the AUDITOR read them', async () => {
    const officer = (await createUserAndLogin(ctx, admin, 'OFFICER')).token;
    expect((await get(officer)).status).toBe(403);
    expect((await put(auditor, filled(2))).status).toBe(403);
  });
});
