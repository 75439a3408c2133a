import type { AssessmentResponse } from '../../src/modules/assessments/dto/assessment.dto';
import { addMonths } from '../../src/modules/assessments/periods';
import { addDays, todayInJapan } from '../../src/common/clock';
import { pdfText, squash } from '../../src/modules/documents/testing/pdf-tools';
import type { ClauseResponse } from '../../src/modules/clauses/clause.mapper';
import { ContractClause } from '../../src/modules/contracts/contract-clause.entity';
import { ContractWorker } from '../../src/modules/contracts/contract-worker.entity';
import {
  acceptableAnswer,
  completeSelection,
  createApprovedContract,
  createContractor,
  createUserAndLogin,
  issueOrder,
  orderRequestBody,
} from '../factories';
import type { ErrorBody, PageBody } from '../utils/bodies';
import { ADMIN, bearer, login, startTestApp, type TestContext } from '../utils/test-app';

type ContractBody = {
  id: string;
  version: number;
  status: string;
  clauses: { code: string; articleNo: number; paragraphs: string[] }[];
  micCoverage: { item: number; label: string; clauses: string[] }[];
};

/**
 * The chain clause → question → finding → order is exact (issue 11): the report interval is the contract's, no
 * period is asked for before approval, the two kinds of assessment, answers that mean something, a score that
 * cannot hide a HIGH finding, per-contract MIC coverage, and no advisory finding cited as a breach.
 */
describe('the exact chain', () => {
  let ctx: TestContext;
  let admin: string;
  let officer: { token: string };
  let company: { id: string };
  let contractor: { token: string };
  let catalogue: ClauseResponse[];

  beforeAll(async () => {
    ctx = await startTestApp();
    admin = await login(ctx, ADMIN.email, ADMIN.password);
    officer = await createUserAndLogin(ctx, admin, 'OFFICER');
    company = await createContractor(ctx, admin);
    contractor = await createUserAndLogin(ctx, admin, 'CONTRACTOR', company.id);
    catalogue = (
      (
        await ctx
          .http()
          .get('/api/clauses')
          .set(...bearer(officer.token))
      ).body as { items: ClauseResponse[] }
    ).items;
  });
  afterAll(async () => ctx.close());

  const http = () => ctx.http();
  const read = async (id: string, token: string): Promise<AssessmentResponse> =>
    (
      await http()
        .get(`/api/assessments/${id}`)
        .set(...bearer(token))
    ).body as AssessmentResponse;
  const listOf = async (contractId: string): Promise<AssessmentResponse[]> =>
    (
      (
        await http()
          .get(`/api/assessments?limit=100&contractId=${contractId}`)
          .set(...bearer(officer.token))
      ).body as PageBody<AssessmentResponse>
    ).items;
  const generate = (asOf: string) =>
    http()
      .post('/api/assessments/generate')
      .set(...bearer(admin))
      .send({ asOf });
  const draft = async (overrides: Record<string, unknown>): Promise<ContractBody> => {
    const res = await http()
      .post('/api/contracts')
      .set(...bearer(officer.token))
      .send({
        contractNumber: `CHAIN-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`,
        title: '住民情報システム運用支援業務委託',
        contractorId: company.id,
        department: '情報政策課',
        startDate: '2026-04-01',
        endDate: '2027-03-31',
        confidentialityClass: 3,
        handlesPersonalInfo: true,
        usesCloud: false,
        ...overrides,
      });
    expect(res.status).toBe(201);
    // Approval needs the selection record (選定); each draft here has one.
    await completeSelection(ctx, officer.token, (res.body as ContractBody).id);
    return res.body as ContractBody;
  };
  const periodicParagraph = (contract: ContractBody): string =>
    contract.clauses.find((c) => c.code === 'PERIODIC_REPORT')?.paragraphs[0] ?? '';

  it('should print the contract’s own frequency in the 定期報告 clause, in the view and the approved PDF', async () => {
    for (const [frequency, interval] of [
      ['QUARTERLY', '3か月'],
      ['MONTHLY', '1か月'],
    ] as const) {
      const contract = await draft({ assessmentFrequency: frequency });
      expect(periodicParagraph(contract)).toContain(`${interval}ごとに`);
      const approved = await http()
        .post(`/api/contracts/${contract.id}/approve`)
        .set(...bearer(officer.token))
        .send({ version: contract.version });
      expect(approved.status).toBe(200);
      expect(periodicParagraph(approved.body as ContractBody)).toContain(`${interval}ごとに`);
      const pdf = await http()
        .get(`/api/contracts/${contract.id}/clauses.pdf`)
        .set(...bearer(officer.token))
        .buffer(true)
        .parse((res, done) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => done(null, Buffer.concat(chunks)));
        });
      const text = squash(pdfText(pdf.body as Buffer, 'plain').join(''));
      expect(text).toContain(squash(`${interval}ごとに`));
      expect(text).not.toContain(squash('6か月ごとに'));
    }
  });

  it('should refuse a second interval parameter on the 定期報告 clause', async () => {
    const contract = await draft({ assessmentFrequency: 'QUARTERLY' });
    const res = await http()
      .put(`/api/contracts/${contract.id}/clauses`)
      .set(...bearer(officer.token))
      .send({
        version: contract.version,
        clauses: contract.clauses.map((c) =>
          c.code === 'PERIODIC_REPORT'
            ? { code: c.code, params: { reportIntervalMonths: 6 } }
            : { code: c.code },
        ),
      });
    expect(res.status).toBe(400);
    expect((res.body as ErrorBody).code).toBe('CONTRACT.CLAUSES_INVALID');
  });

  it('should show the MIC coverage and refuse approval, naming the item, when a clause it needs is dropped', async () => {
    const contract = await draft({ confidentialityClass: 1, handlesPersonalInfo: false });
    expect(contract.micCoverage.map((c) => c.item)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
    expect(contract.micCoverage.every((c) => c.clauses.length > 0)).toBe(true);
    // A MIC item that in this contract only optional clauses state (the service level, unless cloud): drop them.
    const selected = contract.clauses.map((c) => c.code);
    const byCode = new Map(catalogue.map((c) => [c.code, c]));
    const alone = contract.micCoverage.find((c) =>
      c.clauses.every((code) => byCode.get(code)?.mandatory === false),
    );
    expect(alone).toBeDefined();
    const dropped = new Set(alone?.clauses);
    const put = await http()
      .put(`/api/contracts/${contract.id}/clauses`)
      .set(...bearer(officer.token))
      .send({
        version: contract.version,
        clauses: selected.filter((c) => !dropped.has(c)).map((code) => ({ code })),
      });
    expect(put.status).toBe(200);
    const after = put.body as ContractBody;
    expect(after.micCoverage.find((c) => c.item === alone?.item)?.clauses).toEqual([]);
    const refused = await http()
      .post(`/api/contracts/${contract.id}/approve`)
      .set(...bearer(officer.token))
      .send({ version: after.version });
    expect(refused.status).toBe(422);
    const body = refused.body as ErrorBody & { details: { items: { item: number; label: string }[] } };
    expect(body.code).toBe('CONTRACT.MIC_ITEMS_UNCOVERED');
    expect(body.details.items).toEqual([{ item: alone?.item, label: alone?.label }]);
    expect(body.message).toContain(`${alone?.item}「${alone?.label}」`);
    const still = await http()
      .get(`/api/contracts/${contract.id}`)
      .set(...bearer(officer.token));
    expect((still.body as ContractBody).status).toBe('DRAFT');
  });

  it('should create nothing overdue for a contract approved today, and nothing twice', async () => {
    const today = todayInJapan();
    const start = addMonths(today, -8);
    const contract = await createApprovedContract(
      ctx,
      officer.token,
      company.id,
      { startDate: start, endDate: addDays(addMonths(start, 12), -1), assessmentFrequency: 'QUARTERLY' },
      { approvedToday: true },
    );
    const first = await generate(today);
    expect(first.status).toBe(200);
    const created = await listOf(contract.id);
    // The fiscal-year checklist and the report of the quarter under way; not the two quarters already ended.
    const kinds = created.map((a) => a.kind).sort();
    expect(kinds).toEqual(['CHECKLIST', 'REPORT']);
    const report = created.find((a) => a.kind === 'REPORT');
    expect(report?.periodStart).toBe(addMonths(start, 6));
    for (const a of created) {
      expect(a.overdue).toBe(false);
      expect(a.dueDate >= today).toBe(true);
      expect(a.periodEnd >= today).toBe(true);
    }
    expect((await generate(today)).body).toMatchObject({ assessmentsCreated: 0, itemsCreated: 0 });
    expect(await listOf(contract.id)).toHaveLength(2);
  });

  describe('a contract approved on its start date, answered and reviewed', () => {
    let contract: Awaited<ReturnType<typeof createApprovedContract>>;
    let checklist: AssessmentResponse;
    let report: AssessmentResponse;

    beforeAll(async () => {
      contract = await createApprovedContract(ctx, officer.token, company.id, {
        confidentialityClass: 3,
        handlesPersonalInfo: true,
        assessmentFrequency: 'QUARTERLY',
      });
      await http()
        .post(`/api/contracts/${contract.id}/workers`)
        .set(...bearer(contractor.token))
        .send({
          name: '置賜 花子',
          employerContractorId: company.id,
          role: '運用担当',
          workLocation: '乙の本社',
        })
        .expect(201);
      expect((await generate('2026-04-01')).status).toBe(200);
      const all = await listOf(contract.id);
      expect(all.map((a) => `${a.kind} ${a.periodStart} ${a.periodEnd}`).sort()).toEqual([
        'CHECKLIST 2026-04-01 2027-03-31',
        'REPORT 2026-04-01 2026-06-30',
      ]);
      checklist = await read(all.find((a) => a.kind === 'CHECKLIST')?.id ?? '', contractor.token);
      report = await read(all.find((a) => a.kind === 'REPORT')?.id ?? '', contractor.token);
    });

    it('should ask the report items of the 定期報告 article, each citing its paragraph', () => {
      const items = report.items ?? [];
      expect(items.length).toBeGreaterThanOrEqual(6);
      const article = contract.clauses.find((c) => c.code === 'PERIODIC_REPORT');
      for (const item of items) {
        expect(item.clauseCode).toBe('PERIODIC_REPORT');
        expect(item.articleNo).toBe(article?.articleNo);
        expect(item.basis).toBeGreaterThanOrEqual(1);
        expect(item.advisory).toBe(false);
      }
      // The checklist asks every question of the contracted clauses, and no report item.
      const reportCodes = new Set(items.map((i) => i.questionCode));
      expect((checklist.items ?? []).some((i) => reportCodes.has(i.questionCode))).toBe(false);
      const expected = catalogue
        .filter((c) => contract.clauses.some((k) => k.code === c.code))
        .flatMap((c) => c.questions.map((q) => q.code));
      expect((checklist.items ?? []).map((i) => i.questionCode)).toEqual(expected);
    });

    it('should take only はい or いいえ on a report, with the details of every はい', async () => {
      const items = report.items ?? [];
      const wrong = await http()
        .put(`/api/assessments/${report.id}/items`)
        .set(...bearer(contractor.token))
        .send({ version: report.version, items: [{ itemId: items[0].id, answer: 'IMPLEMENTED' }] });
      expect(wrong.status).toBe(400);
      expect((wrong.body as ErrorBody).code).toBe('ASSESSMENT.ANSWER_NOT_ALLOWED');
      const bare = await http()
        .put(`/api/assessments/${report.id}/items`)
        .set(...bearer(contractor.token))
        .send({ version: report.version, items: [{ itemId: items[0].id, answer: 'YES' }] });
      expect(bare.status).toBe(400);
      expect((bare.body as ErrorBody).code).toBe('ASSESSMENT.COMMENT_REQUIRED');

      const changes = items.find((i) => i.crossCheck === 'roster-changes');
      expect(changes).toBeDefined();
      const saved = await http()
        .put(`/api/assessments/${report.id}/items`)
        .set(...bearer(contractor.token))
        .send({
          version: report.version,
          items: items.map((i) =>
            i === items[items.length - 1]
              ? { itemId: i.id, answer: 'YES', comment: '6月10日に旧端末2台のデータを消去しました。' }
              : { itemId: i.id, answer: 'NO' },
          ),
        });
      expect(saved.status).toBe(200);
      const submitted = await http()
        .post(`/api/assessments/${report.id}/submit`)
        .set(...bearer(contractor.token))
        .send({ version: (saved.body as AssessmentResponse).version });
      expect(submitted.status).toBe(200);
      report = submitted.body as AssessmentResponse;
    });

    it('should show the reviewer the staff change the roster contradicts, and not the contractor', async () => {
      // The worker was added today, after the report's period: no contradiction in that period.
      const staff = await read(report.id, officer.token);
      expect(staff.crossChecks).toEqual([]);
      expect((await read(report.id, contractor.token)).crossChecks).toBeUndefined();
      // Put the roster change inside the period: the いいえ answer now contradicts it.
      const inPeriod = new Date('2026-05-15T10:00:00+09:00');
      await ctx.dataSource.manager.update(
        ContractWorker,
        { contractId: contract.id },
        { createdAt: inPeriod, updatedAt: inPeriod },
      );
      const again = await read(report.id, officer.token);
      const changes = (again.items ?? []).find((i) => i.crossCheck === 'roster-changes');
      expect(again.crossChecks).toEqual([
        expect.objectContaining({ itemId: changes?.id, check: 'roster-changes', workers: ['置賜 花子'] }),
      ]);
      expect(again.crossChecks?.[0].message).toContain('いいえ');
    });

    it('should review a report without a score or grade', async () => {
      const reviewed = await http()
        .post(`/api/assessments/${report.id}/review`)
        .set(...bearer(officer.token))
        .send({
          version: report.version,
          items: (report.items ?? []).map((i) => ({ itemId: i.id, verdict: 'ACCEPTED' })),
          complete: true,
        });
      expect(reviewed.status).toBe(200);
      expect(reviewed.body).toMatchObject({ kind: 'REPORT', status: 'REVIEWED', score: null, grade: null });
    });

    it('should want evidence where the question asks for it, and a comment where it asks how', async () => {
      const items = checklist.items ?? [];
      const withEvidence = items.find((i) => i.requiresEvidence);
      const withComment = items.find((i) => i.requiresComment && !i.requiresEvidence);
      expect(withEvidence).toBeDefined();
      expect(withComment).toBeDefined();
      const bare = await http()
        .put(`/api/assessments/${checklist.id}/items`)
        .set(...bearer(contractor.token))
        .send({ version: checklist.version, items: [{ itemId: withComment?.id, answer: 'IMPLEMENTED' }] });
      expect(bare.status).toBe(400);
      expect((bare.body as ErrorBody).code).toBe('ASSESSMENT.COMMENT_REQUIRED');

      const answers = items.map((i) =>
        i === withEvidence
          ? { itemId: i.id, answer: 'IMPLEMENTED', comment: '名簿と誓約書を保管しています。' }
          : acceptableAnswer(i),
      );
      const saved = await http()
        .put(`/api/assessments/${checklist.id}/items`)
        .set(...bearer(contractor.token))
        .send({ version: checklist.version, items: answers });
      expect(saved.status).toBe(200);
      const refused = await http()
        .post(`/api/assessments/${checklist.id}/submit`)
        .set(...bearer(contractor.token))
        .send({ version: (saved.body as AssessmentResponse).version });
      expect(refused.status).toBe(422);
      expect(refused.body).toMatchObject({
        code: 'ASSESSMENT.EVIDENCE_REQUIRED',
        details: { itemIds: [withEvidence?.id] },
      });
      await http()
        .post('/api/evidence')
        .set(...bearer(contractor.token))
        .field('itemId', withEvidence?.id ?? '')
        .attach('file', Buffer.from('従事者名簿（写し）\n', 'utf8'), {
          filename: 'roster.txt',
          contentType: 'text/plain',
        })
        .expect(201);
      const fresh = await read(checklist.id, contractor.token);
      const submitted = await http()
        .post(`/api/assessments/${checklist.id}/submit`)
        .set(...bearer(contractor.token))
        .send({ version: fresh.version });
      expect(submitted.status).toBe(200);
      checklist = submitted.body as AssessmentResponse;
    });

    it('should show the reviewer that training answered as done contradicts the roster', async () => {
      const staff = await read(checklist.id, officer.token);
      const training = (staff.items ?? []).find((i) => i.crossCheck === 'roster-training');
      expect(training?.answer).toBe('IMPLEMENTED');
      expect(staff.crossChecks).toEqual([
        expect.objectContaining({ itemId: training?.id, check: 'roster-training', workers: ['置賜 花子'] }),
      ]);
    });

    it('should grade a checklist with one HIGH finding D, however good the rest, and keep advisory findings apart', async () => {
      const items = checklist.items ?? [];
      const required = items.find((i) => !i.advisory && i.answer === 'IMPLEMENTED');
      const advisory = items.find((i) => i.advisory);
      expect(required).toBeDefined();
      expect(advisory).toBeDefined();
      const reviewed = await http()
        .post(`/api/assessments/${checklist.id}/review`)
        .set(...bearer(officer.token))
        .send({
          version: checklist.version,
          complete: true,
          items: items.map((i) =>
            i === required
              ? { itemId: i.id, verdict: 'FINDING', note: '実施の記録がありません。', severity: 'HIGH' }
              : i === advisory
                ? { itemId: i.id, verdict: 'FINDING', note: '実施を推奨します。', severity: 'HIGH' }
                : { itemId: i.id, verdict: 'ACCEPTED' },
          ),
        });
      expect(reviewed.status).toBe(200);
      const body = reviewed.body as AssessmentResponse;
      expect(body.grade).toBe('D');
      expect(body.score).toBeLessThanOrEqual(59);

      // An advisory finding is a recommendation: no order rests on it.
      const advisoryOrder = await http()
        .post('/api/improvement-orders')
        .set(...bearer(admin))
        .send(orderRequestBody(contract.id, { findingItemIds: [advisory?.id] }));
      expect(advisoryOrder.status).toBe(422);
      expect((advisoryOrder.body as ErrorBody).code).toBe('ORDER.FINDING_ADVISORY');

      // The order on the required finding cites its article down to the paragraph, and nothing else.
      const order = await issueOrder(ctx, admin, contract.id, { findingItemIds: [required?.id] });
      const basis = order.basis;
      expect(basis).toEqual([
        expect.objectContaining({ articleNo: required?.articleNo, paragraphs: [required?.basis] }),
      ]);
      const notice = await http()
        .get(`/api/improvement-orders/${order.id}/notice.pdf`)
        .set(...bearer(admin))
        .buffer(true)
        .parse((res, done) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => done(null, Buffer.concat(chunks)));
        });
      const text = squash(pdfText(notice.body as Buffer, 'plain').join(''));
      expect(text).toContain(squash(`第${required?.articleNo}条第${required?.basis}項`));
      if (advisory && advisory.articleNo !== required?.articleNo) {
        expect(text).not.toContain(squash(`第${advisory.articleNo}条（${advisory.clauseTitle}）`));
      }
    });
  });

  it('should ask today’s report form of a contract signed before the form existed, citing no paragraph', async () => {
    const legacy = await createApprovedContract(ctx, officer.token, company.id, {
      assessmentFrequency: 'ANNUAL',
    });
    // As approved before this version: the frozen 定期報告 clause has checklist questions only.
    const clause = await ctx.dataSource.manager.findOneByOrFail(ContractClause, {
      contractId: legacy.id,
      clauseCode: 'PERIODIC_REPORT',
    });
    await ctx.dataSource.manager.update(
      ContractClause,
      { id: clause.id },
      {
        questions: (clause.questions ?? [])
          .filter((q) => q.form !== 'REPORT')
          .map((q) => ({ code: q.code, text: q.text })),
      },
    );
    expect((await generate('2026-04-01')).status).toBe(200);
    const [report] = (await listOf(legacy.id)).filter((a) => a.kind === 'REPORT');
    const items = (await read(report.id, officer.token)).items ?? [];
    const form = catalogue.find((c) => c.code === 'PERIODIC_REPORT')?.reportItems ?? [];
    expect(items.map((i) => [i.questionCode, i.question, i.articleNo, i.basis])).toEqual(
      form.map((q) => [q.code, q.text, clause.articleNo, null]),
    );
  });

  it('should let an officer ask for a checklist now, once a day, on an ACTIVE contract only', async () => {
    const active = await createApprovedContract(ctx, officer.token, company.id);
    const asked = await http()
      .post('/api/assessments')
      .set(...bearer(officer.token))
      .send({ contractId: active.id });
    expect(asked.status).toBe(201);
    const today = todayInJapan();
    expect(asked.body).toMatchObject({
      kind: 'CHECKLIST',
      periodStart: today,
      dueDate: addDays(today, 30),
      status: 'OPEN',
    });
    expect(((asked.body as AssessmentResponse).items ?? []).length).toBeGreaterThan(10);
    const twice = await http()
      .post('/api/assessments')
      .set(...bearer(officer.token))
      .send({ contractId: active.id });
    expect(twice.status).toBe(409);
    expect((twice.body as ErrorBody).code).toBe('ASSESSMENT.ALREADY_EXISTS');
    const drafted = await draft({});
    const onDraft = await http()
      .post('/api/assessments')
      .set(...bearer(officer.token))
      .send({ contractId: drafted.id });
    expect(onDraft.status).toBe(422);
    const past = await http()
      .post('/api/assessments')
      .set(...bearer(officer.token))
      .send({ contractId: active.id, dueDate: addDays(today, -1) });
    expect(past.status).toBe(400);
    expect((past.body as ErrorBody).code).toBe('ASSESSMENT.DUE_DATE_IN_PAST');
  });
});
