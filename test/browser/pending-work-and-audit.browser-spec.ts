import { Assessment } from '../../src/modules/assessments/assessment.entity';
import {
  createApprovedContract,
  createContractor,
  createUserAndLogin,
  japanDatePlus,
  subcontractRequestBody,
} from '../factories';
import { ADMIN, bearer, login, type TestContext } from '../utils/test-app';
import { apiContext, expectAccessible, signIn, startBrowserTest, type BrowserContext } from './support';

/**
 * Issue 15 in a real browser, each page checked with axe-core: ホーム with a 再委託 request and a changed roster
 * waiting, the dashboard whose overdue figure opens the list it counts, and the audit log in names and Japanese,
 * narrowed to one object.
 */
describe('pending work, the dashboard and the audit log in a real browser, checked with axe-core', () => {
  let ctx: BrowserContext;
  let api: TestContext;
  let officer: { id: string; email: string; password: string; token: string };
  let contract: { id: string };
  let subcontractId: string;

  beforeAll(async () => {
    ctx = await startBrowserTest();
    api = apiContext(ctx);
    const adminToken = await login(api, ADMIN.email, ADMIN.password);
    officer = await createUserAndLogin(api, adminToken, 'OFFICER');
    const prime = await createContractor(api, adminToken, {
      name: '株式会社置賜情報サービス',
      nameKana: 'オキタマジョウホウサービス',
    });
    const primeUser = await createUserAndLogin(api, adminToken, 'CONTRACTOR', prime.id);
    contract = await createApprovedContract(api, officer.token, prime.id, { officerUserId: officer.id });
    const requested = await api
      .http()
      .post(`/api/contracts/${contract.id}/subcontracts`)
      .set(...bearer(primeUser.token))
      .send(subcontractRequestBody());
    expect(requested.status).toBe(201);
    subcontractId = (requested.body as { id: string }).id;
    // A roster acknowledged, then changed: it waits for 受理 again.
    const worker = await api
      .http()
      .post(`/api/contracts/${contract.id}/workers`)
      .set(...bearer(primeUser.token))
      .send({ name: '髙橋 一郎', employerContractorId: prime.id, role: '運用担当', workLocation: '本庁舎' });
    expect(worker.status).toBe(201);
    const ack = await api
      .http()
      .post(`/api/contracts/${contract.id}/roster/acknowledgement`)
      .set(...bearer(officer.token))
      .send({ version: 1 });
    expect(ack.status).toBe(200);
    const changed = await api
      .http()
      .patch(`/api/contracts/${contract.id}/workers/${(worker.body as { id: string }).id}`)
      .set(...bearer(primeUser.token))
      .send({ version: 1, role: '運用責任者' });
    expect(changed.status).toBe(200);
    // One overdue self-assessment.
    const created = await api
      .http()
      .post('/api/assessments')
      .set(...bearer(officer.token))
      .send({ contractId: contract.id });
    expect(created.status).toBe(201);
    await api.dataSource.manager.update(
      Assessment,
      { id: (created.body as { id: string }).id },
      { dueDate: japanDatePlus(-2) },
    );
  });
  afterAll(async () => ctx.close());

  it('should show the officer what waits on ホーム, and open the 再委託 request from there', async () => {
    const page = await signIn(ctx, officer.email, officer.password);
    await page.goto(`${ctx.baseUrl}/`);
    const requests = page.getByRole('table', { name: '判断を待っている再委託の申請' });
    await expect(requests.getByText('米沢データ印刷株式会社').isVisible()).resolves.toBe(true);
    const rosters = page.getByRole('table', { name: '受理を待っている従事者名簿' });
    await expect(rosters.getByText('変更あり・未受理').isVisible()).resolves.toBe(true);
    await expectAccessible(page, 'home-pending-work');
    await requests.getByRole('link').first().click();
    await page.waitForURL(new RegExp(`/contracts/${contract.id}/subcontracts/${subcontractId}$`, 'u'));
  });

  it('should open the overdue list from the dashboard’s figure, with as many rows as the figure says', async () => {
    const page = await signIn(ctx, officer.email, officer.password);
    await page.goto(`${ctx.baseUrl}/dashboard`);
    await expectAccessible(page, 'dashboard-overdue');
    const figure = page.locator('#overdue-assessments-total');
    const count = Number(await figure.textContent());
    expect(count).toBe(1);
    await figure.click();
    await page.waitForURL(/\/assessments\?overdue=true$/u);
    await expect(page.locator('tbody tr').count()).resolves.toBe(count);
    await expectAccessible(page, 'assessments-overdue');
  });

  it('should show the audit log in names and Japanese, narrowed to one object', async () => {
    const page = await signIn(ctx, ADMIN.email, ADMIN.password);
    await page.goto(`${ctx.baseUrl}/audit`);
    await expectAccessible(page, 'audit-readable');
    await page.getByLabel('対象の種類').selectOption('subcontract');
    await page.getByLabel('対象の識別番号').fill(subcontractId);
    await page.getByRole('button', { name: '絞り込む' }).click();
    await page.waitForURL(/entityType=subcontract/u);
    const rows = page.getByRole('table', { name: '記録の一覧' });
    await expect(rows.getByRole('cell', { name: '再委託の承認の申請' }).isVisible()).resolves.toBe(true);
    await expect(rows.getByText('subcontract.request').count()).resolves.toBe(0);
    await expect(rows.getByText('受託者').first().isVisible()).resolves.toBe(true);
    await expectAccessible(page, 'audit-one-object');
  });
});
