import { Assessment, type AssessmentStatus } from '../../src/modules/assessments/assessment.entity';
import { AssessmentItem } from '../../src/modules/assessments/assessment-item.entity';
import { Contract } from '../../src/modules/contracts/contract.entity';
import type { OrderResponse } from '../../src/modules/improvement-orders/dto/order.dto';
import type { EntityManager } from 'typeorm';
import { randomInt, randomUUID } from 'node:crypto';
import { bearer, login, type TestContext } from '../utils/test-app';

/**
 * A valid, random 法人番号. Its check digit is worked out here, apart from the code under test (so a wrong rule
 * there is refused by the API instead of agreed with): 9 − Σ digit × (1, 2, 1, 2 … from the right) mod 9.
 */
export function corporateNumber(): string {
  const base = Array.from({ length: 12 }, () => randomInt(10));
  const sum = base.reduceRight((acc, digit, i) => acc + digit * ((11 - i) % 2 === 0 ? 1 : 2), 0);
  return `${9 - (sum % 9)}${base.join('')}`;
}

export function contractorInput(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    corporateNumber: corporateNumber(),
    name: '株式会社置賜情報サービス',
    nameKana: 'カブシキガイシャオキタマジョウホウサービス',
    address: '山形県長井市本町一丁目1番1号',
    representativeName: '代表取締役 髙橋 一郎',
    securityOfficer: { name: '山﨑 花子', email: 'security@okitama-is.example.jp', phone: '0238-00-0000' },
    ...overrides,
  };
}

export async function createContractor(
  ctx: TestContext,
  token: string,
  overrides: Record<string, unknown> = {},
): Promise<{ id: string; version: number; name: string }> {
  const res = await ctx
    .http()
    .post('/api/contractors')
    .set(...bearer(token))
    .send(contractorInput(overrides));
  if (res.status !== 201)
    throw new Error(`create contractor failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; version: number; name: string };
}

let userSeq = 0;
/** Creates a user through the API and signs it in. */
export async function createUserAndLogin(
  ctx: TestContext,
  adminToken: string,
  role: 'ADMIN' | 'OFFICER' | 'CONTRACTOR' | 'AUDITOR',
  contractorId?: string,
): Promise<{ id: string; email: string; password: string; token: string }> {
  userSeq += 1;
  const email = `${role.toLowerCase()}${userSeq}-${randomInt(1e9)}@example.jp`;
  const password = `pw-${role}-${userSeq}-long-enough`;
  const res = await ctx
    .http()
    .post('/api/users')
    .set(...bearer(adminToken))
    .send({
      email,
      displayName: `${role} ${userSeq}`,
      password,
      role,
      ...(contractorId ? { contractorId } : {}),
    });
  if (res.status !== 201) throw new Error(`create user failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { id: (res.body as { id: string }).id, email, password, token: await login(ctx, email, password) };
}

/**
 * Records a complete selection (選定) for a draft contract: 一般競争入札, every criterion that applies to it met,
 * with a reason. A contract cannot be approved without one; call this before any `/approve`.
 */
export async function completeSelection(
  ctx: TestContext,
  staffToken: string,
  contractId: string,
  overrides: Record<string, unknown> = {},
): Promise<{ version: number; criteria: { code: string }[] }> {
  const current = await ctx
    .http()
    .get(`/api/contracts/${contractId}/selection`)
    .set(...bearer(staffToken));
  if (current.status !== 200)
    throw new Error(`read selection failed: ${current.status} ${JSON.stringify(current.body)}`);
  const body = current.body as { version: number; criteria: { code: string }[] };
  const put = await ctx
    .http()
    .put(`/api/contracts/${contractId}/selection`)
    .set(...bearer(staffToken))
    .send({
      method: 'OPEN_TENDER',
      criteria: body.criteria.map((c) => ({ code: c.code, met: true, note: '確認した。' })),
      reason: '確認項目をすべて満たし、入札の結果、最低価格で応札したため。',
      ...(body.version ? { version: body.version } : {}),
      ...overrides,
    });
  if (put.status !== 200)
    throw new Error(`record selection failed: ${put.status} ${JSON.stringify(put.body)}`);
  return put.body as { version: number; criteria: { code: string }[] };
}

let contractSeq = 0;
/**
 * Drafts a contract through the API and approves it; answers the approved contract. The approval is then recorded
 * as made on the contract's start date (a contract signed before its work began), so that generation as of a date
 * in its term asks for every period; `{ approvedToday: true }` keeps today's approval.
 */
export async function createApprovedContract(
  ctx: TestContext,
  officerToken: string,
  contractorId: string,
  overrides: Record<string, unknown> = {},
  options: { approvedToday?: boolean } = {},
): Promise<{ id: string; version: number; clauses: { code: string; articleNo: number; title: string }[] }> {
  contractSeq += 1;
  const created = await ctx
    .http()
    .post('/api/contracts')
    .set(...bearer(officerToken))
    .send({
      contractNumber: `T-${Date.now()}-${contractSeq}`,
      title: '窓口業務支援システム保守業務委託',
      contractorId,
      department: '総務課',
      startDate: '2026-04-01',
      endDate: '2027-03-31',
      confidentialityClass: 1,
      handlesPersonalInfo: false,
      usesCloud: false,
      assessmentFrequency: 'QUARTERLY',
      ...overrides,
    });
  if (created.status !== 201)
    throw new Error(`create contract failed: ${created.status} ${JSON.stringify(created.body)}`);
  const id = (created.body as { id: string }).id;
  await completeSelection(ctx, officerToken, id);
  const approved = await ctx
    .http()
    .post(`/api/contracts/${id}/approve`)
    .set(...bearer(officerToken))
    .send({ version: 1 });
  if (approved.status !== 200)
    throw new Error(`approve failed: ${approved.status} ${JSON.stringify(approved.body)}`);
  if (!options.approvedToday) {
    const startDate = (created.body as { startDate: string }).startDate;
    await ctx.dataSource.manager.update(
      Contract,
      { id },
      { approvedAt: new Date(`${startDate}T00:00:00+09:00`) },
    );
  }
  return approved.body as {
    id: string;
    version: number;
    clauses: { code: string; articleNo: number; title: string }[];
  };
}

interface ItemBody {
  id: string;
  clauseCode: string;
  articleNo: number;
  basis: number | null;
  advisory: boolean;
  requiresComment: boolean;
  requiresEvidence: boolean;
  question: string;
}

/**
 * An answer the API accepts for any checklist item without uploads: 実施している with a comment (some questions
 * ask how), or 該当しない with the reason where evidence would be needed.
 */
export function acceptableAnswer(item: Pick<ItemBody, 'id' | 'requiresEvidence'>): {
  itemId: string;
  answer: string;
  comment: string;
} {
  return item.requiresEvidence
    ? { itemId: item.id, answer: 'NOT_APPLICABLE', comment: '本業務では該当する資料を取り扱っていません。' }
    : { itemId: item.id, answer: 'IMPLEMENTED', comment: '手順書に定め、担当者が毎月確認しています。' };
}

/**
 * Takes the contract's CHECKLIST through the whole cycle: generated, answered (its first required item
 * NOT_IMPLEMENTED), submitted, reviewed with that item as a HIGH finding. Answers the finding item.
 */
export async function reviewedFinding(
  ctx: TestContext,
  tokens: { admin: string; officer: string; contractor: string },
  contractId: string,
): Promise<{ assessmentId: string; item: ItemBody }> {
  await ctx
    .http()
    .post('/api/assessments/generate')
    .set(...bearer(tokens.admin))
    .send({ asOf: '2026-04-01' })
    .expect(200);
  const list = await ctx
    .http()
    .get(`/api/assessments?contractId=${contractId}&kind=CHECKLIST`)
    .set(...bearer(tokens.contractor));
  const id = (list.body as { items: { id: string }[] }).items[0].id;
  const detail = (
    await ctx
      .http()
      .get(`/api/assessments/${id}`)
      .set(...bearer(tokens.contractor))
  ).body as {
    version: number;
    items: ItemBody[];
  };
  const target = detail.items.find((item) => !item.advisory) ?? detail.items[0];
  const answers = detail.items.map((item) =>
    item === target
      ? { itemId: item.id, answer: 'NOT_IMPLEMENTED', comment: '持出し用 USB メモリの暗号化が未対応です。' }
      : acceptableAnswer(item),
  );
  const saved = await ctx
    .http()
    .put(`/api/assessments/${id}/items`)
    .set(...bearer(tokens.contractor))
    .send({ version: detail.version, items: answers });
  if (saved.status !== 200) throw new Error(`save failed: ${saved.status} ${JSON.stringify(saved.body)}`);
  const submitted = await ctx
    .http()
    .post(`/api/assessments/${id}/submit`)
    .set(...bearer(tokens.contractor))
    .send({ version: (saved.body as { version: number }).version });
  if (submitted.status !== 200)
    throw new Error(`submit failed: ${submitted.status} ${JSON.stringify(submitted.body)}`);
  const verdicts = detail.items.map((item) =>
    item === target
      ? {
          itemId: item.id,
          verdict: 'FINDING',
          note: '暗号化されていない媒体での持出しは認められません。',
          severity: 'HIGH',
        }
      : { itemId: item.id, verdict: 'ACCEPTED' },
  );
  const reviewed = await ctx
    .http()
    .post(`/api/assessments/${id}/review`)
    .set(...bearer(tokens.officer))
    .send({ version: (submitted.body as { version: number }).version, items: verdicts, complete: true });
  if (reviewed.status !== 200)
    throw new Error(`review failed: ${reviewed.status} ${JSON.stringify(reviewed.body)}`);
  return { assessmentId: id, item: target };
}

/**
 * Ends every active contract of a company (as at the end of its period), so it can be archived: archiving is
 * refused while the company is party to a draft or active contract. Drafts are left alone (there should be none).
 */
export async function endContractsOf(ctx: TestContext, token: string, contractorId: string): Promise<void> {
  const list = await ctx
    .http()
    .get(`/api/contracts?contractorId=${contractorId}&status=ACTIVE&limit=100`)
    .set(...bearer(token));
  if (list.status !== 200)
    throw new Error(`list contracts failed: ${list.status} ${JSON.stringify(list.body)}`);
  for (const contract of (list.body as { items: { id: string; version: number }[] }).items) {
    const ended = await ctx
      .http()
      .post(`/api/contracts/${contract.id}/end`)
      .set(...bearer(token))
      .send({ version: contract.version, reason: '契約期間の満了' });
    if (ended.status !== 200)
      throw new Error(`end contract failed: ${ended.status} ${JSON.stringify(ended.body)}`);
  }
}

/** 'YYYY-MM-DD' in Japan, `days` from today (computed here, apart from the app's clock helpers). */
export function japanDatePlus(days: number): string {
  const today = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Tokyo',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date());
  const date = new Date(`${today}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/**
 * A complete 再委託 request (特記事項 再委託の制限 第2項): the sub-contractor proposed (override with `subcontractor`),
 * starting 30 days from today, well past the default 14-day lead time.
 */
export function subcontractRequestBody(
  overrides: Record<string, unknown> & { subcontractor?: Record<string, unknown> } = {},
): Record<string, unknown> {
  const { subcontractor, ...rest } = overrides;
  return {
    subcontractor: {
      name: '米沢データ印刷株式会社',
      corporateNumber: corporateNumber(),
      address: '山形県米沢市金池三丁目1番1号',
      representativeName: '代表取締役 米沢 一郎',
      securityOfficer: {
        name: '保安 花子',
        email: 'security@yonezawa-print.example.jp',
        phone: '0238-11-1111',
      },
      ...subcontractor,
    },
    scope: '帳票の印刷及び封入封緘',
    necessity: '繁忙期の帳票印刷量が受託者の設備の能力を超えるため。',
    informationHandled: '住民の氏名、住所及び税額',
    securityMeasures: '入退室を管理した印刷室でのみ作業し、データは暗号化した媒体で受け渡す。',
    workers: [{ name: '山﨑 花子', role: '封入封緘作業' }],
    plannedStartDate: japanDatePlus(30),
    ...rest,
  };
}

/**
 * What an improvement order issued without findings must state (特記事項の条項, the facts found, when and how):
 * spread into `orderRequestBody` for an order on facts rather than on `findingItemIds`.
 */
export const ORDER_FACTS_FOUND = {
  facts: '令和8年7月1日の立入検査において、当該条項の定めに適合していない事実を確認した。',
  foundOn: '2026-07-01',
  foundHow: '甲の職員による現地確認',
} as const;
export const ORDER_ON_FACTS = { clauseCode: 'CONFIDENTIALITY', ...ORDER_FACTS_FOUND } as const;

/**
 * A request issuing an improvement order on `contractId`, due 30 days from today; the basis is the caller's
 * (`findingItemIds`, `...ORDER_ON_FACTS`, an inspection's or an incident's), as are any other overrides.
 */
export function orderRequestBody(
  contractId: string,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    contractId,
    title: '持出し媒体の暗号化の徹底',
    description: '持出しに用いる外部記録媒体をすべて暗号化し、管理台帳を整備すること。',
    severity: 'HIGH',
    dueDate: japanDatePlus(30),
    ...overrides,
  };
}

/** Issues an improvement order through the API (orderRequestBody) and answers it; anything but 201 throws. */
export async function issueOrder(
  ctx: TestContext,
  token: string,
  contractId: string,
  overrides: Record<string, unknown> = {},
): Promise<OrderResponse> {
  const res = await ctx
    .http()
    .post('/api/improvement-orders')
    .set(...bearer(token))
    .send(orderRequestBody(contractId, overrides));
  if (res.status !== 201) throw new Error(`issue order failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as OrderResponse;
}

/**
 * A self-assessment of the first half of 2026 in `status` with one item (入退室管理, unanswered), written directly
 * for tests of what hangs on an item (evidence), where the generation routes are beside the point.
 */
export async function insertAssessmentWithItem(
  m: EntityManager,
  contractId: string,
  contractorId: string,
  status: AssessmentStatus = 'OPEN',
): Promise<{ assessmentId: string; itemId: string }> {
  const assessmentId = randomUUID();
  const itemId = randomUUID();
  const now = new Date();
  await m.insert(Assessment, {
    id: assessmentId,
    contractId,
    contractorId,
    periodStart: '2026-04-01',
    periodEnd: '2026-09-30',
    dueDate: '2026-10-14',
    status,
    submittedAt: null,
    submittedBy: null,
    reviewedAt: null,
    reviewedBy: null,
    returnMessage: null,
    score: null,
    version: 1,
    createdAt: now,
    updatedAt: now,
  });
  await m.insert(AssessmentItem, {
    id: itemId,
    assessmentId,
    position: 1,
    clauseCode: 'ACCESS_CONTROL',
    articleNo: 3,
    clauseTitle: '入退室管理',
    questionCode: 'ACCESS_CONTROL.Q1',
    question: '作業場所への入退室を記録し、定期的に確認していますか。',
    answer: null,
    comment: null,
    answeredAt: null,
    answeredBy: null,
    verdict: null,
    reviewNote: null,
    severity: null,
  });
  return { assessmentId, itemId };
}
