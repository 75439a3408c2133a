import type TestAgent from 'supertest/lib/agent';
import { Like } from 'typeorm';
import { Assessment } from '../../src/modules/assessments/assessment.entity';
import { Notification } from '../../src/modules/notifications/notification.entity';
import { User } from '../../src/modules/users/user.entity';
import {
  createApprovedContract,
  createContractor,
  createUserAndLogin,
  japanDatePlus,
  subcontractRequestBody,
} from '../factories';
import type { AuditEventBody, PageBody } from '../utils/bodies';
import { ADMIN, bearer, login, startTestApp, type TestContext } from '../utils/test-app';
import { webSignIn } from '../utils/web-agent';

type Person = { id: string; email: string; password: string; token: string };

/**
 * Issue 15 (a first-day user): officers hear of a pending 再委託 request and of a roster changed after its 受理,
 * once, in the write's transaction; ホーム lists what waits for them; the dashboard's overdue figure is the count
 * of the list it links to; the audit log reads in names and Japanese, narrows by person, object and dates, and
 * exports the same rows as CSV.
 */
describe('pending work in sight, and an audit log an auditor can read', () => {
  let ctx: TestContext;
  let adminToken: string;
  let officer: Person;
  let otherOfficer: Person;
  let auditor: Person;
  let primeUser: Person;
  let prime: { id: string; name: string };
  let contract: { id: string; contractNumber: string };
  let admins: string[];
  let subcontractId: string;

  const signIn = (who: { email: string; password: string }): Promise<TestAgent> =>
    webSignIn(ctx, who.email, who.password);
  const api = (method: 'get' | 'post' | 'patch', path: string, token: string) =>
    ctx
      .http()
      [method](path)
      .set(...bearer(token));
  const notificationsOf = (prefix: string): Promise<Notification[]> =>
    ctx.dataSource.manager.find(Notification, {
      where: { dedupeKey: Like(`${prefix}%`) },
      order: { userId: 'ASC' },
    });
  const runReminders = async (): Promise<void> => {
    const res = await api('post', '/api/notifications/run-reminders', adminToken).send({});
    expect(res.status).toBe(200);
  };
  const sorted = (ids: string[]): string[] => [...ids].sort();

  beforeAll(async () => {
    ctx = await startTestApp();
    adminToken = await login(ctx, ADMIN.email, ADMIN.password);
    officer = await createUserAndLogin(ctx, adminToken, 'OFFICER');
    otherOfficer = await createUserAndLogin(ctx, adminToken, 'OFFICER');
    auditor = await createUserAndLogin(ctx, adminToken, 'AUDITOR');
    prime = await createContractor(ctx, adminToken, {
      name: '株式会社置賜情報サービス',
      nameKana: 'オキタマジョウホウサービス',
    });
    primeUser = await createUserAndLogin(ctx, adminToken, 'CONTRACTOR', prime.id);
    const approved = await createApprovedContract(ctx, officer.token, prime.id, {
      officerUserId: officer.id,
    });
    const read = await api('get', `/api/contracts/${approved.id}`, officer.token);
    contract = read.body as { id: string; contractNumber: string };
    admins = (await ctx.dataSource.manager.find(User, { where: { role: 'ADMIN', active: true } })).map(
      (u) => u.id,
    );
  });
  afterAll(async () => ctx.close());

  describe('再委託 requests', () => {
    const requestBody = subcontractRequestBody({ scope: '帳票の印刷及び封入封緘' });
    it('should notify the responsible officer and the administrators once, with the request in plain Japanese', async () => {
      const res = await api('post', `/api/contracts/${contract.id}/subcontracts`, primeUser.token).send(
        requestBody,
      );
      expect(res.status).toBe(201);
      subcontractId = (res.body as { id: string }).id;
      const rows = await notificationsOf(`subcontract-requested:${subcontractId}:`);
      // The contract names its officer: that officer and every administrator; not another officer, the
      // auditor or the contractor who asked.
      expect(sorted(rows.map((n) => n.userId))).toEqual(sorted([officer.id, ...admins]));
      for (const id of [otherOfficer.id, auditor.id, primeUser.id])
        expect(rows.map((n) => n.userId)).not.toContain(id);
      for (const n of rows) {
        expect(n.kind).toBe('subcontract-requested');
        expect(n.subject).toBe(
          `【委託先情報セキュリティ管理】再委託の承認の申請がありました（契約番号 ${contract.contractNumber}）`,
        );
        expect(n.body).toContain(
          `委託先（${prime.name}）から次の契約について、再委託の承認の申請がありました。`,
        );
        expect(n.body).toContain('再委託先を事業者として登録したうえで、承認又は不承認を決定してください。');
        expect(n.body).toContain('再委託先　：米沢データ印刷株式会社');
        expect(n.body).toContain('再委託の範囲：帳票の印刷及び封入封緘');
        expect(n.link).toBe(`/contracts/${contract.id}/subcontracts/${subcontractId}`);
        expect(n.readAt).toBeNull();
      }
    });

    it('should not notify again when the same request is sent again or the daily job runs', async () => {
      const before = await notificationsOf(`subcontract-requested:${subcontractId}:`);
      const again = await api('post', `/api/contracts/${contract.id}/subcontracts`, primeUser.token).send(
        requestBody,
      );
      // The same company proposed twice is refused as a duplicate; nothing is written, not even a notice.
      expect(again.status).toBe(409);
      await runReminders();
      await runReminders();
      const after = await notificationsOf(`subcontract-requested:${subcontractId}:`);
      expect(after.map((n) => n.id).sort()).toEqual(before.map((n) => n.id).sort());
      expect(
        await ctx.dataSource.manager.count(Notification, { where: { kind: 'subcontract-requested' } }),
      ).toBe(before.length);
    });

    it('should leave out the officer who entered a paper request, and name its sender as staff', async () => {
      const company = await createContractor(ctx, adminToken, { name: '長井システム株式会社' });
      const res = await api('post', `/api/contracts/${contract.id}/subcontracts`, officer.token).send({
        ...subcontractRequestBody(),
        subcontractor: undefined,
        contractorId: company.id,
      });
      expect(res.status).toBe(201);
      const id = (res.body as { id: string }).id;
      const rows = await notificationsOf(`subcontract-requested:${id}:`);
      expect(sorted(rows.map((n) => n.userId))).toEqual(sorted(admins));
      expect(rows[0].body).toContain('申請の内容を確認し、承認又は不承認を決定してください。');
      expect(rows[0].body).not.toContain('委託先（');
      // Withdrawn again, so that ホーム below shows the contractor's request alone.
      const withdrawn = await api('post', `/api/subcontracts/${id}/withdrawal`, officer.token).send({
        version: 1,
        reason: '書面の申請を取り下げたため',
      });
      expect(withdrawn.status).toBe(200);
    });
  });

  describe('the worker roster after 受理', () => {
    let workerId: string;
    const worker = (name: string) => ({
      name,
      employerContractorId: prime.id,
      role: '運用担当',
      workLocation: '置賜広域行政事務組合本庁舎',
    });
    const rosterVersion = async (): Promise<number> =>
      ((await api('get', `/api/contracts/${contract.id}/roster`, officer.token)).body as { version: number })
        .version;
    const acknowledge = async (): Promise<void> => {
      const res = await api(
        'post',
        `/api/contracts/${contract.id}/roster/acknowledgement`,
        officer.token,
      ).send({
        version: await rosterVersion(),
      });
      expect(res.status).toBe(200);
    };
    const patch = async (name: string): Promise<void> => {
      const current = (
        (await api('get', `/api/contracts/${contract.id}/workers`, officer.token)).body as PageBody<{
          id: string;
          version: number;
        }>
      ).items.find((w) => w.id === workerId);
      const res = await api(
        'patch',
        `/api/contracts/${contract.id}/workers/${workerId}`,
        primeUser.token,
      ).send({
        version: current?.version,
        name,
      });
      expect(res.status).toBe(200);
    };

    it('should say nothing while the roster was never acknowledged', async () => {
      const res = await api('post', `/api/contracts/${contract.id}/workers`, primeUser.token).send(
        worker('髙橋 一郎'),
      );
      expect(res.status).toBe(201);
      workerId = (res.body as { id: string }).id;
      expect(await notificationsOf(`roster-changed:${contract.id}:`)).toEqual([]);
    });

    it('should notify once per change set after 受理, however many edits and job runs follow', async () => {
      await acknowledge();
      await patch('髙橋 一朗');
      const first = await notificationsOf(`roster-changed:${contract.id}:`);
      expect(sorted(first.map((n) => n.userId))).toEqual(sorted([officer.id, ...admins]));
      for (const n of first) {
        expect(n.kind).toBe('roster-changed');
        expect(n.subject).toBe(
          `【委託先情報セキュリティ管理】受理済みの従事者名簿が変更されました（契約番号 ${contract.contractNumber}）`,
        );
        expect(n.body).toContain('次の契約の従事者名簿が、受理した後に変更されました。');
        expect(n.body).toContain(`委託先　：${prime.name}`);
        expect(n.link).toBe(`/contracts/${contract.id}/workers`);
      }
      await patch('髙橋 一郎');
      const added = await api('post', `/api/contracts/${contract.id}/workers`, primeUser.token).send(
        worker('斎藤 花子'),
      );
      expect(added.status).toBe(201);
      await runReminders();
      const still = await notificationsOf(`roster-changed:${contract.id}:`);
      expect(still.map((n) => n.id).sort()).toEqual(first.map((n) => n.id).sort());

      // 受理 again closes the change set; the next change opens a new one and is notified once more.
      await acknowledge();
      await patch('髙橋 一朗');
      await patch('髙橋 一郎');
      const second = await notificationsOf(`roster-changed:${contract.id}:`);
      expect(second).toHaveLength(first.length * 2);
      expect(new Set(second.map((n) => n.dedupeKey)).size).toBe(second.length);
    });
  });

  describe('ホーム and the dashboard', () => {
    it('should list the 再委託 request and the changed roster on the officer’s ホーム, with links', async () => {
      const web = await signIn(officer);
      const home = await web.get('/');
      expect(home.status).toBe(200);
      const requests = home.text.slice(home.text.indexOf('判断を待っている再委託の申請'));
      expect(requests).toContain(
        `<a href="/contracts/${contract.id}/subcontracts/${subcontractId}">${contract.contractNumber} `,
      );
      expect(requests).toContain('<td>米沢データ印刷株式会社</td>');
      expect(requests).toContain('<td>再委託先の登録及び承認の判断</td>');
      const rosters = home.text.slice(home.text.indexOf('受理を待っている従事者名簿'));
      expect(rosters).toContain(`<a href="/contracts/${contract.id}/workers">${contract.contractNumber} `);
      expect(rosters).toContain('<span class="status warn">変更あり・未受理</span>');
      // A contractor's ホーム has none of it.
      const contractorHome = await (await signIn(primeUser)).get('/');
      expect(contractorHome.text).not.toContain('判断を待っている再委託の申請');
    });

    it('should count overdue assessments as the list does, and link the figure to that list', async () => {
      for (let i = 0; i < 2; i++) {
        const other = await createApprovedContract(ctx, officer.token, prime.id);
        const created = await api('post', '/api/assessments', officer.token).send({ contractId: other.id });
        expect(created.status).toBe(201);
        await ctx.dataSource.manager.update(
          Assessment,
          { id: (created.body as { id: string }).id },
          { dueDate: japanDatePlus(-3 - i) },
        );
      }
      const list = await api('get', '/api/assessments?overdue=true&withTotal=true', officer.token);
      const total = (list.body as PageBody<unknown> & { total: number }).total;
      expect(total).toBeGreaterThanOrEqual(2);
      const web = await signIn(officer);
      const dashboard = await web.get('/dashboard');
      expect(dashboard.status).toBe(200);
      expect(dashboard.text).toContain(
        `<a href="/assessments?overdue=true" id="overdue-assessments-total">${total}</a>`,
      );
      const api2 = await api('get', '/api/dashboard', officer.token);
      expect((api2.body as { totals: { overdueAssessments: number } }).totals.overdueAssessments).toBe(total);
      // Its active contracts link to the contract list narrowed the same way, with as many rows.
      const row = (
        (await api('get', `/api/dashboard?contractorId=${prime.id}`, officer.token)).body as {
          contractors: { activeContracts: number }[];
        }
      ).contractors[0];
      const contracts = (
        await api(
          'get',
          `/api/contracts?contractorId=${prime.id}&status=ACTIVE&withTotal=true`,
          officer.token,
        )
      ).body as { total: number };
      expect(row.activeContracts).toBe(contracts.total);
      expect(dashboard.text).toContain(
        `<a href="/contracts?contractorId=${prime.id}&amp;status=ACTIVE">${contracts.total}</a>`,
      );
      // The contractor's own figure links to its own overdue list.
      const link = `/assessments?contractorId=${prime.id}&amp;overdue=true`;
      expect(dashboard.text).toContain(`<a href="${link}">`);
      const own = await web.get(link.replace('&amp;', '&'));
      expect(own.status).toBe(200);
      expect(own.text).toContain('一つの委託先の自己点検に限って表示しています。');
      expect((own.text.match(/<span class="status overdue">期限超過<\/span>/g) ?? []).length).toBe(
        (
          (
            await api(
              'get',
              `/api/assessments?overdue=true&contractorId=${prime.id}&withTotal=true`,
              officer.token,
            )
          ).body as { total: number }
        ).total,
      );
    });
  });

  describe('lists by date', () => {
    it('should list assessments for staff by due date, the latest first, across pages', async () => {
      type Dated = { id: string; dueDate: string };
      const all = (
        (await api('get', '/api/assessments?sort=due&limit=100', officer.token)).body as PageBody<Dated>
      ).items;
      expect(all.length).toBeGreaterThanOrEqual(2);
      const dues = all.map((a) => a.dueDate);
      expect(dues).toEqual([...dues].sort().reverse());
      // Page by page (one row each) gives the same rows once, in the same order.
      const walked: string[] = [];
      let cursor: string | null = null;
      do {
        const query: string = cursor ? `&cursor=${cursor}` : '';
        const page = (await api('get', `/api/assessments?sort=due&limit=1${query}`, officer.token))
          .body as PageBody<Dated>;
        walked.push(...page.items.map((a) => a.id));
        cursor = page.nextCursor;
      } while (cursor !== null);
      expect(walked).toEqual(all.map((a) => a.id));
      // The web list for staff is in that order.
      const web = await signIn(officer);
      const page = await web.get('/assessments');
      const listed = [...page.text.matchAll(/<a href="\/assessments\/([0-9a-f-]{36})">/g)].map((m) => m[1]);
      expect(listed.filter((id, i) => listed.indexOf(id) === i)).toEqual(all.map((a) => a.id));
      // An order the page does not offer falls back to its own, never an error naming a field.
      expect((await web.get('/assessments?sort=bogus')).status).toBe(200);
      expect((await api('get', '/api/assessments?sort=bogus', officer.token)).status).toBe(400);
    });
  });

  describe('the contract register', () => {
    it('should list contracts by the start of their term, the latest first, whatever order they were registered in', async () => {
      const stamp = Date.now();
      for (const [n, startDate] of [
        ['1', '2026-05-01'],
        ['2', '2026-07-01'],
        ['3', '2026-06-01'],
      ])
        await createApprovedContract(ctx, officer.token, prime.id, {
          contractNumber: `並び順-${stamp}-${n}`,
          startDate,
        });
      const web = await signIn(officer);
      const page = await web.get(`/contracts?q=${encodeURIComponent(`並び順-${stamp}`)}`);
      expect(page.status).toBe(200);
      const numbers = [...page.text.matchAll(new RegExp(`並び順-${stamp}-(\\d)`, 'g'))].map((m) => m[1]);
      expect(numbers.filter((n, i) => numbers.indexOf(n) === i)).toEqual(['2', '3', '1']);
      // The API keeps its own order unless asked.
      const apiOrder = (
        (await api('get', `/api/contracts?q=${encodeURIComponent(`並び順-${stamp}`)}`, officer.token))
          .body as PageBody<{ contractNumber: string }>
      ).items.map((c) => c.contractNumber.slice(-1));
      expect(apiOrder).toEqual(['3', '2', '1']);
    });
  });

  describe('the contractor register', () => {
    it('should list contractors in 五十音順 by フリガナ, across pages, whatever order they were registered in', async () => {
      const registered = [
        ['若葉商事株式会社（並び順）', 'ワカバショウジ'],
        ['青葉電産株式会社（並び順）', 'アオバデンサン'],
        ['学校システム株式会社（並び順）', 'ガッコウシステム'],
        ['楓ソフト株式会社（並び順）', 'カエデソフト'],
      ];
      for (const [name, nameKana] of registered) await createContractor(ctx, adminToken, { name, nameKana });
      const expected = [
        '青葉電産株式会社（並び順）',
        '楓ソフト株式会社（並び順）',
        '学校システム株式会社（並び順）',
        '若葉商事株式会社（並び順）',
      ];
      const web = await signIn(officer);
      const namesOn = (html: string): string[] =>
        [...html.matchAll(/>([^<>]+（並び順）)</g)]
          .map((m) => m[1])
          .filter((n, i, all) => all.indexOf(n) === i);
      const q = encodeURIComponent('（並び順）');
      const all = await web.get(`/contractors?q=${q}`);
      expect(all.status).toBe(200);
      expect(namesOn(all.text)).toEqual(expected);
      const first = await web.get(`/contractors?q=${q}&limit=2`);
      expect(namesOn(first.text)).toEqual(expected.slice(0, 2));
      const next = /<a href="([^"]+)" rel="next">/
        .exec(first.text)?.[1]
        ?.replace(/&amp;/g, '&')
        .replace(/&#x3D;/g, '=');
      expect(next).toBeDefined();
      const second = await web.get(next ?? '');
      expect(namesOn(second.text)).toEqual(expected.slice(2));
      expect(second.text).not.toContain('rel="next"');
    });
  });

  describe('the audit log', () => {
    let auditorWeb: TestAgent;
    beforeAll(async () => {
      auditorWeb = await signIn(auditor);
    });

    it('should show names, roles and Japanese action names, the object with its link, and readable details', async () => {
      const page = await auditorWeb.get(`/audit?entityType=subcontract&entityId=${subcontractId}`);
      expect(page.status).toBe(200);
      const contractorName = (await ctx.dataSource.manager.findOneByOrFail(User, { id: primeUser.id }))
        .displayName;
      expect(page.text).toContain(contractorName);
      expect(page.text).toContain('受託者');
      expect(page.text).toContain('<td>再委託の承認の申請</td>');
      expect(page.text).toContain(`<a href="/contracts/${contract.id}/subcontracts/${subcontractId}">`);
      expect(page.text).toContain('<dt>再委託の範囲</dt><dd>帳票の印刷及び封入封緘</dd>');
      expect(page.text).toContain(`<dt>契約</dt><dd>${contract.contractNumber} `);
      // No codes, no raw JSON.
      const rows = page.text.slice(page.text.indexOf('<h2 id="events">'));
      expect(rows).not.toContain('subcontract.request');
      expect(page.text).not.toContain('{&quot;');
      expect(page.text).not.toContain(`<td>${primeUser.id}`);
      // The tamper check is still there.
      expect(page.text).toContain('改ざんの検証');
    });

    it('should narrow the rows by person, by object and by dates', async () => {
      const byPerson = await auditorWeb.get(`/audit?actorId=${primeUser.id}&limit=100`);
      const actorCells = [
        ...byPerson.text.matchAll(/<a href="\/audit\?actorId=([0-9a-f-]+)">この操作者の記録<\/a>/g),
      ];
      expect(actorCells.length).toBeGreaterThan(0);
      expect(new Set(actorCells.map((m) => m[1]))).toEqual(new Set([primeUser.id]));

      const byObject = await auditorWeb.get(`/audit?entityType=contract&entityId=${contract.id}&limit=100`);
      const apiRows = (
        (
          await api(
            'get',
            `/api/audit-events?entityType=contract&entityId=${contract.id}&limit=100`,
            adminToken,
          )
        ).body as PageBody<AuditEventBody>
      ).items;
      const objectCells = [...byObject.text.matchAll(/<td class="num">(\d+)<\/td>/g)].map((m) =>
        Number(m[1]),
      );
      expect(objectCells).toEqual(apiRows.map((e) => e.seq));
      expect(byObject.text).toContain('<td>従事者名簿の受理</td>');
      expect(byObject.text).toContain('<td>従事者の追加</td>');
      // The acknowledgement's details in words: states by their names, the people on the roster by name.
      expect(byObject.text).toContain('<dt>変更前の状態</dt><dd>変更あり・未受理</dd>');
      expect(byObject.text).toContain('<dt>変更後の状態</dt><dd>受理済み</dd>');
      expect(byObject.text).toMatch(/<dt>従事者<\/dt><dd>（名称・氏名：髙橋 一[郎朗]、版：\d+）/);
      const details = [...byObject.text.matchAll(/<dd>([^<]*)<\/dd>/g)].map((m) => m[1]);
      expect(details.filter((d) => /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-/.test(d))).toEqual([]);

      const tomorrow = japanDatePlus(1);
      const future = await auditorWeb.get(`/audit?from=${tomorrow}&to=${tomorrow}`);
      expect(future.text).toContain('条件に当てはまる記録はありません。');
      const today = japanDatePlus(0);
      const todays = await auditorWeb.get(
        `/audit?from=${today}&to=${today}&entityType=subcontract&entityId=${subcontractId}`,
      );
      expect(todays.text).toContain('<td>再委託の承認の申請</td>');
    });

    it('should export the same rows as CSV, with a BOM, names and Japanese action names', async () => {
      const filter = `entityType=contract&entityId=${contract.id}`;
      // The page links the CSV with its own filters.
      const page = await auditorWeb.get(`/audit?${filter}`);
      const href = /<a class="button" href="([^"]+)">この条件の記録をCSV形式でダウンロードする<\/a>/
        .exec(page.text)?.[1]
        ?.replace(/&amp;/g, '&')
        .replace(/&#x3D;/g, '=');
      expect(href).toBe(`/api/audit-events.csv?${filter}`);
      const res = await auditorWeb
        .get(href ?? '')
        .buffer(true)
        .parse((r, done) => {
          const chunks: Buffer[] = [];
          r.on('data', (c: Buffer) => chunks.push(c));
          r.on('end', () => done(null, Buffer.concat(chunks)));
        });
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      const bytes = res.body as Buffer;
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const rows = parseCsv(bytes.subarray(3).toString('utf8'));
      expect(rows[0]).toEqual([
        '番号',
        '日時（日本時間）',
        '操作者',
        '操作者の役割',
        '操作',
        '対象の種類',
        '対象',
        '対象のID',
        '内容',
        'IPアドレス',
        '操作の記録コード',
        '操作者のID',
      ]);
      const apiRows = (
        (await api('get', `/api/audit-events?${filter}&limit=100`, adminToken))
          .body as PageBody<AuditEventBody>
      ).items;
      const data = rows.slice(1);
      expect(data.map((r) => Number(r[0]))).toEqual(apiRows.map((e) => e.seq));
      expect(data.map((r) => r[10])).toEqual(apiRows.map((e) => e.action));
      // The time as Excel reads one, in Japan time.
      const at = new Date(Date.parse(apiRows[0].at ?? '') + 9 * 3600_000).toISOString();
      expect(data[0][1]).toBe(`${at.slice(0, 10)} ${at.slice(11, 19)}`);
      expect(data.map((r) => r[7])).toEqual(apiRows.map(() => contract.id));
      const ack = data.find((r) => r[10] === 'roster.acknowledge');
      expect(ack?.[4]).toBe('従事者名簿の受理');
      expect(ack?.[3]).toBe('契約担当者');
      expect(ack?.[2]).toBe(
        (await ctx.dataSource.manager.findOneByOrFail(User, { id: officer.id })).displayName,
      );
      expect(ack?.[5]).toBe('契約');
      expect(ack?.[6]).toContain(contract.contractNumber);
      const added = data.find((r) => r[10] === 'worker.add' && r[8].includes('髙橋 一郎'));
      expect(added?.[8]).toContain(
        '名称・氏名：髙橋 一郎 ／ 雇用主：株式会社置賜情報サービス ／ 再委託の階層：受託者',
      );
      expect(added?.[8]).toContain('雇用形態：従業員・役員');
      expect(added?.[8]).toContain('名簿の受理の状況：未受理');
      expect(added?.[8]).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
    });

    it('should document the CSV in OpenAPI as text/csv with its errors (so it joins the authorization matrix)', async () => {
      const doc = (await ctx.http().get('/api/docs-json')).body as {
        paths: Record<
          string,
          { get: { parameters: { name: string }[]; responses: Record<string, { content?: object }> } }
        >;
      };
      const op = doc.paths['/api/audit-events.csv'].get;
      expect(op.responses['200'].content).toHaveProperty('text/csv');
      expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['200', '400', '401', '403']));
      expect(op.parameters.map((p) => p.name).sort()).toEqual(
        ['action', 'actorId', 'entityId', 'entityType', 'from', 'to'].sort(),
      );
    });

    it('should refuse a contractor and an officer, and answer a bad filter with 400', async () => {
      const contractorWeb = await signIn(primeUser);
      expect((await contractorWeb.get('/audit')).status).toBe(403);
      const csv = (agent: TestAgent, query = '') => agent.get(`/api/audit-events.csv${query}`);
      expect((await csv(contractorWeb)).status).toBe(403);
      const officerWeb = await signIn(officer);
      expect((await csv(officerWeb)).status).toBe(403);
      const badId = await csv(auditorWeb, '?entityId=not-a-uuid');
      expect(badId.status).toBe(400);
      expect((badId.body as { code: string }).code).toBe('REQUEST.VALIDATION');
      expect((await csv(auditorWeb, '?from=2026-13-45')).status).toBe(400);
      expect((await csv(auditorWeb, '?limit=5')).status).toBe(400);
      expect((await auditorWeb.get('/audit?actorId=not-a-uuid')).status).toBe(400);
      // A date range in the CSV's own terms: instants, "to" exclusive; tomorrow onwards holds no row.
      const tomorrow = `${japanDatePlus(1)}T00:00:00+09:00`;
      const empty = await csv(auditorWeb, `?from=${encodeURIComponent(tomorrow)}`);
      expect(empty.status).toBe(200);
      expect(empty.text.replace(/^\uFEFF/u, '')).toBe(
        `番号,日時（日本時間）,操作者,操作者の役割,操作,対象の種類,対象,対象のID,内容,IPアドレス,操作の記録コード,操作者のID\r\n`,
      );
    });
  });
});

/** RFC 4180: quoted cells may hold commas, quotes ("") and line breaks; rows end with CRLF. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += ch;
  }
  if (cell !== '' || row.length > 0) rows.push([...row, cell]);
  return rows;
}
