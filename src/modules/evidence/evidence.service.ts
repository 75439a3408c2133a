import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, In, type EntityManager } from 'typeorm';
import type { Actor } from '../../common/auth/actor';
import { canSeeContractor, contractorScope } from '../../common/auth/scope';
import type { ContentStore, StoredContent } from '../../common/storage/content-store';
import { ContentStores } from '../../common/storage/content-stores';
import { insertRows } from '../../database/insert';
import { TransactionService } from '../../database/transaction.service';
import { EDITABLE_STATUSES, findVisibleItem } from '../assessments/assessment-access';
import { ContractCloseOut } from '../close-out/close-out.entity';
import { CloseOutErrors } from '../close-out/close-out.errors';
import { WITH_CONTRACTOR, type CloseOutStatus } from '../close-out/close-out.state';
import { AssessmentItem } from '../assessments/assessment-item.entity';
import { Assessment, type AssessmentStatus } from '../assessments/assessment.entity';
import { AssessmentErrors } from '../assessments/assessments.errors';
import { ImprovementOrder } from '../improvement-orders/improvement-order.entity';
import { findVisibleOrder } from '../improvement-orders/order-access';
import { isOpen } from '../improvement-orders/order-lifecycle';
import { OrderErrors } from '../improvement-orders/orders.errors';
import { User } from '../users/user.entity';
import { toEvidenceResponse, type EvidenceResponse, type EvidenceUpload } from './dto/evidence.dto';
import { Evidence, type EvidenceOwnerType } from './evidence.entity';
import { EvidenceErrors } from './evidence.errors';
import { contentTypeOf, detectEvidenceType, safeFileName } from './media-types';

export interface EvidenceDownload {
  /** Checked against the recorded hash; its stream re-checks every piece as it is sent. */
  content: StoredContent;
  fileName: string;
  contentType: string;
}

/**
 * Evidence files for self-assessment items (policy Art. 6(6)(ア): the contractor shows that it keeps the
 * measures). The bytes live under DATA_DIR/evidence by their SHA-256; the row ties them to the item and the
 * contractor, which decides who may reach them.
 */
@Injectable()
export class EvidenceService {
  private readonly store: ContentStore;

  constructor(
    private readonly dataSource: DataSource,
    private readonly tx: TransactionService,
    stores: ContentStores,
  ) {
    this.store = stores.evidence;
  }

  async upload(actor: Actor, input: EvidenceUpload): Promise<EvidenceResponse> {
    // Checked before anything is written, so a refused upload leaves no file behind.
    const owner = await this.resolveOwner(actor, input);
    if (input.bytes.length === 0) throw EvidenceErrors.empty();
    const mediaType = await detectEvidenceType(input.bytes);
    if (!mediaType) throw EvidenceErrors.typeNotAllowed();
    // Stored before the transaction (a large write does not hold the database, and a retried transaction does
    // not write it again); a file whose row never commits is only an unreferenced copy under its hash.
    const sha256 = await this.store.put(input.bytes);
    return this.tx.run(async (t) => {
      await owner.recheck(t.manager);
      const evidence = t.manager.create(Evidence, {
        id: randomUUID(),
        ownerType: owner.type,
        ownerId: owner.id,
        contractorId: owner.contractorId,
        fileName: safeFileName(input.fileName),
        mediaType,
        size: input.bytes.length,
        sha256,
        uploadedBy: actor.userId,
        createdAt: new Date(),
      });
      await insertRows(t.manager, Evidence, evidence);
      await t.audit({
        actor,
        action: 'evidence.upload',
        entityType: 'evidence',
        entityId: evidence.id,
        summary: {
          ...owner.summary,
          fileName: evidence.fileName,
          mediaType,
          size: evidence.size,
          sha256,
        },
      });
      return toEvidenceResponse(evidence);
    });
  }

  /**
   * Whom the file belongs to, once the caller may reach it and it may still change: an assessment item while its
   * assessment is with the contractor, an open improvement order (evidence for the completion report), or a
   * close-out still with the contractor (its 消去証明書).
   */
  private async resolveOwner(
    actor: Actor,
    input: EvidenceUpload,
  ): Promise<{
    type: EvidenceOwnerType;
    id: string;
    contractorId: string;
    summary: Record<string, string>;
    recheck(manager: EntityManager): Promise<void>;
  }> {
    const manager = this.dataSource.manager;
    if (input.closeOutId !== undefined) {
      const closeOut = await manager.findOneBy(ContractCloseOut, { id: input.closeOutId });
      if (!closeOut || !canSeeContractor(actor, closeOut.contractorId)) throw CloseOutErrors.notFound();
      const assertWithContractor = (status: CloseOutStatus): void => {
        if (!WITH_CONTRACTOR.includes(status)) throw CloseOutErrors.wrongState(status, 'submit');
      };
      assertWithContractor(closeOut.status);
      return {
        type: 'CLOSE_OUT',
        id: closeOut.id,
        contractorId: closeOut.contractorId,
        summary: { closeOutId: closeOut.id, contractId: closeOut.contractId },
        recheck: async (m) =>
          assertWithContractor((await m.findOneByOrFail(ContractCloseOut, { id: closeOut.id })).status),
      };
    }
    if (input.orderId !== undefined) {
      const order = await findVisibleOrder(manager, actor, input.orderId);
      if (!isOpen(order.status)) throw OrderErrors.wrongState(order.status, '証跡の添付');
      return {
        type: 'IMPROVEMENT_ORDER',
        id: order.id,
        contractorId: order.contractorId,
        summary: { orderId: order.id, orderNumber: order.orderNumber },
        recheck: async (m) => {
          const current = await m.findOneByOrFail(ImprovementOrder, { id: order.id });
          if (!isOpen(current.status)) throw OrderErrors.wrongState(current.status, '証跡の添付');
        },
      };
    }
    const { item, assessment } = await findVisibleItem(manager, actor, input.itemId ?? '');
    assertEditable(assessment.status);
    return {
      type: 'ASSESSMENT_ITEM',
      id: item.id,
      contractorId: assessment.contractorId,
      summary: { itemId: item.id, assessmentId: assessment.id },
      recheck: async (m) => assertEditable(await lockedStatusOfItem(m, item.id)),
    };
  }

  /** The evidence uploaded for an improvement order, oldest first; the caller has checked the order is visible. */
  async listForOrder(manager: EntityManager, orderId: string): Promise<EvidenceResponse[]> {
    const rows = await manager.find(Evidence, {
      where: { ownerType: 'IMPROVEMENT_ORDER', ownerId: orderId },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    return rows.map(toEvidenceResponse);
  }

  /** The stored file, served only after it has matched its recorded hash again (read in pieces, not whole). */
  async download(actor: Actor, id: string): Promise<EvidenceDownload> {
    const evidence = await this.findVisible(this.dataSource.manager, actor, id);
    const content = await this.store.open(evidence.sha256);
    if (!content) throw EvidenceErrors.storedFileInvalid();
    return { content, fileName: evidence.fileName, contentType: contentTypeOf(evidence.mediaType) };
  }

  /** One file's record (not its bytes), for a page that names it (the confirmation before removing it). */
  async get(actor: Actor, id: string): Promise<EvidenceResponse> {
    return toEvidenceResponse(await this.findVisible(this.dataSource.manager, actor, id));
  }

  /** Removes the record while the assessment is still with the contractor; the bytes stay under their hash. */
  async remove(actor: Actor, id: string): Promise<void> {
    await this.tx.run(async (t) => {
      const evidence = await this.findVisible(t.manager, actor, id);
      if (evidence.ownerType !== 'ASSESSMENT_ITEM') throw EvidenceErrors.notRemovable();
      if (contractorScope(actor) !== null && !(await this.uploadedByContractor(t.manager, evidence))) {
        throw EvidenceErrors.removeForbidden();
      }
      assertEditable(await lockedStatusOfItem(t.manager, evidence.ownerId));
      await t.manager.delete(Evidence, { id });
      await t.audit({
        actor,
        action: 'evidence.remove',
        entityType: 'evidence',
        entityId: id,
        summary: { itemId: evidence.ownerId, fileName: evidence.fileName, sha256: evidence.sha256 },
      });
    });
  }

  /**
   * The evidence of each given assessment item, oldest first, in one query; for the assessment views, which
   * have already checked that the caller may see the assessment.
   */
  async listForItems(manager: EntityManager, itemIds: string[]): Promise<Map<string, EvidenceResponse[]>> {
    const byItem = new Map<string, EvidenceResponse[]>();
    if (itemIds.length === 0) return byItem;
    const rows = await manager.find(Evidence, {
      where: { ownerType: 'ASSESSMENT_ITEM', ownerId: In([...new Set(itemIds)]) },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    for (const row of rows) {
      const list = byItem.get(row.ownerId) ?? [];
      list.push(toEvidenceResponse(row));
      byItem.set(row.ownerId, list);
    }
    return byItem;
  }

  /** Another company's evidence answers 404 exactly like a missing one. */
  private async findVisible(manager: EntityManager, actor: Actor, id: string): Promise<Evidence> {
    const evidence = await manager.findOneBy(Evidence, { id });
    if (!evidence || !canSeeContractor(actor, evidence.contractorId)) throw EvidenceErrors.notFound();
    return evidence;
  }

  /** A contractor removes what its own people attached, not what staff attached to its items. */
  private async uploadedByContractor(manager: EntityManager, evidence: Evidence): Promise<boolean> {
    const uploader = await manager.findOne(User, {
      select: { id: true, contractorId: true },
      where: { id: evidence.uploadedBy },
    });
    return uploader?.contractorId === evidence.contractorId;
  }
}

function assertEditable(status: AssessmentStatus): void {
  if (!(EDITABLE_STATUSES as readonly AssessmentStatus[]).includes(status)) {
    throw AssessmentErrors.wrongStatus(status, '証跡の添付・削除');
  }
}

/**
 * The current status of the item's assessment, read under a shared lock on MySQL/MariaDB so that a concurrent
 * submission waits for this change (or this change sees it); SQLite's writers are serialised anyway.
 */
async function lockedStatusOfItem(manager: EntityManager, itemId: string): Promise<AssessmentStatus> {
  const query = manager
    .createQueryBuilder(Assessment, 'a')
    .innerJoin(AssessmentItem, 'i', 'i.assessmentId = a.id')
    .select(['a.id', 'a.status'])
    .where('i.id = :itemId', { itemId });
  if (manager.connection.options.type !== 'better-sqlite3') query.setLock('pessimistic_read');
  const assessment = await query.getOne();
  if (!assessment) throw AssessmentErrors.notFound();
  return assessment.status;
}
