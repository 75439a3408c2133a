import { MoreThan } from 'typeorm';
import { AuditChainHead, AuditEvent } from '../../src/modules/audit/audit-event.entity';
import { createContractor } from '../factories';
import { ADMIN, login, type TestContext } from '../utils/test-app';
import { apiContext, expectAccessible, signIn, startBrowserTest, type BrowserContext } from './support';

/**
 * The 監査ログ page in a real browser, each state checked with axe-core: no checkpoint yet, a checkpoint made by the
 * administrator, the verification against it, and the verification after the newest rows were cut (issue 13).
 */
describe('監査ログ and its checkpoints in a real browser, checked with axe-core', () => {
  let ctx: BrowserContext;
  let api: TestContext;

  beforeAll(async () => {
    ctx = await startBrowserTest();
    api = apiContext(ctx);
    const adminToken = await login(api, ADMIN.email, ADMIN.password);
    for (let i = 0; i < 3; i++) await createContractor(api, adminToken);
  });
  afterAll(async () => ctx.close());

  it('should let the administrator make a checkpoint and show a verification against it, then the cut it finds', async () => {
    const page = await signIn(ctx, ADMIN.email, ADMIN.password);
    await page.goto(`${ctx.baseUrl}/audit`);
    await expect(page.getByText('チェックポイントはまだ作成されていません。').isVisible()).resolves.toBe(
      true,
    );
    await expectAccessible(page, 'audit-no-checkpoint');

    await page.getByRole('button', { name: 'チェックポイントを作成する' }).click();
    await page.waitForURL(/\/audit\?flash=checkpoint-created$/u);
    await expect(
      page.getByRole('status').filter({ hasText: 'チェックポイントを作成しました' }).isVisible(),
    ).resolves.toBe(true);
    await expect(page.getByText('管理者による作成').isVisible()).resolves.toBe(true);
    await expectAccessible(page, 'audit-checkpoint');

    await page.getByRole('button', { name: '検証する' }).click();
    await page.waitForURL(/verify=1/u);
    await expect(page.getByRole('status').filter({ hasText: '改ざんなし' }).textContent()).resolves.toMatch(
      /チェックポイント（番号\d+、.+作成、システムに記録された最新のもの）とも一致しました。/u,
    );
    await expectAccessible(page, 'audit-verified');

    // The red team's cut: the newest rows deleted and the head rewound to the row before the checkpoint.
    const m = api.dataSource.manager;
    const head = await m.findOneByOrFail(AuditChainHead, { id: 1 });
    const keep = String(Number(head.lastSeq) - 3);
    await m.delete(AuditEvent, { seq: MoreThan(keep) });
    const last = await m.findOneByOrFail(AuditEvent, { seq: keep });
    await m.update(AuditChainHead, { id: 1 }, { lastSeq: last.seq, lastHash: last.hash });
    await page.reload();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('チェックポイントと一致しません');
    await expectAccessible(page, 'audit-cut');
  });
});
