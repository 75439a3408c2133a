import { createUserAndLogin } from '../factories';
import { submitForm, webSignIn } from '../utils/web-agent';
import { ADMIN, bearer, login, startTestApp, type TestContext } from '../utils/test-app';

/**
 * The edit form of a registered SNS account (issue 18): an officer who registered an account without two-factor
 * authentication or the website listing completes it in the browser, and the 責任者 can then activate it.
 */

interface Account {
  id: string;
  status: string;
  version: number;
  handle: string;
  purpose: string;
  twoFactorEnabled: boolean;
  twoFactorMethod: string | null;
  websiteListingUrl: string | null;
  managerId: string | null;
  posters: { id: string }[];
  allowedCategories: { code: string }[];
  loginDevices: string[];
}

describe('SNS account edit form', () => {
  let ctx: TestContext;
  let admin: string;
  let officer: { id: string; token: string; email: string; password: string };
  let manager: { id: string; token: string };

  const read = async (id: string): Promise<Account> => {
    const res = await ctx
      .http()
      .get(`/api/sns-accounts/${id}`)
      .set(...bearer(officer.token));
    expect(res.status).toBe(200);
    return res.body as Account;
  };

  const activate = (account: Account) =>
    ctx
      .http()
      .post(`/api/sns-accounts/${account.id}/activate`)
      .set(...bearer(manager.token))
      .send({ version: account.version });

  beforeAll(async () => {
    ctx = await startTestApp();
    admin = await login(ctx, ADMIN.email, ADMIN.password);
    officer = await createUserAndLogin(ctx, admin, 'OFFICER');
    manager = await createUserAndLogin(ctx, admin, 'OFFICER');
  });

  afterAll(async () => {
    await ctx.close();
  });

  it('should complete a draft without 2FA and listing through the edit form, then activate it', async () => {
    const web = await webSignIn(ctx, officer.email, officer.password);
    const registered = await submitForm(web, '/sns-accounts/new', '/sns-accounts/new', [
      ['platform', 'X'],
      ['handle', '@okitama_edit'],
      ['url', 'https://x.com/okitama_edit'],
      ['displayName', '置賜広域行政事務組合'],
      ['operatorName', '総務課広報係'],
      ['purpose', '圏域の行事を知らせるため'],
      ['audience', '圏域の住民'],
      ['allowedCategories', 'EVENTS'],
      ['managerId', manager.id],
      ['posterIds', officer.id],
      ['loginDevices', '広報係の業務用端末'],
      ['unverifiedReason', '地方公共団体向けの認証制度がないため'],
    ]);
    expect(registered.status).toBe(303);
    const id = /\/sns-accounts\/([0-9a-f-]{36})/u.exec(registered.headers.location)?.[1] ?? '';
    const draft = await read(id);
    expect(draft).toMatchObject({ status: 'DRAFT', twoFactorEnabled: false, websiteListingUrl: null });
    const refused = await activate(draft);
    expect(refused.status).not.toBe(200);
    expect(JSON.stringify(refused.body)).toContain('SNS.ACTIVATION_NO_TWO_FACTOR');

    // The account page links to the edit form, which opens with the stored values and the version.
    const page = await web.get(`/sns-accounts/${id}`);
    expect(page.text).toContain(`href="/sns-accounts/${id}/edit"`);
    expect(page.text).toContain('登録内容を変更する');
    const form = await web.get(`/sns-accounts/${id}/edit`);
    expect(form.status).toBe(200);
    expect(form.text).toContain('登録内容の変更');
    expect(form.text).toContain('圏域の行事を知らせるため');
    expect(form.text).toContain(`name="version" value="${draft.version}"`);
    expect(form.text).toMatch(new RegExp(`value="${manager.id}" selected`, 'u'));

    const fields: [string, string][] = [
      ['platform', 'X'],
      ['handle', '@okitama_edit'],
      ['url', 'https://x.com/okitama_edit'],
      ['displayName', '置賜広域行政事務組合'],
      ['operatorName', '総務課広報係'],
      ['purpose', '圏域の行事及び防災の情報を知らせるため'],
      ['audience', '圏域の住民'],
      ['allowedCategories', 'EVENTS'],
      ['managerId', manager.id],
      ['posterIds', officer.id],
      ['loginDevices', '広報係の業務用端末'],
      ['unverifiedReason', '地方公共団体向けの認証制度がないため'],
      ['twoFactorEnabled', 'true'],
      ['twoFactorMethod', 'AUTHENTICATOR_APP'],
      ['websiteListingUrl', 'https://www.okitama.example.lg.jp/sns.html'],
    ];
    const saved = await submitForm(web, `/sns-accounts/${id}/edit`, `/sns-accounts/${id}/edit`, fields, {
      pageVersion: true,
    });
    expect(saved.status).toBe(303);
    expect(saved.headers.location).toBe(`/sns-accounts/${id}?flash=sns-edited`);
    const shown = await web.get(saved.headers.location);
    expect(shown.text).toContain('アカウント @okitama_edit の登録内容の変更を保存しました。');

    const edited = await read(id);
    expect(edited).toMatchObject({
      status: 'DRAFT',
      version: draft.version + 1,
      purpose: '圏域の行事及び防災の情報を知らせるため',
      twoFactorEnabled: true,
      twoFactorMethod: 'AUTHENTICATOR_APP',
      websiteListingUrl: 'https://www.okitama.example.lg.jp/sns.html',
      managerId: manager.id,
      loginDevices: ['広報係の業務用端末'],
    });
    expect(edited.posters.map((p) => p.id)).toEqual([officer.id]);
    expect(edited.allowedCategories.map((c) => c.code)).toEqual(['EVENTS']);

    const activated = await activate(edited);
    expect(activated.status).toBe(200);
    expect((activated.body as Account).status).toBe('ACTIVE');

    // A stale version is refused in the error summary, the typed values kept, and nothing is changed.
    const stale = await submitForm(web, `/sns-accounts/${id}/edit`, `/sns-accounts/${id}/edit`, [
      ...fields.filter(([name]) => name !== 'purpose'),
      ['purpose', '古い画面から送った目的'],
      ['version', String(draft.version)],
    ]);
    expect(stale.status).toBe(409);
    expect(stale.text).toContain('error-summary');
    expect(stale.text).toContain('他の操作によって更新されています');
    expect(stale.text).toContain('古い画面から送った目的');
    const after = await read(id);
    expect(after.version).toBe((activated.body as Account).version);
    expect(after.purpose).toBe('圏域の行事及び防災の情報を知らせるため');

    // An ACTIVE account cannot be edited out of two-factor authentication.
    const dropped = await submitForm(
      web,
      `/sns-accounts/${id}/edit`,
      `/sns-accounts/${id}/edit`,
      fields.filter(([name]) => name !== 'twoFactorEnabled' && name !== 'twoFactorMethod'),
      { pageVersion: true },
    );
    expect(dropped.status).not.toBe(303);
    expect(dropped.text).toContain('二要素認証が有効になっていないため');
    expect((await read(id)).twoFactorEnabled).toBe(true);
  });
});
