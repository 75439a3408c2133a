import type { Response } from 'supertest';
import { SNS_ACCOUNT_TRANSITIONS } from '../../src/modules/sns/sns-account.state';
import { SNS_POST_TRANSITIONS } from '../../src/modules/sns/sns-post.state';
import { pdfText, squash } from '../../src/modules/documents/testing/pdf-tools';
import { createContractor, createUserAndLogin, japanDatePlus } from '../factories';
import { routeInventory } from '../utils/route-inventory';
import { submitForm, webSignIn } from '../utils/web-agent';
import { expectRefusalsOutsideTable, walk } from '../utils/lifecycle';
import { ADMIN, bearer, login, startTestApp, type TestContext } from '../utils/test-app';

/**
 * Issue 18 (第6条第6号ウ): the social-media account register, its posts and incidents, and the public list of
 * official accounts. The expected lifecycle tables are written here apart from the code's.
 */

/** Expected account lifecycle: step → [from states, to]. */
const EXPECTED_ACCOUNT: Record<string, { from: string[] | null; to: string | null; managerOnly: boolean }> = {
  register: { from: null, to: 'DRAFT', managerOnly: false },
  edit: { from: ['DRAFT', 'ACTIVE', 'SUSPENDED'], to: null, managerOnly: false },
  activate: { from: ['DRAFT', 'SUSPENDED'], to: 'ACTIVE', managerOnly: true },
  suspend: { from: ['ACTIVE'], to: 'SUSPENDED', managerOnly: true },
  close: { from: ['DRAFT', 'ACTIVE', 'SUSPENDED'], to: 'CLOSED', managerOnly: true },
};
/** Expected post lifecycle: step → [from states, to, party]. */
const EXPECTED_POST: Record<string, { from: string[] | null; to: string; party: string }> = {
  draft: { from: null, to: 'DRAFT', party: 'POSTER' },
  submit: { from: ['DRAFT', 'RETURNED'], to: 'SUBMITTED', party: 'POSTER' },
  approve: { from: ['SUBMITTED'], to: 'APPROVED', party: 'MANAGER' },
  return: { from: ['SUBMITTED'], to: 'RETURNED', party: 'MANAGER' },
  publish: { from: ['APPROVED'], to: 'PUBLISHED', party: 'POSTER' },
  correct: { from: ['PUBLISHED', 'CORRECTED'], to: 'CORRECTED', party: 'POSTER' },
  delete: { from: ['PUBLISHED', 'CORRECTED'], to: 'DELETED', party: 'POSTER' },
};

interface Account {
  id: string;
  status: string;
  version: number;
  handle: string;
  posters: { id: string }[];
  allowedCategories: { code: string; title: string }[];
  posts?: { id: string; status: string }[];
  incidents?: { id: string; kind: string }[];
}
interface Post {
  id: string;
  status: string;
  version: number;
  approvalKind: string | null;
  publishedUrl: string | null;
  changeReason: string | null;
  decidedBy: string | null;
}

describe('SNS accounts (issue 18)', () => {
  let ctx: TestContext;
  let admin: string;
  let officer: { id: string; token: string; email: string; password: string };
  let manager: { id: string; token: string };
  let poster: { id: string; token: string };
  let auditor: string;
  let contractor: string;
  let seq = 0;

  const api = (method: 'get' | 'post' | 'patch', url: string, token: string) =>
    ctx
      .http()
      [method](url)
      .set(...bearer(token));

  const body = (overrides: Record<string, unknown> = {}) => {
    seq += 1;
    return {
      platform: 'X',
      handle: `@okitama_${seq}`,
      url: `https://x.com/okitama_${seq}`,
      displayName: '置賜広域行政事務組合',
      operatorName: '総務課広報係',
      purpose: '圏域の住民に、行事、窓口及び防災に関する情報を速やかに届けるため',
      audience: '圏域の住民',
      allowedCategories: ['EVENTS', 'DISASTER_INFO'],
      forbiddenCategories: ['PERSONAL_INFO', 'UNPUBLISHED'],
      managerId: manager.id,
      posterIds: [poster.id],
      fastPathApproverIds: [officer.id],
      credentialCustodian: '総務課長',
      loginDevices: ['広報係の業務用端末'],
      twoFactorEnabled: true,
      twoFactorMethod: 'AUTHENTICATOR_APP',
      verified: false,
      unverifiedReason: '地方公共団体向けの認証制度がないため',
      websiteListingUrl: 'https://www.okitama.example.lg.jp/sns.html',
      profileText: '置賜広域行政事務組合 総務課広報係が運用しています。',
      ...overrides,
    };
  };

  async function register(overrides: Record<string, unknown> = {}): Promise<Account> {
    const res = await api('post', '/api/sns-accounts', officer.token).send(body(overrides));
    expect(res.status).toBe(201);
    return res.body as Account;
  }

  async function step(account: Account, name: string, token: string, reason?: string): Promise<Response> {
    return api('post', `/api/sns-accounts/${account.id}/${name}`, token).send({
      version: account.version,
      ...(reason && name !== 'activate' ? { reason } : {}),
    });
  }

  async function active(overrides: Record<string, unknown> = {}): Promise<Account> {
    const account = await register(overrides);
    const res = await step(account, 'activate', manager.token);
    expect(res.status).toBe(200);
    return res.body as Account;
  }

  async function officialJson(): Promise<{ accounts: { handle: string; url: string; operator: string }[] }> {
    const res = await ctx.http().get('/official-accounts.json');
    expect(res.status).toBe(200);
    return res.body as { accounts: { handle: string; url: string; operator: string }[] };
  }

  beforeAll(async () => {
    ctx = await startTestApp();
    admin = await login(ctx, ADMIN.email, ADMIN.password);
    officer = await createUserAndLogin(ctx, admin, 'OFFICER');
    manager = await createUserAndLogin(ctx, admin, 'OFFICER');
    poster = await createUserAndLogin(ctx, admin, 'OFFICER');
    auditor = (await createUserAndLogin(ctx, admin, 'AUDITOR')).token;
    const company = await createContractor(ctx, officer.token, { name: 'SNS試験株式会社' });
    contractor = (await createUserAndLogin(ctx, admin, 'CONTRACTOR', company.id)).token;
  });
  afterAll(async () => ctx.close());

  describe('lifecycle tables', () => {
    it('should match the expected account table', () => {
      const actual = Object.fromEntries(
        Object.entries(SNS_ACCOUNT_TRANSITIONS).map(([k, t]) => [
          k,
          { from: t.from ? [...t.from] : null, to: t.to, managerOnly: t.managerOnly },
        ]),
      );
      expect(actual).toEqual(EXPECTED_ACCOUNT);
    });

    it('should match the expected post table', () => {
      const actual = Object.fromEntries(
        Object.entries(SNS_POST_TRANSITIONS).map(([k, t]) => [
          k,
          { from: t.from ? [...t.from] : null, to: t.to, party: t.party },
        ]),
      );
      expect(actual).toEqual(EXPECTED_POST);
    });

    it('should refuse every account step outside the table over HTTP (409 SNS.INVALID_TRANSITION)', async () => {
      // The way to each state from a new DRAFT: each step with its reason.
      const PATH_TO: Record<string, [string, string][]> = {
        DRAFT: [],
        ACTIVE: [['activate', '']],
        SUSPENDED: [
          ['activate', ''],
          ['suspend', '点検のため'],
        ],
        CLOSED: [['close', '運用を終えたため']],
      };
      const steps = ['activate', 'suspend', 'close'] as const;
      const tried = await expectRefusalsOutsideTable({
        states: ['DRAFT', 'ACTIVE', 'SUSPENDED', 'CLOSED'],
        steps,
        roles: ['MANAGER'] as const,
        allowed: (name, _role, state) => EXPECTED_ACCOUNT[name].from!.includes(state),
        // A new account for each step, as a refused one must leave it where the walk put it.
        subjectPerCase: true,
        subjectIn: async (state) => {
          const account = await walk(await register(), PATH_TO[state], (a, s, reason) =>
            step(a, s, manager.token, reason || undefined),
          );
          expect(account.status).toBe(state);
          return account;
        },
        take: (account, name) => step(account, name, manager.token, '理由'),
        answerOf: (res) => [res.status, (res.body as { code: string }).code],
        refusal: () => [409, 'SNS.INVALID_TRANSITION'],
        read: async (account) =>
          (await api('get', `/api/sns-accounts/${account.id}`, auditor)).body as Account,
      });
      expect(tried).toBe(4 * steps.length - steps.flatMap((name) => EXPECTED_ACCOUNT[name].from!).length);
    });

    it('should leave the account steps to its 責任者 or ADMIN (403 SNS.NOT_MANAGER for another officer)', async () => {
      const account = await register();
      const refused = await step(account, 'activate', officer.token);
      expect(refused.status).toBe(403);
      expect((refused.body as { code: string }).code).toBe('SNS.NOT_MANAGER');
      const byAdmin = await step(account, 'activate', admin);
      expect(byAdmin.status).toBe(200);
      expect((byAdmin.body as Account).status).toBe('ACTIVE');
    });
  });

  describe('register and activation', () => {
    it('should register an account with its categories, people and protection, as DRAFT', async () => {
      const account = await register();
      expect(account.status).toBe('DRAFT');
      expect(account.allowedCategories.map((c) => c.title)).toEqual(['行事・催しの案内', '防災・災害情報']);
      expect(account.posters.map((p) => p.id)).toEqual([poster.id]);
      const read = await api('get', `/api/sns-accounts/${account.id}`, auditor);
      expect((read.body as Account).handle).toBe(account.handle);
    });

    it('should refuse unknown or misplaced categories and non-staff users', async () => {
      const unknown = await api('post', '/api/sns-accounts', officer.token).send(
        body({ allowedCategories: ['PERSONAL_INFO'] }),
      );
      expect(unknown.status).toBe(400);
      expect((unknown.body as { code: string }).code).toBe('SNS.UNKNOWN_CATEGORY');
      const me = await api('get', '/api/auth/me', contractor);
      const outsider = await api('post', '/api/sns-accounts', officer.token).send(
        body({ posterIds: [(me.body as { id: string }).id] }),
      );
      expect(outsider.status).toBe(422);
      expect((outsider.body as { code: string }).code).toBe('SNS.USER_INVALID');
      const service = await api('post', '/api/sns-accounts', officer.token).send(
        body({ externalServiceId: '00000000-0000-4000-8000-000000000000' }),
      );
      expect(service.status).toBe(422);
      expect((service.body as { code: string }).code).toBe('SNS.EXTERNAL_SERVICE_INVALID');
    });

    it('should refuse activation without a 責任者, 2FA or a website listing, each with its code', async () => {
      for (const [overrides, code] of [
        [{ managerId: null }, 'SNS.ACTIVATION_NO_MANAGER'],
        [{ twoFactorEnabled: false, twoFactorMethod: null }, 'SNS.ACTIVATION_NO_TWO_FACTOR'],
        [{ websiteListingUrl: null }, 'SNS.ACTIVATION_NO_WEBSITE_LISTING'],
      ] as const) {
        const account = await register(overrides);
        const res = await step(account, 'activate', admin);
        expect({ status: res.status, code: (res.body as { code: string }).code }).toEqual({
          status: 422,
          code,
        });
        const after = await api('get', `/api/sns-accounts/${account.id}`, officer.token);
        expect((after.body as Account).status).toBe('DRAFT');
        expect((await officialJson()).accounts.map((a) => a.handle)).not.toContain(account.handle);
      }
    });

    it('should list an ACTIVE account publicly (JSON and HTML) and refuse to drop 2FA while active', async () => {
      const account = await active();
      const listed = (await officialJson()).accounts.find((a) => a.handle === account.handle);
      expect(listed).toEqual({
        platform: 'X',
        platformName: 'X（旧Twitter）',
        handle: account.handle,
        url: `https://x.com/${account.handle.slice(1)}`,
        displayName: '置賜広域行政事務組合',
        operator: '総務課広報係',
      });
      const html = await ctx.http().get('/official-accounts');
      expect(html.status).toBe(200);
      expect(html.headers['cache-control']).toContain('no-store');
      expect(html.text).toContain('公式SNSアカウント一覧');
      expect(html.text).toContain(account.handle);
      const drop = await api('patch', `/api/sns-accounts/${account.id}`, officer.token).send({
        version: account.version,
        twoFactorEnabled: false,
      });
      expect(drop.status).toBe(422);
      expect((drop.body as { code: string }).code).toBe('SNS.ACTIVATION_NO_TWO_FACTOR');
    });

    it('should edit with optimistic locking (stale → 409)', async () => {
      const account = await register();
      const ok = await api('patch', `/api/sns-accounts/${account.id}`, officer.token).send({
        version: account.version,
        audience: '圏域の住民及び観光客',
      });
      expect(ok.status).toBe(200);
      expect((ok.body as { audience: string }).audience).toBe('圏域の住民及び観光客');
      const stale = await api('patch', `/api/sns-accounts/${account.id}`, officer.token).send({
        version: account.version,
        audience: '古い版',
      });
      expect(stale.status).toBe(409);
    });

    it('should keep contractors out (403) and let the auditor read only', async () => {
      expect((await api('get', '/api/sns-accounts', contractor)).status).toBe(403);
      expect((await api('post', '/api/sns-accounts', auditor).send(body())).status).toBe(403);
      const list = await api('get', '/api/sns-accounts', auditor);
      expect(list.status).toBe(200);
    });
  });

  describe('posts', () => {
    async function draft(account: Account, extra: Record<string, unknown> = {}): Promise<Response> {
      return api('post', `/api/sns-accounts/${account.id}/posts`, poster.token).send({
        text: '夏の防災訓練を8月25日に実施します。',
        informationClass: 1,
        ...extra,
      });
    }

    it('should refuse to submit a post marked 機密性2 (SNS.CLASS_NOT_PUBLIC), on drafting and later', async () => {
      const account = await active();
      const atOnce = await draft(account, { informationClass: 2, submit: true });
      expect(atOnce.status).toBe(422);
      expect((atOnce.body as { code: string }).code).toBe('SNS.CLASS_NOT_PUBLIC');
      const drafted = await draft(account, { informationClass: 2 });
      expect(drafted.status).toBe(201);
      const post = drafted.body as Post;
      const submit = await api('post', `/api/sns-posts/${post.id}/submit`, poster.token).send({
        version: post.version,
      });
      expect(submit.status).toBe(422);
      expect((submit.body as { code: string }).code).toBe('SNS.CLASS_NOT_PUBLIC');
      const after = await api('get', `/api/sns-posts/${post.id}`, auditor);
      expect((after.body as Post).status).toBe('DRAFT');
    });

    it('should take a post through submit, send-back, approval, publication, correction and deletion', async () => {
      const account = await active();
      const notPoster = await api('post', `/api/sns-accounts/${account.id}/posts`, officer.token).send({
        text: '担当外の投稿',
        informationClass: 1,
      });
      expect(notPoster.status).toBe(403);
      expect((notPoster.body as { code: string }).code).toBe('SNS.NOT_POSTER');
      let post = (await draft(account, { submit: true })).body as Post;
      expect(post.status).toBe('SUBMITTED');
      const byOther = await api('post', `/api/sns-posts/${post.id}/decision`, poster.token).send({
        version: post.version,
        approved: true,
      });
      expect((byOther.body as { code: string }).code).toBe('SNS.NOT_MANAGER');
      const back = await api('post', `/api/sns-posts/${post.id}/decision`, manager.token).send({
        version: post.version,
        approved: false,
        comment: '日時の表記を確認すること。',
      });
      post = back.body as Post;
      expect(post.status).toBe('RETURNED');
      post = (
        await api('post', `/api/sns-posts/${post.id}/submit`, poster.token).send({ version: post.version })
      ).body as Post;
      const approved = await api('post', `/api/sns-posts/${post.id}/decision`, manager.token).send({
        version: post.version,
        approved: true,
      });
      post = approved.body as Post;
      expect(post).toMatchObject({ status: 'APPROVED', approvalKind: 'NORMAL', decidedBy: manager.id });
      const published = await api('post', `/api/sns-posts/${post.id}/publication`, poster.token).send({
        version: post.version,
        url: 'https://x.com/okitama/status/1',
        publishedAt: new Date(Date.now() - 60_000).toISOString(),
      });
      post = published.body as Post;
      expect(post).toMatchObject({ status: 'PUBLISHED', publishedUrl: 'https://x.com/okitama/status/1' });
      const corrected = await api('post', `/api/sns-posts/${post.id}/correction`, poster.token).send({
        version: post.version,
        reason: '訓練の日付に誤りがあったため',
        text: '夏の防災訓練を8月26日に実施します。',
      });
      post = corrected.body as Post;
      expect(post).toMatchObject({ status: 'CORRECTED', changeReason: '訓練の日付に誤りがあったため' });
      const deleted = await api('post', `/api/sns-posts/${post.id}/deletion`, poster.token).send({
        version: post.version,
        reason: '訓練が中止となったため',
      });
      expect((deleted.body as Post).status).toBe('DELETED');
      const again = await api('post', `/api/sns-posts/${post.id}/deletion`, poster.token).send({
        version: (deleted.body as Post).version,
        reason: '再度',
      });
      expect(again.status).toBe(409);
      expect((again.body as { code: string }).code).toBe('SNS.INVALID_TRANSITION');
      const read = await api('get', `/api/sns-accounts/${account.id}`, auditor);
      expect((read.body as Account).posts?.map((p) => p.status)).toContain('DELETED');
    });

    it('should let a designated person approve at once in a disaster, recorded as such', async () => {
      const account = await active();
      const post = (await draft(account, { submit: true, text: '避難所を開設しました。' })).body as Post;
      const res = await api('post', `/api/sns-posts/${post.id}/decision`, officer.token).send({
        version: post.version,
        approved: true,
        disaster: true,
      });
      expect(res.status).toBe(200);
      expect(res.body as Post).toMatchObject({
        status: 'APPROVED',
        approvalKind: 'DISASTER',
        decidedBy: officer.id,
      });
    });
  });

  describe('incidents', () => {
    it('should suspend the account on a takeover and remove it from /official-accounts.json at once', async () => {
      const account = await active();
      expect((await officialJson()).accounts.map((a) => a.handle)).toContain(account.handle);
      const res = await api('post', `/api/sns-accounts/${account.id}/incidents`, officer.token).send({
        kind: 'TAKEOVER',
        detectedAt: new Date(Date.now() - 3_600_000).toISOString(),
        summary: '身に覚えのない投稿が行われ、パスワードが変更されていた。',
        credentialsReset: true,
        sessionsRevoked: true,
        postsChecked: false,
        timeline: [
          { at: new Date(Date.now() - 3_000_000).toISOString(), note: 'プラットフォームに連絡した。' },
          { at: new Date(Date.now() - 3_500_000).toISOString(), note: '不審な投稿を確認した。' },
        ],
      });
      expect(res.status).toBe(201);
      expect((res.body as { timeline: { note: string }[] }).timeline.map((e) => e.note)).toEqual([
        '不審な投稿を確認した。',
        'プラットフォームに連絡した。',
      ]);
      expect((await officialJson()).accounts.map((a) => a.handle)).not.toContain(account.handle);
      const html = await ctx.http().get('/official-accounts');
      expect(html.text).not.toContain(account.handle);
      const read = (await api('get', `/api/sns-accounts/${account.id}`, auditor)).body as Account;
      expect(read.status).toBe('SUSPENDED');
      expect(read.incidents?.map((i) => i.kind)).toEqual(['TAKEOVER']);
      const reactivated = await step(read, 'activate', manager.token);
      expect((reactivated.body as Account).status).toBe('ACTIVE');
      expect((await officialJson()).accounts.map((a) => a.handle)).toContain(account.handle);
    });

    it('should record an impersonation without suspending, and refuse fields of the other kind', async () => {
      const account = await active();
      const wrong = await api('post', `/api/sns-accounts/${account.id}/incidents`, officer.token).send({
        kind: 'IMPERSONATION',
        detectedAt: new Date().toISOString(),
        summary: '本団体の名称を用いたアカウントを確認した。',
        sessionsRevoked: true,
        timeline: [],
      });
      expect(wrong.status).toBe(400);
      expect((wrong.body as { code: string }).code).toBe('SNS.INCIDENT_FIELDS_MISMATCH');
      const res = await api('post', `/api/sns-accounts/${account.id}/incidents`, officer.token).send({
        kind: 'IMPERSONATION',
        detectedAt: new Date().toISOString(),
        summary: '本団体の名称を用いたアカウントを確認した。',
        impostorUrl: 'https://x.com/okitama_fake',
        reportedToPlatformOn: '2026-12-01',
        residentsWarnedWhere: '本団体のウェブサイト及び公式アカウント',
        timeline: [{ at: new Date().toISOString(), note: 'プラットフォームに報告した。' }],
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ kind: 'IMPERSONATION', reportedToPlatformOn: '2026-12-01' });
      const read = (await api('get', `/api/sns-accounts/${account.id}`, auditor)).body as Account;
      expect(read.status).toBe('ACTIVE');
    });
  });

  describe('運用方針', () => {
    const pdfOf = async (id: string, token: string): Promise<Response> =>
      api('get', `/api/sns-accounts/${id}/policy.pdf`, token)
        .buffer(true)
        .parse((res, done) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => done(null, Buffer.concat(chunks)));
        });

    it('should issue the 運用方針 with a 文書番号 at the first activation, and keep it through a reactivation', async () => {
      const draft = await register();
      const none = await api('get', `/api/sns-accounts/${draft.id}/policy.pdf`, auditor);
      expect(none.status).toBe(404);
      expect((none.body as { code: string }).code).toBe('SNS.NO_POLICY');
      const account = (await step(draft, 'activate', manager.token)).body as Account & {
        policyDocument: { documentNumber: string | null } | null;
      };
      expect(account.policyDocument?.documentNumber).toMatch(/第\d+号/u);
      const res = await pdfOf(account.id, auditor);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('application/pdf');
      const text = squash(pdfText(res.body as Buffer, 'plain').join('\n'));
      for (const expected of [
        account.policyDocument?.documentNumber ?? '',
        'ソーシャルメディアアカウント運用方針',
        account.handle,
        '情報セキュリティ基本方針第6条第6号ウ',
        '行事・催しの案内',
        '二要素認証を有効とし、その方式は認証アプリとする。',
      ])
        expect({ expected, found: text.includes(squash(expected)) }).toEqual({ expected, found: true });
      const suspended = (await step(account, 'suspend', manager.token, '点検のため')).body as Account;
      const again = (await step(suspended, 'activate', manager.token)).body as typeof account;
      expect(again.policyDocument?.documentNumber).toBe(account.policyDocument?.documentNumber);
      const second = await pdfOf(account.id, auditor);
      expect((second.body as Buffer).equals(res.body as Buffer)).toBe(true);
    });
  });

  describe('reminders', () => {
    it('should remind a quiet account, the yearly review after April and the 運用方針 review, each once', async () => {
      const boss = await createUserAndLogin(ctx, admin, 'OFFICER');
      const writer = await createUserAndLogin(ctx, admin, 'OFFICER');
      const account = await register({ managerId: boss.id, posterIds: [writer.id], fastPathApproverIds: [] });
      expect((await step(account, 'activate', boss.token)).status).toBe(200);
      const today = japanDatePlus(0);
      const year = Number(today.slice(0, 4));
      const run = async (day: string) => {
        const res = await api('post', '/api/notifications/run-reminders', admin).send({ today: day });
        expect(res.status).toBe(200);
        return res.body as { sources: { name: string; planned: number; created: number }[] };
      };
      const mine = async (token: string) =>
        (
          (await api('get', '/api/notifications?limit=100', token)).body as {
            items: { kind: string; subject: string; body: string; link: string | null }[];
          }
        ).items.filter((n) => n.link === `/sns-accounts/${account.id}`);
      const june = `${year + 1}-06-01`;
      const first = await run(june);
      expect(first.sources.map((s) => s.name)).toContain('sns-accounts');
      const bossKinds = (await mine(boss.token)).map((n) => n.kind).sort();
      const anniversaryPassed = today.slice(5) <= '06-01';
      expect(bossKinds).toEqual(
        ['sns-idle', 'sns-yearly-review', ...(anniversaryPassed ? ['sns-policy-review'] : [])].sort(),
      );
      const writerNotes = await mine(writer.token);
      expect(writerNotes.map((n) => n.kind)).toEqual(['sns-idle']);
      expect(writerNotes[0].subject).toContain(account.handle);
      expect(writerNotes[0].body).toContain('投稿が記録されていません');
      const review = (await mine(boss.token)).find((n) => n.kind === 'sns-yearly-review');
      expect(review?.body).toContain('二要素認証');
      // Once: the same day again adds nothing; the next January brings the 運用方針 review (once).
      await run(june);
      expect(await mine(boss.token)).toHaveLength(bossKinds.length);
      await run(`${year + 2}-01-15`);
      const after = (await mine(boss.token)).map((n) => n.kind);
      expect(after.filter((k) => k === 'sns-policy-review').length).toBeGreaterThanOrEqual(1);
      expect(after.filter((k) => k === 'sns-idle')).toHaveLength(1);
      expect(after.filter((k) => k === 'sns-yearly-review')).toHaveLength(1);
    });
  });

  describe('web pages', () => {
    it('should register an account through the form, a refused one kept as typed', async () => {
      const web = await webSignIn(ctx, officer.email, officer.password);
      const form = await web.get('/sns-accounts/new');
      expect(form.status).toBe(200);
      expect(form.text).toContain('行事・催しの案内');
      const fields: [string, string][] = [
        ['platform', 'INSTAGRAM'],
        ['url', 'https://www.instagram.com/okitama_web'],
        ['displayName', '置賜広域行政事務組合'],
        ['operatorName', '総務課広報係'],
        ['purpose', '圏域の魅力を写真で伝えるため'],
        ['audience', '圏域の住民及び観光客'],
        ['allowedCategories', 'EVENTS'],
        ['forbiddenCategories', 'PERSONAL_INFO'],
        ['managerId', manager.id],
        ['posterIds', poster.id],
        ['loginDevices', '広報係の業務用端末\n広報係のタブレット'],
        ['twoFactorEnabled', 'true'],
        ['twoFactorMethod', 'SECURITY_KEY'],
        ['verified', 'true'],
        ['websiteListingUrl', 'https://www.okitama.example.lg.jp/sns.html'],
      ];
      const refused = await submitForm(web, '/sns-accounts/new', '/sns-accounts/new', fields);
      expect(refused.status).toBe(400);
      expect(refused.text).toContain('圏域の魅力を写真で伝えるため');
      const done = await submitForm(web, '/sns-accounts/new', '/sns-accounts/new', [
        ...fields,
        ['handle', '@okitama_web'],
      ]);
      expect(done.status).toBe(303);
      const id = /\/sns-accounts\/([0-9a-f-]{36})/u.exec(done.headers.location)?.[1] ?? '';
      const read = (await api('get', `/api/sns-accounts/${id}`, auditor)).body as Account & {
        loginDevices: string[];
        twoFactorMethod: string;
      };
      expect(read).toMatchObject({
        handle: '@okitama_web',
        status: 'DRAFT',
        twoFactorMethod: 'SECURITY_KEY',
        loginDevices: ['広報係の業務用端末', '広報係のタブレット'],
      });
      expect(read.posters.map((p) => p.id)).toEqual([poster.id]);
    });

    it('should activate after the confirmation, refuse a 機密性2 post beside its field, and let the 責任者 approve', async () => {
      const boss = await createUserAndLogin(ctx, admin, 'OFFICER');
      const writer = await createUserAndLogin(ctx, admin, 'OFFICER');
      const account = await register({ managerId: boss.id, posterIds: [writer.id] });
      const bossWeb = await webSignIn(ctx, boss.email, boss.password);
      const page = `/sns-accounts/${account.id}`;
      const list = await bossWeb.get('/sns-accounts');
      expect(list.text).toContain(account.handle);
      expect(list.text).toContain('SNSアカウント');
      const asked = await submitForm(bossWeb, page, `${page}/activate`, { version: String(account.version) });
      expect(asked.status).toBe(200);
      expect(asked.text).toContain('SNSアカウントの運用開始の確認');
      expect((await api('get', `/api/sns-accounts/${account.id}`, auditor)).body).toMatchObject({
        status: 'DRAFT',
      });
      const done = await submitForm(bossWeb, page, `${page}/activate`, {
        version: String(account.version),
        confirm: 'yes',
      });
      expect(done.status).toBe(303);
      expect(done.headers.location).toBe(`${page}?flash=sns-activated`);
      const shown = await bossWeb.get(done.headers.location);
      expect(shown.text).toContain('運用を開始しました');
      expect(shown.text).toContain('運用方針（PDF）');

      const writerWeb = await webSignIn(ctx, writer.email, writer.password);
      const refused = await submitForm(writerWeb, page, `${page}/posts`, {
        postText: '内部の検討資料を共有します。',
        informationClass: '2',
      });
      expect(refused.status).toBe(422);
      expect(refused.text).toContain('機密性2の情報はSNSで発信できません');
      expect(refused.text).toContain('内部の検討資料を共有します。');
      const sent = await submitForm(writerWeb, page, `${page}/posts`, {
        postText: '夏の防災訓練を実施します。',
        informationClass: '1',
      });
      expect(sent.status).toBe(303);
      const read = (await api('get', `/api/sns-accounts/${account.id}`, auditor)).body as {
        posts: { id: string; status: string; version: number }[];
      };
      const post = read.posts[0];
      expect(post.status).toBe('SUBMITTED');
      const approved = await submitForm(bossWeb, page, `${page}/posts/${post.id}/decision`, {
        version: String(post.version),
        approved: 'true',
      });
      expect(approved.status).toBe(303);
      expect((await api('get', `/api/sns-posts/${post.id}`, auditor)).body).toMatchObject({
        status: 'APPROVED',
      });
    });
  });

  describe('public routes', () => {
    it('should keep everything but sign-in, health, static and the official-accounts list behind sign-in', async () => {
      const open = routeInventory(ctx.app)
        .filter((r) => r.rule?.kind === 'public')
        .map((r) => r.route)
        .sort();
      expect(open).toEqual([
        'GET /health',
        'GET /login',
        'GET /official-accounts',
        'GET /official-accounts.json',
        'POST /api/auth/login',
        'POST /login',
      ]);
      for (const { route, rule } of routeInventory(ctx.app)) {
        if (rule?.kind === 'public') continue;
        const [method, path] = route.split(' ');
        const url = path.replace(/:[A-Za-z]+/g, '00000000-0000-4000-8000-000000000000');
        const res = await ctx
          .http()
          [method.toLowerCase() as 'get' | 'post' | 'patch' | 'put' | 'delete'](url)
          .send({});
        expect({ route, open: res.status >= 200 && res.status < 300 }).toEqual({ route, open: false });
      }
      const json = await officialJson();
      for (const a of json.accounts)
        expect(Object.keys(a).sort()).toEqual([
          'displayName',
          'handle',
          'operator',
          'platform',
          'platformName',
          'url',
        ]);
    });
  });
});
