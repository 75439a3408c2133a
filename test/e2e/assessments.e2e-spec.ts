import type {
  AssessmentItemResponse,
  AssessmentResponse,
} from '../../src/modules/assessments/dto/assessment.dto';
import { acceptableAnswer, createApprovedContract, createContractor, createUserAndLogin } from '../factories';
import type { ErrorBody, PageBody } from '../utils/bodies';
import { ADMIN, bearer, login, startTestApp, type TestContext } from '../utils/test-app';

describe('periodic self-assessments', () => {
  let ctx: TestContext;
  let admin: string;
  let officer: { token: string };
  let company: { id: string };
  let contractor: { id: string; token: string };
  let stranger: { token: string };
  let contract: Awaited<ReturnType<typeof createApprovedContract>>;

  beforeAll(async () => {
    ctx = await startTestApp();
    admin = await login(ctx, ADMIN.email, ADMIN.password);
    officer = await createUserAndLogin(ctx, admin, 'OFFICER');
    company = await createContractor(ctx, admin);
    const otherCompany = await createContractor(ctx, admin, { name: '別会社株式会社' });
    contractor = await createUserAndLogin(ctx, admin, 'CONTRACTOR', company.id);
    stranger = await createUserAndLogin(ctx, admin, 'CONTRACTOR', otherCompany.id);
    contract = await createApprovedContract(ctx, officer.token, company.id);
  });
  afterAll(async () => ctx.close());

  const generate = (asOf: string) =>
    ctx
      .http()
      .post('/api/assessments/generate')
      .set(...bearer(admin))
      .send({ asOf });
  // Checklists unless the query names a kind: most of this file walks the checklist.
  const listFor = async (token: string, query = ''): Promise<AssessmentResponse[]> =>
    (
      (
        await ctx
          .http()
          .get(`/api/assessments?limit=100${query}${query.includes('kind=') ? '' : '&kind=CHECKLIST'}`)
          .set(...bearer(token))
      ).body as PageBody<AssessmentResponse>
    ).items;
  const read = async (id: string, token: string): Promise<AssessmentResponse> =>
    (
      await ctx
        .http()
        .get(`/api/assessments/${id}`)
        .set(...bearer(token))
    ).body as AssessmentResponse;

  it('should create the fiscal-year checklist and a report per begun period, idempotently', async () => {
    const first = await generate('2026-08-15');
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ assessmentsCreated: 3 });
    const again = await generate('2026-08-15');
    expect(again.body).toMatchObject({ assessmentsCreated: 0, itemsCreated: 0 });

    // The checklist is due CHECKLIST_DUE_DAYS (30) after the day it is created; a report ASSESSMENT_DUE_DAYS (14)
    // after its period, but never sooner than 14 days after it is created (the first quarter, generated late).
    const mine = await listFor(contractor.token, `&contractId=${contract.id}`);
    expect(mine.map((a) => [a.kind, a.periodStart, a.periodEnd, a.dueDate, a.status])).toEqual([
      ['CHECKLIST', '2026-04-01', '2027-03-31', '2026-09-14', 'OPEN'],
    ]);
    const reports = await listFor(contractor.token, `&contractId=${contract.id}&kind=REPORT`);
    expect(reports.map((a) => [a.kind, a.periodStart, a.periodEnd, a.dueDate, a.status])).toEqual([
      ['REPORT', '2026-04-01', '2026-06-30', '2026-08-29', 'OPEN'],
      ['REPORT', '2026-07-01', '2026-09-30', '2026-10-14', 'OPEN'],
    ]);
    const detail = await read(mine[0].id, contractor.token);
    const items = detail.items ?? [];
    expect(items.length).toBeGreaterThan(20);
    // Every item points at its article of the signed contract.
    for (const item of items) {
      const clause = contract.clauses.find((c) => c.code === item.clauseCode);
      expect(clause).toBeDefined();
      expect(item.articleNo).toBe(clause?.articleNo);
      expect(item.clauseTitle).toBe(clause?.title);
      expect(item.question.endsWith('か。')).toBe(true);
    }
    expect(detail).toMatchObject({ answeredCount: 0, itemCount: items.length, overdue: true });
  });

  it('should answer 404 to another contractor for the list, the assessment and its answers', async () => {
    const [target] = await listFor(contractor.token);
    expect(await listFor(stranger.token)).toEqual([]);
    expect(
      (
        await ctx
          .http()
          .get(`/api/assessments/${target.id}`)
          .set(...bearer(stranger.token))
      ).status,
    ).toBe(404);
    const write = await ctx
      .http()
      .put(`/api/assessments/${target.id}/items`)
      .set(...bearer(stranger.token))
      .send({
        version: target.version,
        items: [{ itemId: '00000000-0000-4000-8000-000000000000', answer: 'IMPLEMENTED' }],
      });
    expect(write.status).toBe(404);
  });

  it('should take answers in parts, ask for a comment unless implemented, and refuse a stale version', async () => {
    const [target] = await listFor(contractor.token);
    const detail = await read(target.id, contractor.token);
    const items = detail.items ?? [];
    const put = (version: number, answers: unknown[]) =>
      ctx
        .http()
        .put(`/api/assessments/${target.id}/items`)
        .set(...bearer(contractor.token))
        .send({ version, items: answers });

    const noComment = await put(detail.version, [{ itemId: items[0].id, answer: 'PARTIAL' }]);
    expect(noComment.status).toBe(400);
    expect(noComment.body).toMatchObject({ code: 'ASSESSMENT.COMMENT_REQUIRED' });

    const partial = await put(detail.version, [
      {
        itemId: items[0].id,
        answer: 'PARTIAL',
        comment: '一部の従事者が未受講のため、11月中に実施予定です。',
      },
      { itemId: items[1].id, answer: 'IMPLEMENTED', comment: '毎年4月に全員が受講しています。' },
    ]);
    expect(partial.status).toBe(200);
    const saved = partial.body as AssessmentResponse;
    expect(saved.answeredCount).toBe(2);
    expect(saved.items?.[0]).toMatchObject({
      answer: 'PARTIAL',
      comment: '一部の従事者が未受講のため、11月中に実施予定です。',
    });

    const stale = await put(detail.version, [{ itemId: items[2].id, answer: 'IMPLEMENTED' }]);
    expect(stale.status).toBe(409);
    expect((stale.body as ErrorBody).code).toBe('ASSESSMENT.STALE_VERSION');
    const after = await read(target.id, contractor.token);
    expect(after.items?.[2].answer).toBeNull();
    expect(after.items?.[0].answer).toBe('PARTIAL');

    const early = await ctx
      .http()
      .post(`/api/assessments/${target.id}/submit`)
      .set(...bearer(contractor.token))
      .send({ version: after.version });
    expect(early.status).toBe(422);
    expect(early.body).toMatchObject({ code: 'ASSESSMENT.UNANSWERED_ITEMS' });
  });

  it('should submit, take a finding, hide review notes until complete, and score and grade the result', async () => {
    const [target] = await listFor(contractor.token);
    const detail = await read(target.id, contractor.token);
    const all = detail.items ?? [];
    // Three required (not advisory) items answered otherwise, every other item answered as the API accepts it.
    const items = all.filter((i) => !i.advisory && !i.requiresEvidence);
    const special: Record<string, string> = {
      [items[0].id]: 'PARTIAL',
      [items[1].id]: 'NOT_IMPLEMENTED',
      [items[2].id]: 'NOT_APPLICABLE',
    };
    const answers = all.map((item) =>
      special[item.id]
        ? { itemId: item.id, answer: special[item.id], comment: '説明' }
        : acceptableAnswer(item),
    );
    const saved = await ctx
      .http()
      .put(`/api/assessments/${target.id}/items`)
      .set(...bearer(contractor.token))
      .send({ version: detail.version, items: answers });
    expect(saved.status).toBe(200);
    const submitted = await ctx
      .http()
      .post(`/api/assessments/${target.id}/submit`)
      .set(...bearer(contractor.token))
      .send({ version: (saved.body as AssessmentResponse).version });
    expect(submitted.status).toBe(200);
    expect(submitted.body).toMatchObject({ status: 'SUBMITTED' });
    const locked = await ctx
      .http()
      .put(`/api/assessments/${target.id}/items`)
      .set(...bearer(contractor.token))
      .send({
        version: (submitted.body as AssessmentResponse).version,
        items: [{ itemId: items[3].id, answer: 'PARTIAL', comment: 'x' }],
      });
    expect(locked.status).toBe(409);

    let version = (submitted.body as AssessmentResponse).version;
    const noNote = await ctx
      .http()
      .post(`/api/assessments/${target.id}/review`)
      .set(...bearer(officer.token))
      .send({ version, items: [{ itemId: items[1].id, verdict: 'FINDING' }] });
    expect(noNote.body).toMatchObject({ statusCode: 400, code: 'ASSESSMENT.FINDING_INCOMPLETE' });
    const partialReview = await ctx
      .http()
      .post(`/api/assessments/${target.id}/review`)
      .set(...bearer(officer.token))
      .send({
        version,
        items: [
          { itemId: items[1].id, verdict: 'FINDING', note: '暗号化の未実施は重大です。', severity: 'HIGH' },
        ],
      });
    expect(partialReview.status).toBe(200);
    version = (partialReview.body as AssessmentResponse).version;
    // The contractor does not see notes before the review is complete.
    const hidden = await read(target.id, contractor.token);
    expect(hidden.items?.[1]).not.toHaveProperty('reviewNote');
    expect(JSON.stringify(hidden)).not.toContain('暗号化の未実施は重大です。');

    const incomplete = await ctx
      .http()
      .post(`/api/assessments/${target.id}/review`)
      .set(...bearer(officer.token))
      .send({ version, items: [], complete: true });
    expect(incomplete.body).toMatchObject({ statusCode: 422, code: 'ASSESSMENT.UNREVIEWED_ITEMS' });

    const verdicts = all
      .filter((item) => item.id !== items[1].id)
      .map((item: AssessmentItemResponse) => ({ itemId: item.id, verdict: 'ACCEPTED' }));
    const done = await ctx
      .http()
      .post(`/api/assessments/${target.id}/review`)
      .set(...bearer(officer.token))
      .send({ version, items: verdicts, complete: true });
    expect(done.status).toBe(200);
    const reviewed = done.body as AssessmentResponse;
    // The formula written out apart from the code: advisory items and 該当しない left out, the finding counts 0,
    // and its HIGH severity caps the score at 59 (grade D).
    const counted = answers.filter(
      (a) => a.answer !== 'NOT_APPLICABLE' && !all.find((i) => i.id === a.itemId)?.advisory,
    );
    const points = counted.reduce(
      (sum, a) =>
        sum +
        (a.itemId === items[1].id ? 0 : a.answer === 'IMPLEMENTED' ? 1 : a.answer === 'PARTIAL' ? 0.5 : 0),
      0,
    );
    const raw = Math.round((points / counted.length) * 10_000) / 100;
    expect(raw).toBeGreaterThan(59);
    const expected = 59;
    expect(reviewed).toMatchObject({ status: 'REVIEWED', score: expected, grade: 'D' });
    const visible = await read(target.id, contractor.token);
    expect(visible.items?.find((i) => i.id === items[1].id)).toMatchObject({
      verdict: 'FINDING',
      reviewNote: '暗号化の未実施は重大です。',
      severity: 'HIGH',
    });
    expect(visible.score).toBe(expected);
  });

  it('should return an assessment with a message and let the contractor submit again', async () => {
    const [second] = await listFor(officer.token, `&contractId=${contract.id}&status=OPEN&kind=REPORT`);
    const detail = await read(second.id, contractor.token);
    const answers = (detail.items ?? []).map((item) => ({ itemId: item.id, answer: 'NO' }));
    const saved = (
      await ctx
        .http()
        .put(`/api/assessments/${detail.id}/items`)
        .set(...bearer(contractor.token))
        .send({ version: detail.version, items: answers })
    ).body as AssessmentResponse;
    const sub = (
      await ctx
        .http()
        .post(`/api/assessments/${detail.id}/submit`)
        .set(...bearer(contractor.token))
        .send({ version: saved.version })
    ).body as AssessmentResponse;
    const returned = await ctx
      .http()
      .post(`/api/assessments/${detail.id}/return`)
      .set(...bearer(officer.token))
      .send({ version: sub.version, message: '第9条の根拠資料を添付してください。' });
    expect(returned.body).toMatchObject({
      status: 'RETURNED',
      returnMessage: '第9条の根拠資料を添付してください。',
    });
    const first = (await listFor(contractor.token, '&kind=REPORT'))[0];
    expect(first.id).toBe(detail.id); // returned ones come first for the contractor
    const resubmit = await ctx
      .http()
      .post(`/api/assessments/${detail.id}/submit`)
      .set(...bearer(contractor.token))
      .send({ version: (returned.body as AssessmentResponse).version });
    expect(resubmit.body).toMatchObject({ status: 'SUBMITTED' });
  });

  it("should start a new checklist from the previous checklist's answers, and a report from nothing", async () => {
    const created = await generate('2026-10-01');
    expect(created.body).toMatchObject({ assessmentsCreated: 1 });
    const third = (
      await listFor(officer.token, `&contractId=${contract.id}&periodFrom=2026-10-01&kind=REPORT`)
    )[0];
    expect((await read(third.id, officer.token)).answeredCount).toBe(0);

    const [reviewed] = await listFor(officer.token, `&contractId=${contract.id}&status=REVIEWED`);
    const before = await read(reviewed.id, officer.token);
    const asked = await ctx
      .http()
      .post('/api/assessments')
      .set(...bearer(officer.token))
      .send({ contractId: contract.id });
    expect(asked.status).toBe(201);
    const detail = asked.body as AssessmentResponse;
    expect(detail.answeredCount).toBe(detail.itemCount);
    expect((detail.items ?? []).map((i) => [i.questionCode, i.answer, i.comment])).toEqual(
      (before.items ?? []).map((i) => [i.questionCode, i.answer, i.comment]),
    );
  });

  it('should filter overdue assessments and refuse generation to non-admins', async () => {
    const overdue = await listFor(officer.token, '&overdue=true');
    expect(overdue.every((a) => a.overdue && (a.status === 'OPEN' || a.status === 'RETURNED'))).toBe(true);
    expect(
      (
        await ctx
          .http()
          .post('/api/assessments/generate')
          .set(...bearer(officer.token))
          .send({})
      ).status,
    ).toBe(403);
  });

  it('should give exactly one success to twenty simultaneous submits', async () => {
    const other = await createApprovedContract(ctx, officer.token, company.id, {
      assessmentFrequency: 'ANNUAL',
    });
    await generate('2026-04-01');
    const [target] = await listFor(contractor.token, `&contractId=${other.id}`);
    const detail = await read(target.id, contractor.token);
    const saved = (
      await ctx
        .http()
        .put(`/api/assessments/${target.id}/items`)
        .set(...bearer(contractor.token))
        .send({ version: detail.version, items: (detail.items ?? []).map(acceptableAnswer) })
    ).body as AssessmentResponse;
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        ctx
          .http()
          .post(`/api/assessments/${target.id}/submit`)
          .set(...bearer(contractor.token))
          .send({ version: saved.version }),
      ),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(19);
    const audits = await ctx
      .http()
      .get(`/api/audit-events?entityId=${target.id}&action=assessment.submit&withTotal=true`)
      .set(...bearer(admin));
    expect((audits.body as { total: number }).total).toBe(1);
  });

  it('should never lose an acknowledged answer when saves race', async () => {
    const other = await createApprovedContract(ctx, officer.token, company.id, {
      assessmentFrequency: 'ANNUAL',
    });
    await generate('2026-04-01');
    const [target] = await listFor(contractor.token, `&contractId=${other.id}`);
    const detail = await read(target.id, contractor.token);
    const items = (detail.items ?? []).slice(0, 10);
    // Ten saves of different items, all made from the same version read: one wins, the rest are told to reload.
    const results = await Promise.all(
      items.map((item) =>
        ctx
          .http()
          .put(`/api/assessments/${target.id}/items`)
          .set(...bearer(contractor.token))
          .send({ version: detail.version, items: [acceptableAnswer(item)] }),
      ),
    );
    const acknowledged = items.filter((_, i) => results[i].status === 200).map((item) => item.id);
    expect(acknowledged).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(items.length - 1);
    const after = await read(target.id, contractor.token);
    const answered = (after.items ?? []).filter((i) => i.answer !== null).map((i) => i.id);
    expect(answered).toEqual(acknowledged);
    expect(after.version).toBe(detail.version + 1);
  });

  it('should never create duplicates when two generations run at once', async () => {
    await createApprovedContract(ctx, officer.token, company.id, { assessmentFrequency: 'MONTHLY' });
    const [a, b] = await Promise.all([generate('2026-12-31'), generate('2026-12-31')]);
    expect(a.status).toBe(200);
    expect(b.status).toBe(200);
    const createdTotal =
      (a.body as { assessmentsCreated: number }).assessmentsCreated +
      (b.body as { assessmentsCreated: number }).assessmentsCreated;
    const rows = await ctx.dataSource.query<{ n: number | string }[]>(
      'SELECT COUNT(*) AS n FROM assessment GROUP BY contract_id, kind, period_start HAVING COUNT(*) > 1',
    );
    expect(rows).toEqual([]);
    expect(createdTotal).toBeGreaterThanOrEqual(9);
    expect((await generate('2026-12-31')).body).toMatchObject({ assessmentsCreated: 0 });
    const verify = await ctx
      .http()
      .get('/api/audit-events/verify')
      .set(...bearer(admin));
    expect(verify.body).toMatchObject({ ok: true });
  });
});
