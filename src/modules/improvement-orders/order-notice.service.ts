import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager, In } from 'typeorm';
import type { Actor } from '../../common/auth/actor';
import { todayInJapan } from '../../common/clock';
import { Assessment } from '../assessments/assessment.entity';
import { IssuerSettings } from '../settings/issuer-settings.entity';
import { IssuerSettingsService } from '../settings/issuer-settings.service';
import { Contractor } from '../contractors/contractor.entity';
import { ContractClause } from '../contracts/contract-clause.entity';
import { Contract } from '../contracts/contract.entity';
import { DocumentRenderer } from '../documents/document-renderer.service';
import type { IssuedDocument } from '../documents/issued-document.entity';
import { IssuedDocuments } from '../documents/issued-documents.service';
import { TransactionService } from '../../database/transaction.service';
import { ImprovementOrder } from './improvement-order.entity';
import type { IssueOrderRequest, OrderResponse } from './dto/order.dto';
import type { ImprovementNoticeAuthority, ImprovementNoticeInput } from '../documents/improvement-notice';
import { User } from '../users/user.entity';
import { findVisibleOrder } from './order-access';
import { OrdersService } from './orders.service';

/** The owner type of a notice's record. */
const OWNER = 'improvement_order';

/** Days for the 改善計画書 when the contract's 改善の指示 clause sets none. */
const DEFAULT_PLAN_DAYS = 14;

/**
 * The 改善指示書 of an order, a record (issued_document): what it prints — the 文書番号, the addressee's
 * representative, the signer and the contact as they are that day — is fixed in the transaction that issues the
 * order, the PDF is rendered from that once and stored by its SHA-256, and every download is those bytes. The
 * plan deadline and the articles cited are the ones the signed contract states (its IMPROVEMENT_ORDER clause).
 */
@Injectable()
export class OrderNoticeService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly orders: OrdersService,
    private readonly renderer: DocumentRenderer,
    private readonly documents: IssuedDocuments,
    private readonly settings: IssuerSettingsService,
    private readonly tx: TransactionService,
  ) {}

  /** Issues the order and records its 改善指示書, with its 文書番号, in the same transaction. */
  async issueOrder(actor: Actor, input: IssueOrderRequest): Promise<OrderResponse> {
    return this.orders.issue(actor, input, (manager, order) => this.recordIn(manager, order));
  }

  /** The 改善指示書 as issued (an order issued before records has it recorded on its first download). */
  async notice(actor: Actor, id: string): Promise<{ bytes: Buffer; fileName: string }> {
    const manager = this.dataSource.manager;
    const order = await findVisibleOrder(manager, actor, id);
    const record = await this.record(order);
    const { bytes } = await this.documents.pdf<ImprovementNoticeInput>(manager, record, (input) =>
      this.renderer.renderImprovementNotice(input),
    );
    return { bytes, fileName: `kaizen-shiji-${order.orderNumber}.pdf` };
  }

  /** The order's notice record, made now (with a 文書番号) for an order issued before notices were records. */
  async record(order: ImprovementOrder): Promise<IssuedDocument> {
    const manager = this.dataSource.manager;
    const existing = await this.documents.find(manager, OWNER, order.id, 'IMPROVEMENT_NOTICE');
    if (existing) return existing;
    try {
      return await this.tx.run((t) => this.recordIn(t.manager, order));
    } catch (error) {
      // Two first downloads at once: the unique (owner, kind) key lets one record in; read that one.
      const recorded = await this.documents.find(manager, OWNER, order.id, 'IMPROVEMENT_NOTICE');
      if (recorded) return recorded;
      throw error;
    }
  }

  private async recordIn(manager: EntityManager, order: ImprovementOrder): Promise<IssuedDocument> {
    const settings = await this.settings.current(manager);
    const input = await this.inputOf(manager, order, settings);
    return this.documents.issue(manager, {
      kind: 'IMPROVEMENT_NOTICE',
      ownerType: OWNER,
      ownerId: order.id,
      issuedOn: input.issuedDate,
      issuedAt: order.issuedAt,
      issuedBy: order.issuedBy,
      numberPattern: settings.documentNumberPattern,
      build: (documentNumber) => ({ ...input, documentNumber }),
    });
  }

  private async inputOf(
    manager: EntityManager,
    order: ImprovementOrder,
    settings: IssuerSettings,
  ): Promise<ImprovementNoticeInput> {
    const [view, contract, contractor, issuer, improvementClause] = await Promise.all([
      this.orders.respond(manager, order),
      manager.findOneByOrFail(Contract, { id: order.contractId }),
      manager.findOneByOrFail(Contractor, { id: order.contractorId }),
      manager.findOneBy(User, { id: order.issuedBy }),
      manager.findOneBy(ContractClause, { contractId: order.contractId, clauseCode: 'IMPROVEMENT_ORDER' }),
    ]);
    const findings = view.findings ?? [];
    const assessmentIds = [...new Set(findings.map((f) => f.assessmentId))];
    const assessments = assessmentIds.length
      ? await manager.find(Assessment, {
          where: { id: In(assessmentIds) },
          order: { periodStart: 'ASC', kind: 'ASC' },
        })
      : [];
    const planDays = Number(improvementClause?.params.planDays ?? DEFAULT_PLAN_DAYS);
    const signer = settings.signers.IMPROVEMENT_NOTICE;
    return {
      orderNumber: order.orderNumber,
      issuedDate: todayInJapan(order.issuedAt),
      orgName: settings.orgName,
      issuerTitle: signer.title.trim() || '情報セキュリティ管理者',
      issuerName: signer.name.trim() || null,
      sealOmitted: settings.sealOmitted,
      contractor: { name: contractor.name, representativeName: contractor.representativeName },
      contract: { contractNumber: contract.contractNumber, title: contract.title },
      authority: improvementClause ? authorityOf(improvementClause) : null,
      sources: assessments.map((a) => ({
        kind: a.kind,
        periodStart: a.periodStart,
        periodEnd: a.periodEnd,
        submittedDate: a.submittedAt ? todayInJapan(a.submittedAt) : null,
      })),
      ...(view.factsHow.length ? { factsHow: view.factsHow } : {}),
      ...(view.sourceItems?.length
        ? {
            sourceItems: view.sourceItems.map((item) => ({
              articleNo: item.articleNo,
              basis: item.basis,
              clauseTitle: item.clauseTitle,
              question: item.question,
              note: item.note,
            })),
          }
        : {}),
      facts: order.facts,
      title: order.title,
      description: order.description,
      severity: order.severity,
      dueDate: order.dueDate,
      planDueDays: Number.isInteger(planDays) && planDays > 0 ? planDays : DEFAULT_PLAN_DAYS,
      basis: view.basis.map((b) => ({ articleNo: b.articleNo, title: b.title, paragraphs: b.paragraphs })),
      findings: findings.map((f) => ({
        articleNo: f.articleNo,
        basis: f.basis,
        clauseTitle: f.clauseTitle,
        question: f.question,
        answer: f.answer,
        comment: f.comment,
        reviewNote: f.reviewNote,
        severity: f.severity,
      })),
      // The settings' contact block; where the ADMIN has left a field blank, the contract's department and the
      // officer who issued the order, so a notice never goes out without someone to ask.
      contact: {
        department: settings.contactSection.trim() || contract.department,
        name: settings.contactPerson.trim() || issuer?.displayName || signer.title,
        ...(settings.contactPhone.trim() ? { phone: settings.contactPhone.trim() } : {}),
        ...(settings.contactEmail.trim()
          ? { email: settings.contactEmail.trim() }
          : issuer?.email
            ? { email: issuer.email }
            : {}),
      },
    };
  }
}

/**
 * Where the signed 改善の指示 clause gives 甲 the power to order (第1項, 「…改善を指示することができる」), sets the
 * plan deadline (「改善計画書を甲に提出」) and asks for the completion report (「改善が完了したとき」): found in the
 * text as signed, so a contract signed under an older catalogue is cited as it reads.
 */
export function authorityOf(clause: ContractClause): ImprovementNoticeAuthority | null {
  if (clause.articleNo === null || !clause.renderedText) return null;
  const paragraphs = clause.renderedText.split('\n');
  const find = (pattern: RegExp): number | null => {
    const i = paragraphs.findIndex((p) => pattern.test(p));
    return i < 0 ? null : i + 1;
  };
  const power = find(/改善を指示することができる/u);
  if (power === null) return null;
  return {
    articleNo: clause.articleNo,
    title: clause.title ?? '改善の指示',
    paragraph: power,
    planParagraph: find(/改善計画書を甲に提出/u),
    completionParagraph: find(/改善が完了したとき/u),
  };
}
