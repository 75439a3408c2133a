import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Contractor } from '../../contractors/contractor.entity';
import { addDays, todayInJapan } from '../../../common/clock';
import { formatWareki } from '../../../common/dates/wareki';
import type { Actor } from '../../../common/auth/actor';
import { InjectConfig } from '../../../config/config.module';
import type { AppConfig } from '../../../config/env';
import { ClauseCatalogueService } from '../../clauses/clause-catalogue.service';
import { ContractorsService } from '../../contractors/contractors.service';
import { ContractsService } from '../../contracts/contracts.service';
import type { ContractResponse, MicCoverageResponse } from '../../contracts/dto/contract.response';
import type { SubcontractResponse } from '../../contracts/dto/subcontract.dto';
import type { SelectionResponse } from '../../selection/dto/selection.dto';
import { SubcontractErrors } from '../../contracts/subcontracts.errors';
import { SubcontractsService } from '../../contracts/subcontracts.service';
import { SelectionService } from '../../selection/selection.service';
import { allPages, type FormState } from './contract-forms';

export interface Choice {
  id: string;
  name: string;
}

/** An item of the MIC model guideline's list that the contract's clauses leave out (CONTRACT.MIC_ITEMS_UNCOVERED). */
export interface UncoveredItem {
  item: number;
  label: string;
}

/** The forms of the contract page, each with its own errors after a refused submission. */
export interface DetailForms {
  approve?: FormState & { uncovered?: UncoveredItem[]; summaryItems?: { text: string; href: string }[] };
  checklist?: FormState;
  end?: FormState;
  terminate?: FormState;
  subcontract?: FormState;
}

const STAFF_WRITERS = ['OFFICER', 'ADMIN'];
const OPEN = ['DRAFT', 'ACTIVE'];

/** What the contract pages read beyond one service call: choices for selects and the detail page's parts. */
@Injectable()
export class ContractViews {
  constructor(
    private readonly dataSource: DataSource,
    private readonly contracts: ContractsService,
    private readonly subcontracts: SubcontractsService,
    private readonly contractors: ContractorsService,
    private readonly catalogue: ClauseCatalogueService,
    private readonly selection: SelectionService,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  /** Contractors the caller may see (for a new contract: only ACTIVE ones can be contracted). */
  async contractorChoices(actor: Actor, status?: 'ACTIVE'): Promise<Choice[]> {
    const all = await allPages((cursor) =>
      this.contractors.list(actor, {
        limit: 100,
        ...(status ? { status } : {}),
        ...(cursor ? { cursor } : {}),
      }),
    );
    return all.map((c) => ({ id: c.id, name: c.name })).sort((a, b) => a.name.localeCompare(b.name, 'ja'));
  }

  async tiers(actor: Actor, contractId: string): Promise<SubcontractResponse[]> {
    return allPages((cursor) =>
      this.subcontracts.list(actor, contractId, { limit: 100, ...(cursor ? { cursor } : {}) }),
    );
  }

  /** The workers' possible employers: the contractor and its approved sub-contractors. */
  employers(contract: ContractResponse, tiers: SubcontractResponse[]): Choice[] {
    const approved = tiers.flatMap((t) =>
      t.status === 'APPROVED' && t.contractorId
        ? [{ id: t.contractorId, name: `${t.contractorName}（再委託先）` }]
        : [],
    );
    const unique = new Map([[contract.contractorId, `${contract.contractorName}（受託者）`]]);
    for (const a of approved) if (!unique.has(a.id)) unique.set(a.id, a.name);
    return [...unique].map(([id, name]) => ({ id, name }));
  }

  /**
   * A 再委託 request's page: what was requested, and the steps the caller may take now. Staff see which registered
   * company the proposed 法人番号 matches; a contractor never does (subcontract-access.ts).
   */
  async subcontractDetail(
    actor: Actor,
    contractId: string,
    subcontractId: string,
    forms: SubcontractForms = {},
  ): Promise<{ contract: ContractResponse; sub: SubcontractResponse } & Record<string, unknown>> {
    const sub = await this.subcontracts.get(actor, subcontractId);
    if (sub.contractId !== contractId) throw SubcontractErrors.notFound();
    const contract = await this.contracts.get(actor, contractId);
    const staff = STAFF_WRITERS.includes(actor.role);
    const pending = sub.status === 'REQUESTED' || sub.status === 'REGISTERED';
    const canRegister = staff && sub.status === 'REQUESTED' && sub.proposed !== null;
    const number = sub.proposed?.corporateNumber ?? null;
    const match =
      canRegister && number
        ? await this.dataSource.manager.findOne(Contractor, {
            select: { id: true, name: true, status: true },
            where: { corporateNumber: number },
          })
        : null;
    const decidable = staff && contract.status === 'ACTIVE';
    return {
      contract,
      sub,
      canRegister,
      match,
      registryChoices: canRegister
        ? (await this.contractorChoices(actor, 'ACTIVE')).filter((c) => c.id !== contract.contractorId)
        : [],
      canApprove: decidable && sub.status === 'REGISTERED',
      canReject: decidable && pending,
      awaitsSigning: staff && pending && contract.status === 'DRAFT',
      canWithdraw: pending && actor.role !== 'AUDITOR',
      forms,
    };
  }

  /** The request form's lead time (再委託の制限 第2項) and the earliest start it allows from today. */
  private async leadTime(actor: Actor, contractId: string): Promise<Record<string, unknown>> {
    const leadDays = await this.subcontracts.leadDaysOf(actor, contractId);
    const earliestStart = addDays(todayInJapan(), leadDays);
    return {
      leadDays,
      earliestStart,
      earliestStartHint: `${formatWareki(earliestStart)}以降の日を入力してください（申請は開始する日の${leadDays}日前までに行う必要があります。）。`,
    };
  }

  /** Everything the contract page shows, and which of its forms the caller may use. */
  async detail(
    actor: Actor,
    id: string,
    forms: DetailForms = {},
  ): Promise<{ contract: ContractResponse } & Record<string, unknown>> {
    const contract = await this.contracts.get(actor, id);
    const tiers = await this.tiers(actor, id);
    const names = new Map(tiers.map((t) => [t.id, t.contractorName]));
    const staff = STAFF_WRITERS.includes(actor.role);
    const open = OPEN.includes(contract.status);
    const forbidden = this.catalogue.forbidsSubcontracting((contract.clauses ?? []).map((c) => c.code));
    const canRequest = actor.role === 'CONTRACTOR' && open && !forbidden;
    const mic = micView(contract);
    // The selection record (選定) is the body's own: shown to staff and the auditor, never to the contractor.
    const selection = actor.role === 'CONTRACTOR' ? null : await this.selection.get(actor, id);
    return {
      contract,
      selection,
      selectionMissing: selection ? missingText(selection) : '',
      isDraft: contract.status === 'DRAFT',
      isActive: contract.status === 'ACTIVE',
      canManage: staff,
      mic,
      micUncovered: mic.filter((m) => !m.covered).length,
      // 自己点検票 on demand (POST /api/assessments): the body asks it of a contract in force.
      canRequestChecklist: staff && contract.status === 'ACTIVE',
      checklistDueDays: this.config.checklistDueDays,
      canDecide: staff && open,
      canRequest,
      subcontractingForbidden: forbidden,
      tiers: tiers.map((t) => ({
        ...t,
        parentName: t.parentSubcontractId ? (names.get(t.parentSubcontractId) ?? '') : null,
        pending: t.status === 'REQUESTED' || t.status === 'REGISTERED',
      })),
      approvedTiers: tiers.filter((t) => t.status === 'APPROVED'),
      ...(canRequest ? await this.leadTime(actor, id) : {}),
      forms,
    };
  }
}

/** What a selection still lacks, in words: 選定の方法、確認項目「…」、選定理由. */
export function missingText(selection: SelectionResponse): string {
  const titles = new Map(selection.criteria.map((c) => [`criteria.${c.code}`, `確認項目「${c.title}」`]));
  const words: Record<string, string> = { method: '選定の方法', reason: '選定理由' };
  return selection.missing.map((m) => words[m] ?? titles.get(m) ?? m).join('、');
}

/** The forms of a 再委託 request's page. */
export interface SubcontractForms {
  register?: FormState;
  approve?: FormState;
  reject?: FormState;
  withdraw?: FormState;
}

/** One row of the 「契約書に定めるべき事項」 table: the MIC item and the articles of this contract that state it. */
export interface MicRow extends MicCoverageResponse {
  covered: boolean;
  articles: { code: string; articleNo: number; title: string }[];
}

/** The 13 MIC items with the contract's articles (第n条（見出し）) that state each, in article order. */
function micView(contract: ContractResponse): MicRow[] {
  const byCode = new Map((contract.clauses ?? []).map((c) => [c.code, c]));
  return (contract.micCoverage ?? []).map((m) => ({
    ...m,
    covered: m.clauses.length > 0,
    articles: m.clauses
      .flatMap((code) => {
        const clause = byCode.get(code);
        return clause ? [{ code, articleNo: clause.articleNo, title: clause.title }] : [];
      })
      .sort((a, b) => a.articleNo - b.articleNo),
  }));
}
