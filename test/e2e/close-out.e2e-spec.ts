import { randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import { AuditEvent } from '../../src/modules/audit/audit-event.entity';
import type { CloseOutResponse } from '../../src/modules/close-out/dto/close-out.dto';
import type { ContractResponse } from '../../src/modules/contracts/dto/contract.response';
import type { EvidenceResponse } from '../../src/modules/evidence/dto/evidence.dto';
import type { ReminderRunResponse } from '../../src/modules/notifications/dto/notification.dto';
import { Notification } from '../../src/modules/notifications/notification.entity';
import {
  completeSelection,
  createContractor,
  createUserAndLogin,
  japanDatePlus,
  subcontractRequestBody,
} from '../factories';
import type { ErrorBody } from '../utils/bodies';
import { expectRefusalsOutsideTable } from '../utils/lifecycle';
import { ADMIN, bearer, login, startTestApp, type TestContext } from '../utils/test-app';
import { csrfOf, webSignIn } from '../utils/web-agent';

/** A 1×1 PNG: the scanned 消去証明書 of the tests. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

/** The close-out lifecycle written out apart from the code: [from, step, to, roles]. */
const EXPECTED: [string, 'submit' | 'sendBack' | 'confirm', string, string[]][] = [
  ['OWED', 'submit', 'SUBMITTED', ['CONTRACTOR']],
  ['RETURNED', 'submit', 'SUBMITTED', ['CONTRACTOR']],
  ['SUBMITTED', 'sendBack', 'RETURNED', ['ADMIN', 'OFFICER']],
  ['SUBMITTED', 'confirm', 'CONFIRMED', ['ADMIN', 'OFFICER']],
];

const errorOf = (res: Response): ErrorBody => res.body as ErrorBody;
const closeOutOf = (res: Response): CloseOutResponse => res.body as CloseOutResponse;

function erased(what: string): Record<string, string> {
  return {
    object: what,
    method: '専用ソフトウェアによる上書き消去',
    media: '作業用ノートパソコンの内蔵 SSD',
    erasedOn: japanDatePlus(0),
    place: '受託者本社',
    performedBy: '情報システム部 山田 太郎',
    witness: '情報セキュリティ責任者 佐藤 花子',
  };
}

describe('close-out: 返還・廃棄報告 after a contract ends (e2e)', () => {
  let ctx: TestContext;
  let admin: string;
  let officer: { id: string; token: string };
  let auditor: { token: string };
  let company: { id: string; name: string };
  let user: { id: string; token: string };
  let otherUser: { token: string };
  let subName: string;
  let contractId: string;
  let subcontractId: string;

  const as = (token: string) => ({
    get: (url: string) =>
      ctx
        .http()
        .get(url)
        .set(...bearer(token)),
    post: (url: string, body: object) =>
      ctx
        .http()
        .post(url)
        .set(...bearer(token))
        .send(body),
  });

  /** Drafts and approves a contract of `contractorId` whose RETURN_ERASURE clause says `returnDays` days. */
  async function approvedContract(contractorId: string, returnDays?: number): Promise<ContractResponse> {
    const created = await as(officer.token).post('/api/contracts', {
      contractNumber: `CO-${randomUUID().slice(0, 8)}`,
      title: '住民記録システム運用保守業務委託',
      contractorId,
      department: '総務課',
      startDate: '2026-04-01',
      endDate: '2027-03-31',
      confidentialityClass: 2,
      handlesPersonalInfo: true,
      usesCloud: false,
    });
    expect(created.status).toBe(201);
    let contract = created.body as ContractResponse;
    if (returnDays !== undefined) {
      const put = await ctx
        .http()
        .put(`/api/contracts/${contract.id}/clauses`)
        .set(...bearer(officer.token))
        .send({
          version: contract.version,
          clauses: (contract.clauses ?? []).map((c) =>
            c.code === 'RETURN_ERASURE' ? { code: c.code, params: { returnDays } } : { code: c.code },
          ),
        });
      expect(put.status).toBe(200);
      contract = put.body as ContractResponse;
    }
    await completeSelection(ctx, officer.token, contract.id);
    const approved = await as(officer.token).post(`/api/contracts/${contract.id}/approve`, {
      version: contract.version,
    });
    expect(approved.status).toBe(200);
    return approved.body as ContractResponse;
  }

  async function endContract(id: string, how: 'end' | 'terminate' = 'end'): Promise<ContractResponse> {
    const current = (await as(officer.token).get(`/api/contracts/${id}`)).body as ContractResponse;
    const res = await as(officer.token).post(`/api/contracts/${id}/${how}`, {
      version: current.version,
      reason: how === 'end' ? '委託期間の満了による。' : '契約違反による解除。',
    });
    expect(res.status).toBe(200);
    return res.body as ContractResponse;
  }

  async function certificate(closeOutId: string, token = user.token): Promise<EvidenceResponse> {
    const res = await ctx
      .http()
      .post('/api/evidence')
      .set(...bearer(token))
      .field('closeOutId', closeOutId)
      .attach('file', PNG, { filename: '消去証明書.png', contentType: 'image/png' });
    expect(res.status).toBe(201);
    return res.body as EvidenceResponse;
  }

  const read = async (id: string, token = officer.token): Promise<CloseOutResponse> => {
    const res = await as(token).get(`/api/contracts/${id}/close-out`);
    expect(res.status).toBe(200);
    return closeOutOf(res);
  };

  /** A complete report for the parties of `c`, each with a certificate of its own. */
  async function fullReport(c: CloseOutResponse): Promise<Record<string, unknown>> {
    const sections = [];
    for (const party of c.parties) {
      const file = await certificate(c.id);
      sections.push({
        subcontractId: party.subcontractId,
        returned: party.subcontractId
          ? []
          : [{ item: '住民記録データ（外付けハードディスク 1台）', returnedOn: japanDatePlus(0) }],
        erased: [erased(`${party.name}が作業用に複製した住民記録データ`)],
        certificateEvidenceIds: [file.id],
      });
    }
    return { version: c.version, sections };
  }

  beforeAll(async () => {
    ctx = await startTestApp();
    admin = await login(ctx, ADMIN.email, ADMIN.password);
    officer = await createUserAndLogin(ctx, admin, 'OFFICER');
    auditor = await createUserAndLogin(ctx, admin, 'AUDITOR');
    company = await createContractor(ctx, officer.token, { name: '置賜情報サービス株式会社' });
    const other = await createContractor(ctx, officer.token, { name: '最上システム株式会社' });
    user = await createUserAndLogin(ctx, admin, 'CONTRACTOR', company.id);
    otherUser = await createUserAndLogin(ctx, admin, 'CONTRACTOR', other.id);
    const contract = await approvedContract(company.id, 10);
    contractId = contract.id;
    // An approved sub-contractor: its section is owed too.
    subName = '米沢データ印刷株式会社';
    const requested = await as(user.token).post(
      `/api/contracts/${contractId}/subcontracts`,
      subcontractRequestBody({ subcontractor: { name: subName } }),
    );
    expect(requested.status).toBe(201);
    subcontractId = (requested.body as { id: string }).id;
    const registered = await as(officer.token).post(`/api/subcontracts/${subcontractId}/registration`, {
      version: 1,
    });
    expect(registered.status).toBe(200);
    const decided = await as(officer.token).post(`/api/subcontracts/${subcontractId}/decision`, {
      version: (registered.body as { version: number }).version,
      approved: true,
      note: '承認する。',
    });
    expect(decided.status).toBe(200);
  }, 120_000);

  afterAll(async () => ctx?.close());

  it('should owe nothing while the contract runs (409 CLOSE_OUT.NOT_OWED), and answer another company 404', async () => {
    const res = await as(user.token).get(`/api/contracts/${contractId}/close-out`);
    expect(res.status).toBe(409);
    expect(errorOf(res).code).toBe('CLOSE_OUT.NOT_OWED');
    const foreign = await as(otherUser.token).get(`/api/contracts/${contractId}/close-out`);
    expect(foreign.status).toBe(404);
  });

  it('should make the report owed when the contract ends, due returnDays later in Japan time', async () => {
    const ended = await endContract(contractId);
    expect(ended.status).toBe('ENDED');
    const c = await read(contractId, user.token);
    expect(c).toMatchObject({
      contractId,
      contractStatus: 'ENDED',
      status: 'OWED',
      basis: 'ENDED',
      endedOn: japanDatePlus(0),
      returnDays: 10,
      dueDate: japanDatePlus(10),
      overdue: false,
      submissions: 0,
      sections: [],
    });
    expect(c.parties).toEqual([
      { subcontractId: null, name: company.name },
      { subcontractId, name: subName },
    ]);
    const audit = await ctx.dataSource.manager.findOneByOrFail(AuditEvent, {
      action: 'contract.end',
      entityId: contractId,
    });
    expect(audit.summary).toMatchObject({
      closeOut: { id: c.id, dueDate: japanDatePlus(10), returnDays: 10 },
    });
    // Another company reaches neither the report nor its certificates.
    expect((await as(otherUser.token).get(`/api/contracts/${contractId}/close-out`)).status).toBe(404);
    const foreignSubmit = await as(otherUser.token).post(`/api/contracts/${contractId}/close-out`, {
      version: c.version,
      sections: [],
    });
    expect(foreignSubmit.status).toBe(404);
    const foreignUpload = await ctx
      .http()
      .post('/api/evidence')
      .set(...bearer(otherUser.token))
      .field('closeOutId', c.id)
      .attach('file', PNG, { filename: 'x.png', contentType: 'image/png' });
    expect(foreignUpload.status).toBe(404);
    expect(errorOf(foreignUpload).code).toBe('CLOSE_OUT.NOT_FOUND');
  });

  it('should refuse a report without a certificate, naming the party, and keep it owed', async () => {
    const c = await read(contractId, user.token);
    const body = await fullReport(c);
    const sections = body.sections as { certificateEvidenceIds: string[] }[];
    sections[1].certificateEvidenceIds = [];
    const res = await as(user.token).post(`/api/contracts/${contractId}/close-out`, body);
    expect(res.status).toBe(422);
    expect(errorOf(res)).toMatchObject({
      code: 'CLOSE_OUT.CERTIFICATE_MISSING',
      details: { parties: [{ subcontractId, name: subName }] },
    });
    expect(errorOf(res).message).toContain(subName);
    expect(await read(contractId)).toMatchObject({ status: 'OWED', version: c.version, sections: [] });
  });

  it("should refuse a report missing an approved sub-contractor's section, naming it", async () => {
    const c = await read(contractId, user.token);
    const body = await fullReport(c);
    body.sections = (body.sections as { subcontractId: string | null }[]).filter((s) => !s.subcontractId);
    const res = await as(user.token).post(`/api/contracts/${contractId}/close-out`, body);
    expect(res.status).toBe(422);
    expect(errorOf(res)).toMatchObject({
      code: 'CLOSE_OUT.SECTION_MISSING',
      details: { parties: [{ subcontractId, name: subName }] },
    });
    // A section for a tier that is not an approved sub-contractor of the contract, or a foreign file.
    const stray = await fullReport(c);
    (stray.sections as { subcontractId: string | null }[]).push({
      ...(stray.sections as object[])[1],
      subcontractId: randomUUID(),
    });
    const strayRes = await as(user.token).post(`/api/contracts/${contractId}/close-out`, stray);
    expect(errorOf(strayRes).code).toBe('CLOSE_OUT.SECTION_UNKNOWN');
    const foreignFile = await fullReport(c);
    (foreignFile.sections as { certificateEvidenceIds: string[] }[])[0].certificateEvidenceIds = [
      randomUUID(),
    ];
    const foreignRes = await as(user.token).post(`/api/contracts/${contractId}/close-out`, foreignFile);
    expect(errorOf(foreignRes).code).toBe('CLOSE_OUT.EVIDENCE_INVALID');
    expect((await read(contractId)).status).toBe('OWED');
  });

  it('should take the report, tell the staff, send it back with a reason, take it again and close the contract on confirmation', async () => {
    const c = await read(contractId, user.token);
    const submitted = await as(user.token).post(
      `/api/contracts/${contractId}/close-out`,
      await fullReport(c),
    );
    expect(submitted.status).toBe(200);
    const s = closeOutOf(submitted);
    expect(s).toMatchObject({ status: 'SUBMITTED', submissions: 1, contractStatus: 'ENDED' });
    expect(s.sections.map((x) => [x.party, x.name, x.certificates.length])).toEqual([
      ['CONTRACTOR', company.name, 1],
      ['SUBCONTRACTOR', subName, 1],
    ]);
    expect(s.sections[0].erased[0]).toMatchObject({ witness: '情報セキュリティ責任者 佐藤 花子' });
    const notices = await ctx.dataSource.manager.findBy(Notification, { kind: 'close-out-submitted' });
    expect(notices.map((n) => n.userId)).toContain(officer.id);
    expect(notices[0].subject).toContain('返還・廃棄報告が提出されました');

    // Only staff decide; a send-back needs its reason; a stale version is refused.
    expect(
      (
        await as(user.token).post(`/api/contracts/${contractId}/close-out/confirmation`, {
          version: s.version,
          confirmed: true,
        })
      ).status,
    ).toBe(403);
    const noReason = await as(officer.token).post(`/api/contracts/${contractId}/close-out/confirmation`, {
      version: s.version,
      confirmed: false,
    });
    expect(errorOf(noReason).code).toBe('CLOSE_OUT.REASON_REQUIRED');
    const stale = await as(officer.token).post(`/api/contracts/${contractId}/close-out/confirmation`, {
      version: s.version - 1,
      confirmed: true,
    });
    expect(stale.status).toBe(409);
    expect(errorOf(stale).code).toBe('CLOSE_OUT.STALE_VERSION');

    const reason = '再委託先の消去証明書に立会者の署名がないため、補正のうえ再提出してください。';
    const back = await as(officer.token).post(`/api/contracts/${contractId}/close-out/confirmation`, {
      version: s.version,
      confirmed: false,
      note: reason,
    });
    expect(back.status).toBe(200);
    expect(closeOutOf(back)).toMatchObject({
      status: 'RETURNED',
      returnReason: reason,
      contractStatus: 'ENDED',
    });
    const told = await ctx.dataSource.manager.findBy(Notification, {
      kind: 'close-out-returned',
      userId: user.id,
    });
    expect(told).toHaveLength(1);
    expect(told[0].body).toContain(reason);

    const again = await as(user.token).post(
      `/api/contracts/${contractId}/close-out`,
      await fullReport(closeOutOf(back)),
    );
    expect(again.status).toBe(200);
    expect(closeOutOf(again)).toMatchObject({ status: 'SUBMITTED', submissions: 2 });

    const confirmed = await as(officer.token).post(`/api/contracts/${contractId}/close-out/confirmation`, {
      version: closeOutOf(again).version,
      confirmed: true,
      note: '返還及び消去を確認した。',
    });
    expect(confirmed.status).toBe(200);
    expect(closeOutOf(confirmed)).toMatchObject({ status: 'CONFIRMED', contractStatus: 'CLOSED' });
    const contract = (await as(user.token).get(`/api/contracts/${contractId}`)).body as ContractResponse;
    expect(contract.status).toBe('CLOSED');
    // The contractor's users are told, in the decision's own transaction.
    const confirmedNotice = await ctx.dataSource.manager.findBy(Notification, {
      kind: 'close-out-confirmed',
    });
    expect(confirmedNotice.map((n) => n.userId)).toEqual([user.id]);
    expect(confirmedNotice[0].subject).toContain('返還・廃棄報告が確認されました');
    expect(confirmedNotice[0].body).toContain('契約は完結しました');
    const actions = (
      await ctx.dataSource.manager.find(AuditEvent, {
        where: { entityId: closeOutOf(confirmed).id },
        order: { seq: 'ASC' },
      })
    ).map((a) => a.action);
    expect(actions).toEqual([
      'close_out.submit',
      'close_out.send_back',
      'close_out.submit',
      'close_out.confirm',
    ]);

    // Nothing moves after that: no second confirmation, no new certificate, no ending again.
    const twice = await as(officer.token).post(`/api/contracts/${contractId}/close-out/confirmation`, {
      version: closeOutOf(confirmed).version,
      confirmed: true,
    });
    expect(errorOf(twice).code).toBe('CLOSE_OUT.INVALID_STATE');
    const late = await ctx
      .http()
      .post('/api/evidence')
      .set(...bearer(user.token))
      .field('closeOutId', closeOutOf(confirmed).id)
      .attach('file', PNG, { filename: 'late.png', contentType: 'image/png' });
    expect(errorOf(late).code).toBe('CLOSE_OUT.INVALID_STATE');
    const endAgain = await as(officer.token).post(`/api/contracts/${contractId}/end`, {
      version: contract.version,
      reason: '再度の終了',
    });
    expect(errorOf(endAgain).code).toBe('CONTRACT.INVALID_STATE');
  });

  it('should take several returned and erased rows from the web form (blank rows ignored), add rows on request and keep what was typed on refusal', async () => {
    const firm = await createContractor(ctx, officer.token, { name: '長井ネットワーク株式会社' });
    const person = await createUserAndLogin(ctx, admin, 'CONTRACTOR', firm.id);
    const contract = await approvedContract(firm.id);
    await endContract(contract.id);
    const agent = await webSignIn(ctx, person.email, person.password);
    const page = `/contracts/${contract.id}/close-out`;
    const k = firm.id;
    const rowName = (f: string, row: number) => (row === 1 ? `${f}_${k}` : `${f}_${k}_${row}`);
    const rowsShown = (html: string, f: string) =>
      new Set([...html.matchAll(new RegExp(`name="(${f}_${k}(?:_\\d+)?)"`, 'gu'))].map((m) => m[1])).size;
    const first = await agent.get(page);
    expect(first.status).toBe(200);
    expect(rowsShown(first.text, 'returnedItem')).toBe(3);
    expect(rowsShown(first.text, 'erasedObject')).toBe(3);
    expect(first.text).toContain('消去・廃棄したもの（3）');
    expect(first.text).toContain('1件 10MB まで');
    expect(first.text).not.toContain('受託者からの報告を待っています');
    // The staff, while the report is awaited, are told what happens next.
    const staff = await createUserAndLogin(ctx, admin, 'OFFICER');
    const staffPage = await (await webSignIn(ctx, staff.email, staff.password)).get(page);
    expect(staffPage.text).toContain('受託者からの報告を待っています。提出されると通知されます。');

    const returned: [string, string][] = [
      [rowName('returnedItem', 1), '住民記録データ（外付けハードディスク 1台）'],
      [rowName('returnedOn', 1), japanDatePlus(0)],
      // Row 2 left blank: no row.
      [rowName('returnedItem', 3), '紙の帳票（段ボール箱 2箱）'],
      [rowName('returnedOn', 3), japanDatePlus(0)],
    ];
    const erasedRow = (row: number, what: string): [string, string][] =>
      Object.entries({
        erasedObject: what,
        erasedMethod: '専用ソフトウェアによる上書き消去',
        erasedMedia: '作業用ノートパソコンの内蔵 SSD',
        erasedOn: japanDatePlus(0),
        erasedPlace: '受託者本社',
        erasedBy: '情報システム部 山田 太郎',
        erasedWitness: '情報セキュリティ責任者 佐藤 花子',
      }).map(([f, value]) => [rowName(f, row), value]);
    const erasedRows = [
      ...erasedRow(1, '作業用に複製した住民記録データ'),
      ...erasedRow(2, 'バックアップテープ 3巻'),
      ...erasedRow(3, '検証環境のデータベース'),
    ];
    const post = async (fields: [string, string][], file = true) => {
      const csrf = csrfOf((await agent.get(page)).text);
      const req = agent.post(`${page}?_csrf=${csrf}`);
      for (const [name, value] of fields) void req.field(name, value);
      if (file)
        void req.attach(`certificate_${k}`, PNG, { filename: '消去証明書.png', contentType: 'image/png' });
      return req;
    };

    // More rows asked for: nothing stored, what was typed kept, three more blank rows of each list.
    const more = await post([['version', '1'], ...returned, ...erasedRows, ['moreRows', 'true']], false);
    expect(more.status).toBe(200);
    expect(rowsShown(more.text, 'returnedItem')).toBe(7);
    expect(rowsShown(more.text, 'erasedObject')).toBe(7);
    expect(more.text).toContain('value="バックアップテープ 3巻"');
    expect((await read(contract.id)).status).toBe('OWED');

    // A row without its method: refused beside that row's field, everything typed kept, nothing stored.
    const incomplete = erasedRows.map(([name, value]): [string, string] => [
      name,
      name === rowName('erasedMethod', 3) ? '' : value,
    ]);
    const refused = await post([['version', '1'], ...returned, ...incomplete], false);
    expect(refused.status).toBe(400);
    expect(refused.text).toContain(`id="f-${rowName('erasedMethod', 3)}-error"`);
    expect(refused.text).toContain('value="紙の帳票（段ボール箱 2箱）"');
    expect(refused.text).toContain('value="検証環境のデータベース"');
    expect((await read(contract.id)).status).toBe('OWED');

    const done = await post([['version', '1'], ...returned, ...erasedRows]);
    expect(done.status).toBe(303);
    const c = await read(contract.id);
    expect(c.status).toBe('SUBMITTED');
    expect(c.sections).toHaveLength(1);
    expect(c.sections[0].returned.map((r) => r.item)).toEqual([
      '住民記録データ（外付けハードディスク 1台）',
      '紙の帳票（段ボール箱 2箱）',
    ]);
    expect(c.sections[0].erased.map((e) => e.object)).toEqual([
      '作業用に複製した住民記録データ',
      'バックアップテープ 3巻',
      '検証環境のデータベース',
    ]);
    expect(c.sections[0].certificates.map((x) => x.fileName)).toEqual(['消去証明書.png']);
  });

  it('should not close a contract any other way: confirming a report not submitted is refused and the contract stays ENDED', async () => {
    const c2 = await approvedContract(company.id);
    await endContract(c2.id, 'terminate');
    const owed = await read(c2.id);
    expect(owed).toMatchObject({
      status: 'OWED',
      basis: 'TERMINATED',
      returnDays: 14,
      dueDate: japanDatePlus(14),
    });
    const res = await as(admin).post(`/api/contracts/${c2.id}/close-out/confirmation`, {
      version: owed.version,
      confirmed: true,
    });
    expect(res.status).toBe(409);
    expect(errorOf(res).code).toBe('CLOSE_OUT.INVALID_STATE');
    const contract = (await as(officer.token).get(`/api/contracts/${c2.id}`)).body as ContractResponse;
    expect(contract.status).toBe('TERMINATED');
    // An ACTIVE contract has no report to confirm.
    const active = await approvedContract(company.id);
    const early = await as(officer.token).post(`/api/contracts/${active.id}/close-out/confirmation`, {
      version: 1,
      confirmed: true,
    });
    expect(errorOf(early).code).toBe('CLOSE_OUT.NOT_OWED');
    expect(
      ((await as(officer.token).get(`/api/contracts/${active.id}`)).body as ContractResponse).status,
    ).toBe('ACTIVE');
  });

  it('should refuse over HTTP every (step, role, state) outside the table, leaving the report as it was', async () => {
    const tokens: Record<string, string> = {
      ADMIN: admin,
      OFFICER: officer.token,
      AUDITOR: auditor.token,
      CONTRACTOR: user.token,
    };
    // One ended contract per state (no sub-contractors: one section each).
    const inState: Record<string, string> = {};
    for (const state of ['OWED', 'SUBMITTED', 'RETURNED', 'CONFIRMED']) {
      const c = await approvedContract(company.id);
      await endContract(c.id);
      let current = await read(c.id);
      if (state !== 'OWED') {
        current = closeOutOf(
          await as(user.token).post(`/api/contracts/${c.id}/close-out`, await fullReport(current)),
        );
      }
      if (state === 'RETURNED' || state === 'CONFIRMED') {
        current = closeOutOf(
          await as(officer.token).post(`/api/contracts/${c.id}/close-out/confirmation`, {
            version: current.version,
            confirmed: state === 'CONFIRMED',
            note: '確認の結果',
          }),
        );
      }
      expect(current.status).toBe(state);
      inState[state] = c.id;
    }
    const refusedRuns = await expectRefusalsOutsideTable({
      states: Object.keys(inState),
      steps: ['submit', 'sendBack', 'confirm'] as const,
      roles: Object.keys(tokens),
      allowed: (step, role, state) =>
        EXPECTED.some(([from, s, , roles]) => from === state && s === step && roles.includes(role)),
      subjectIn: (state) => read(inState[state]),
      take: async (before, step, role) =>
        step === 'submit'
          ? as(tokens[role]).post(
              `/api/contracts/${before.contractId}/close-out`,
              await fullReport(before).catch(() => ({ version: before.version, sections: [] })),
            )
          : as(tokens[role]).post(`/api/contracts/${before.contractId}/close-out/confirmation`, {
              version: before.version,
              confirmed: step === 'confirm',
              note: '理由',
            }),
      answerOf: (res) => [403, 409].includes(res.status),
      refusal: () => true,
      read: (closeOut) => read(closeOut.contractId),
      readEach: true,
    });
    expect(refusedRuns).toBe(4 * 3 * 4 - EXPECTED.flatMap((row) => row[3]).length);
  }, 120_000);

  it('should refuse over HTTP every contract step outside the contract table (CLOSED only through the close-out)', async () => {
    // The contract lifecycle written apart: [from, step, to] (contract-lifecycle.spec.ts has the same).
    const table: [string, string][] = [
      ['DRAFT', 'approve'],
      ['ACTIVE', 'end'],
      ['ACTIVE', 'terminate'],
    ];
    const draftRes = await as(officer.token).post('/api/contracts', {
      contractNumber: `CO-${randomUUID().slice(0, 8)}`,
      title: '窓口業務支援システム保守業務委託',
      contractorId: company.id,
      department: '総務課',
      startDate: '2026-04-01',
      endDate: '2027-03-31',
      confidentialityClass: 1,
      handlesPersonalInfo: false,
      usesCloud: false,
    });
    const active = await approvedContract(company.id);
    const ended = await approvedContract(company.id);
    await endContract(ended.id);
    const terminated = await approvedContract(company.id);
    await endContract(terminated.id, 'terminate');
    const inState: Record<string, string> = {
      DRAFT: (draftRes.body as ContractResponse).id,
      ACTIVE: active.id,
      ENDED: ended.id,
      TERMINATED: terminated.id,
      CLOSED: contractId,
    };
    const tokens = { OFFICER: officer.token, AUDITOR: auditor.token, CONTRACTOR: user.token };
    const readContract = async (id: string): Promise<ContractResponse> =>
      (await as(officer.token).get(`/api/contracts/${id}`)).body as ContractResponse;
    const tried = await expectRefusalsOutsideTable({
      states: Object.keys(inState),
      steps: ['approve', 'end', 'terminate'],
      roles: ['OFFICER', 'AUDITOR', 'CONTRACTOR'] as const,
      allowed: (step, role, state) =>
        role === 'OFFICER' && table.some(([from, s]) => from === state && s === step),
      subjectIn: async (state) => {
        const contract = await readContract(inState[state]);
        expect(contract.status).toBe(state);
        return contract;
      },
      take: (before, step, role) =>
        as(tokens[role]).post(`/api/contracts/${before.id}/${step}`, {
          version: before.version,
          ...(step === 'approve' ? {} : { reason: '試験' }),
        }),
      answerOf: (res, role) => (role === 'OFFICER' ? errorOf(res).code : res.status),
      refusal: (_step, role) => (role === 'OFFICER' ? 'CONTRACT.INVALID_STATE' : 403),
      read: (contract) => readContract(contract.id),
      readEach: true,
    });
    expect(tried).toBe(5 * 3 * 3 - table.length);
  }, 120_000);

  it('should remind the contractor 7, 3 and 1 days before the due date and once when overdue, each once', async () => {
    const c = await approvedContract(company.id, 20);
    await endContract(c.id);
    const owed = await read(c.id);
    const due = owed.dueDate;
    const day = (offset: number): string => {
      const d = new Date(`${due}T00:00:00Z`);
      d.setUTCDate(d.getUTCDate() + offset);
      return d.toISOString().slice(0, 10);
    };
    const run = async (today: string): Promise<void> => {
      const res = await as(admin).post('/api/notifications/run-reminders', { today });
      expect(res.status).toBe(200);
      expect((res.body as ReminderRunResponse).sources.map((s) => s.name)).toContain('close-outs');
    };
    const keys = async (): Promise<string[]> =>
      (await ctx.dataSource.manager.find(Notification, { where: { userId: user.id } }))
        .map((n) => n.dedupeKey)
        .filter((k) => k.startsWith(`close-out-due:${owed.id}:`))
        .map((k) => k.split(':')[2])
        .sort();
    for (const offset of [-9, -8]) await run(day(offset));
    expect(await keys()).toEqual([]);
    for (const offset of [-7, -7, -5, -4]) await run(day(offset));
    expect(await keys()).toEqual(['7']);
    for (const offset of [-3, -2]) await run(day(offset));
    expect(await keys()).toEqual(['3', '7']);
    for (const offset of [-1, 0]) await run(day(offset));
    expect(await keys()).toEqual(['1', '3', '7']);
    for (const offset of [1, 2, 30]) await run(day(offset));
    expect(await keys()).toEqual(['1', '3', '7', 'overdue']);
    const overdue = await ctx.dataSource.manager.findOneByOrFail(Notification, {
      dedupeKey: `close-out-due:${owed.id}:overdue:${user.id}`,
    });
    expect(overdue.subject).toContain('返還・廃棄報告の期限を過ぎています');
    expect(overdue.link).toBe(`/contracts/${c.id}/close-out`);
    // A submitted report is no longer reminded.
    const submitted = await as(user.token).post(`/api/contracts/${c.id}/close-out`, await fullReport(owed));
    expect(closeOutOf(submitted).status).toBe('SUBMITTED');
    await run(day(40));
    expect(await keys()).toEqual(['1', '3', '7', 'overdue']);
  }, 60_000);
});
