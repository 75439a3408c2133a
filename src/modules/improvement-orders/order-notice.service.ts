import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor } from '../../common/auth/actor';
import { todayInJapan } from '../../common/clock';
import { InjectConfig } from '../../config/config.module';
import type { AppConfig } from '../../config/env';
import { Contractor } from '../contractors/contractor.entity';
import { ContractClause } from '../contracts/contract-clause.entity';
import { Contract } from '../contracts/contract.entity';
import { DocumentRenderer } from '../documents/document-renderer.service';
import type { IssuedDocument } from '../documents/issued-document.entity';
import { IssuedDocuments } from '../documents/issued-documents.service';
import { TransactionService } from '../../database/transaction.service';
import { ImprovementOrder } from './improvement-order.entity';
import type { IssueOrderRequest, OrderResponse } from './dto/order.dto';
import type { ImprovementNoticeInput } from '../documents/improvement-notice';
import { User } from '../users/user.entity';
import { findVisibleOrder } from './order-access';
import { OrdersService } from './orders.service';

/** The owner type of a notice's record. */
const OWNER = 'improvement_order';

/** Days for the 改善計画書 when the contract's 改善の指示 clause sets none. */
const DEFAULT_PLAN_DAYS = 14;

/**
 * The 改善指示書 of an order, a record (issued_document): what it prints is fixed when the order is issued, the PDF
 * is rendered from that once and stored by its SHA-256, and every download is those bytes. The plan deadline is
 * the one the signed contract states (its IMPROVEMENT_ORDER clause).
 */
@Injectable()
export class OrderNoticeService {
  private readonly logger = new Logger('OrderNotice');

  constructor(
    private readonly dataSource: DataSource,
    private readonly orders: OrdersService,
    private readonly renderer: DocumentRenderer,
    private readonly documents: IssuedDocuments,
    private readonly tx: TransactionService,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  /**
   * Issues the order and records its 改善指示書 right after the commit, before anyone can edit what it prints. Should
   * the record fail, the order stands and its notice is recorded on the first download instead.
   */
  async issueOrder(actor: Actor, input: IssueOrderRequest): Promise<OrderResponse> {
    const issued = await this.orders.issue(actor, input);
    const order = await this.dataSource.manager.findOneByOrFail(ImprovementOrder, { id: issued.id });
    await this.record(order).catch((error: unknown) =>
      this.logger.warn(
        { orderId: order.id, err: error },
        'notice not recorded at issue; recorded on download',
      ),
    );
    return issued;
  }

  /** The 改善指示書 as issued: recorded at issue (or, for an order issued before records, on its first download). */
  async notice(actor: Actor, id: string): Promise<{ bytes: Buffer; fileName: string }> {
    const manager = this.dataSource.manager;
    const order = await findVisibleOrder(manager, actor, id);
    const record = await this.record(order);
    const { bytes } = await this.documents.pdf<ImprovementNoticeInput>(manager, record, (input) =>
      this.renderer.renderImprovementNotice(input),
    );
    return { bytes, fileName: `kaizen-shiji-${order.orderNumber}.pdf` };
  }

  /**
   * Fixes what the order's notice prints — the addressee's representative, the issuer, the contact — as it is now,
   * once: later edits of the contractor, the users or the settings never reach an issued notice.
   */
  async record(order: ImprovementOrder): Promise<IssuedDocument> {
    const manager = this.dataSource.manager;
    const existing = await this.documents.find(manager, OWNER, order.id, 'IMPROVEMENT_NOTICE');
    if (existing) return existing;
    const input = await this.inputOf(order);
    try {
      return await this.tx.run((t) =>
        this.documents.issue(t.manager, {
          kind: 'IMPROVEMENT_NOTICE',
          ownerType: OWNER,
          ownerId: order.id,
          issuedOn: input.issuedDate,
          issuedAt: order.issuedAt,
          issuedBy: order.issuedBy,
          // The order number is the notice's number until the 文書記号 layout (issue 12) prints one.
          numberPattern: null,
          build: () => input,
        }),
      );
    } catch (error) {
      // Two first downloads at once: the unique (owner, kind) key lets one record in; read that one.
      const recorded = await this.documents.find(manager, OWNER, order.id, 'IMPROVEMENT_NOTICE');
      if (recorded) return recorded;
      throw error;
    }
  }

  private async inputOf(order: ImprovementOrder): Promise<ImprovementNoticeInput> {
    const manager = this.dataSource.manager;
    const [view, contract, contractor, issuer, improvementClause] = await Promise.all([
      this.orders.respond(manager, order),
      manager.findOneByOrFail(Contract, { id: order.contractId }),
      manager.findOneByOrFail(Contractor, { id: order.contractorId }),
      manager.findOneBy(User, { id: order.issuedBy }),
      manager.findOneBy(ContractClause, { contractId: order.contractId, clauseCode: 'IMPROVEMENT_ORDER' }),
    ]);
    const planDays = Number(improvementClause?.params.planDays ?? DEFAULT_PLAN_DAYS);
    return {
      orderNumber: order.orderNumber,
      issuedDate: todayInJapan(order.issuedAt),
      orgName: this.config.orgName,
      issuerTitle: '情報セキュリティ管理者',
      contractor: { name: contractor.name, representativeName: contractor.representativeName },
      contract: { contractNumber: contract.contractNumber, title: contract.title },
      title: order.title,
      description: order.description,
      severity: order.severity,
      dueDate: order.dueDate,
      planDueDays: Number.isInteger(planDays) && planDays > 0 ? planDays : DEFAULT_PLAN_DAYS,
      basis: view.basis.map((b) => ({ articleNo: b.articleNo, title: b.title, paragraphs: b.paragraphs })),
      findings: (view.findings ?? []).map((f) => ({
        articleNo: f.articleNo,
        basis: f.basis,
        clauseTitle: f.clauseTitle,
        question: f.question,
        answer: f.answer,
        comment: f.comment,
        reviewNote: f.reviewNote,
        severity: f.severity,
      })),
      contact: {
        department: contract.department,
        name: issuer?.displayName ?? '情報セキュリティ管理者',
        ...(issuer?.email ? { email: issuer.email } : {}),
      },
    };
  }
}
