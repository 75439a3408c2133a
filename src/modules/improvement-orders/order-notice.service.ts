import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor } from '../../common/auth/actor';
import { todayInJapan } from '../../common/clock';
import { InjectConfig } from '../../config/config.module';
import type { AppConfig } from '../../config/env';
import { Contractor } from '../contractors/contractor.entity';
import { ContractClause } from '../contracts/contract-clause.entity';
import { Contract } from '../contracts/contract.entity';
import { DocumentRenderer } from '../documents/document-renderer.service';
import type { ImprovementNoticeInput } from '../documents/improvement-notice';
import { User } from '../users/user.entity';
import { findVisibleOrder } from './order-access';
import { OrdersService } from './orders.service';

/** Days for the 改善計画書 when the contract's 改善の指示 clause sets none. */
const DEFAULT_PLAN_DAYS = 14;

/**
 * The 改善指示書 of an order. Rendered from the order's record, so the same order always gives the same bytes;
 * the plan deadline is the one the signed contract states (its IMPROVEMENT_ORDER clause).
 */
@Injectable()
export class OrderNoticeService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly orders: OrdersService,
    private readonly renderer: DocumentRenderer,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  async notice(actor: Actor, id: string): Promise<{ bytes: Buffer; fileName: string }> {
    const manager = this.dataSource.manager;
    const order = await findVisibleOrder(manager, actor, id);
    const [view, contract, contractor, issuer, improvementClause] = await Promise.all([
      this.orders.respond(manager, order),
      manager.findOneByOrFail(Contract, { id: order.contractId }),
      manager.findOneByOrFail(Contractor, { id: order.contractorId }),
      manager.findOneBy(User, { id: order.issuedBy }),
      manager.findOneBy(ContractClause, { contractId: order.contractId, clauseCode: 'IMPROVEMENT_ORDER' }),
    ]);
    const planDays = Number(improvementClause?.params.planDays ?? DEFAULT_PLAN_DAYS);
    const input: ImprovementNoticeInput = {
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
        email: issuer?.email,
      },
    };
    return {
      bytes: await this.renderer.renderImprovementNotice(input),
      fileName: `kaizen-shiji-${order.orderNumber}.pdf`,
    };
  }
}
