import { createApprovedContract, createContractor, createUserAndLogin } from '../factories';
import { ADMIN, login, type TestContext } from '../utils/test-app';
import { apiContext, expectAccessible, signIn, startBrowserTest, type BrowserContext } from './support';

const HONCHO = '置賜広域行政事務組合本庁舎3階電算室';
const YONEZAWA = '乙の米沢開発センター（山形県米沢市）';

/**
 * The roster pages in a real browser, each state checked with axe-core: the contract form's list of places, the
 * roster with its places select and employment types, a refused entry, the officer's 受理, the edit page, and the
 * state after a later change.
 */
describe('the worker roster (従事者名簿) in a real browser, checked with axe-core', () => {
  let ctx: BrowserContext;
  let api: TestContext;
  let officer: { email: string; password: string };
  let contractor: { email: string; password: string };
  let contractId: string;
  let companyName: string;

  beforeAll(async () => {
    ctx = await startBrowserTest();
    api = apiContext(ctx);
    const adminToken = await login(api, ADMIN.email, ADMIN.password);
    const staff = await createUserAndLogin(api, adminToken, 'OFFICER');
    officer = staff;
    const company = await createContractor(api, adminToken, { name: '株式会社置賜名簿' });
    companyName = company.name;
    contractor = await createUserAndLogin(api, adminToken, 'CONTRACTOR', company.id);
    contractId = (
      await createApprovedContract(api, staff.token, company.id, { workLocations: [HONCHO, YONEZAWA] })
    ).id;
  });
  afterAll(async () => ctx.close());

  it('should let the officer name the places on the contract form', async () => {
    const page = await signIn(ctx, officer.email, officer.password);
    await page.goto(`${ctx.baseUrl}/contracts/new`);
    await page.getByLabel('作業場所').fill(`${HONCHO}\n${YONEZAWA}\n${HONCHO}`);
    await expectAccessible(page, 'contract-new-places');
    await page
      .getByRole('button', { name: /保存|登録|起案/u })
      .first()
      .click();
    await page.waitForLoadState('load');
    await expectAccessible(page, 'contract-new-places-error');
  });

  it('should let the contractor enter a dispatched worker at a named place, and the officer acknowledge the roster', async () => {
    const page = await signIn(ctx, contractor.email, contractor.password);
    await page.goto(`${ctx.baseUrl}/contracts/${contractId}/workers`);
    await expectAccessible(page, 'roster-empty');

    await page.getByLabel('氏名').fill('髙橋 一郎');
    await page.getByLabel('所属事業者').selectOption({ label: `${companyName}（受託者）` });
    await page.getByLabel('雇用形態').selectOption('DISPATCHED');
    await page.getByLabel('本業務における役割').fill('運用担当');
    await page.getByLabel('作業場所').selectOption(YONEZAWA);
    await page.getByRole('button', { name: '名簿に登録する' }).click();
    await page.waitForLoadState('load');
    // 派遣元 left blank: refused next to the field.
    await expect(page.locator('#form-error').isVisible()).resolves.toBe(true);
    await expectAccessible(page, 'roster-refused');

    await page.getByLabel('派遣元の事業者名').fill('株式会社米沢人材サービス');
    await page.getByRole('button', { name: '名簿に登録する' }).click();
    await page.waitForURL(/\/workers\?flash=worker-created&worker=[0-9a-f-]{36}$/u);
    await expect(page.getByRole('status').textContent()).resolves.toBe(
      '髙橋 一郎さんを従事者名簿に登録しました。',
    );
    await expect(page.getByRole('cell', { name: '派遣労働者' }).isVisible()).resolves.toBe(true);
    await expectAccessible(page, 'roster-one-entry');

    const staff = await signIn(ctx, officer.email, officer.password);
    await staff.goto(`${ctx.baseUrl}/contracts/${contractId}/workers`);
    await expectAccessible(staff, 'roster-before-acknowledgement');
    await staff.getByRole('button', { name: 'この名簿を受理する' }).click();
    await staff.waitForURL(/\/workers\?flash=acknowledged$/u);
    await expect(staff.getByText('従事者名簿を受理しました。').isVisible()).resolves.toBe(true);
    await expectAccessible(staff, 'roster-acknowledged');

    await page.getByRole('link', { name: '髙橋 一郎さんの登録内容を変更する' }).click();
    await page.waitForLoadState('load');
    await expectAccessible(page, 'roster-edit');
    await page.getByLabel('作業場所').selectOption(HONCHO);
    await page.getByRole('button', { name: '変更を保存する' }).click();
    await page.waitForURL(/\/workers\?flash=worker-saved&worker=[0-9a-f-]{36}$/u);
    await expect(page.getByRole('status').textContent()).resolves.toBe(
      '髙橋 一郎さんの登録内容を保存しました。',
    );

    await staff.goto(`${ctx.baseUrl}/contracts/${contractId}/workers`);
    await expect(staff.locator('dl.facts').textContent()).resolves.toContain('変更あり・未受理');
    await expectAccessible(staff, 'roster-changed');
  });
});
