import { Injectable } from '@nestjs/common';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import type { Actor } from '../../common/auth/actor';
import { todayInJapan } from '../../common/clock';
import { StaleVersionError } from '../../common/errors/domain-error';
import { TransactionService } from '../../database/transaction.service';
import { IssuedDocuments } from '../documents/issued-documents.service';
import { IssuerSettingsService } from '../settings/issuer-settings.service';
import type { Tx } from '../../database/transaction.service';
import { Contract } from '../contracts/contract.entity';
import { NotificationMailer } from '../notifications/notification-mailer.service';
import { NotificationsService } from '../notifications/notifications.service';
import { deciders } from '../notifications/pending-work-notices';
import type {
  CloseIncidentRequest,
  DetailedReportRequest,
  IncidentResponse,
  PublicationRequest,
  RecordCommissionReportRequest,
  RequestDetailedReportRequest,
  ReviewIncidentRequest,
} from './dto/incident.dto';
import { findVisibleIncident, respondAll } from './incident-access';
import { IncidentCommissionReport } from './incident-commission-report.entity';
import { recordIncidentReceipt } from './incident-receipt-record';
import { detailedReportNotice, detailRequestedNotice, incidentReceivedNotice } from './incident-notices';
import { Incident } from './incident.entity';
import { canTake, INCIDENT_TRANSITIONS, type IncidentStep } from './incident.state';
import { IncidentErrors } from './incidents.errors';
import { contractFacts } from './incidents.service';

/** An optional text as given (the web forms send none for a blank field); absent is null. */
const orNull = (text: string | undefined): string | null => text ?? null;

/**
 * The steps after the first report (incident.state.ts), and the body's own records on an incident: its 速報 and
 * 確報 to the 個人情報保護委員会, and the 公表 decision. Each is one transaction with its audit row; `version` is the
 * incident's (a stale one answers 409).
 */
@Injectable()
export class IncidentStepsService {
  constructor(
    private readonly tx: TransactionService,
    private readonly notifications: NotificationsService,
    private readonly mailer: NotificationMailer,
    private readonly settings: IssuerSettingsService,
    private readonly documents: IssuedDocuments,
  ) {}

  /** Takes the report up and issues the 事故報告受付通知書 (its 文書番号 in the same transaction). */
  async review(actor: Actor, id: string, input: ReviewIncidentRequest): Promise<IncidentResponse> {
    const now = new Date();
    const result = await this.step(actor, id, input.version, 'review', (t) => ({
      changes: { reviewNote: orNull(input.note), reviewedBy: actor.userId, reviewedAt: now },
      summary: { note: orNull(input.note) },
      after: async (updated: Incident) => {
        const receipt = await recordIncidentReceipt(
          this.settings,
          this.documents,
          t.manager,
          updated,
          actor.userId,
          now,
        );
        await t.audit({
          actor,
          action: 'incident.receipt',
          entityType: 'incident',
          entityId: id,
          summary: { documentNumber: receipt.documentNumber, kind: receipt.kind },
        });
        const contract = await t.manager.findOneByOrFail(Contract, { id: updated.contractId });
        await this.notifications.notify(
          t.manager,
          await incidentReceivedNotice(
            t.manager,
            updated,
            await contractFacts(t.manager, contract),
            receipt.documentNumber,
          ),
        );
      },
    }));
    this.mailer.flushSoon();
    return result;
  }

  async requestDetail(
    actor: Actor,
    id: string,
    input: RequestDetailedReportRequest,
  ): Promise<IncidentResponse> {
    const result = await this.step(actor, id, input.version, 'requestDetail', async (t, incident) => {
      const contract = await t.manager.findOneByOrFail(Contract, { id: incident.contractId });
      return {
        changes: {
          detailRequest: input.message,
          detailRequestedBy: actor.userId,
          detailRequestedAt: new Date(),
        },
        summary: { message: input.message },
        after: async (updated: Incident) =>
          void (await this.notifications.notify(
            t.manager,
            await detailRequestedNotice(
              t.manager,
              updated,
              await contractFacts(t.manager, contract),
              input.message,
            ),
          )),
      };
    });
    this.mailer.flushSoon();
    return result;
  }

  async submitDetail(actor: Actor, id: string, input: DetailedReportRequest): Promise<IncidentResponse> {
    const result = await this.step(actor, id, input.version, 'submitDetail', async (t, incident) => {
      const contract = await t.manager.findOneByOrFail(Contract, { id: incident.contractId });
      const now = new Date();
      return {
        changes: {
          cause: input.cause,
          damageScope: input.damageScope,
          measuresTaken: input.measuresTaken,
          recurrencePrevention: input.recurrencePrevention,
          detailedReportBy: actor.userId,
          // The first written report is the one the deadline judges; one asked for again keeps its time.
          detailedReportAt: incident.detailedReportAt ?? now,
        },
        summary: {
          cause: input.cause,
          damageScope: input.damageScope,
          measuresTaken: input.measuresTaken,
          recurrencePrevention: input.recurrencePrevention,
          writtenReportDueDate: incident.writtenReportDueDate,
          firstSubmittedAt: (incident.detailedReportAt ?? now).toISOString(),
        },
        after: async (updated: Incident) =>
          void (await this.notifications.notify(
            t.manager,
            detailedReportNotice(
              await contractFacts(t.manager, contract),
              updated,
              await deciders(t.manager, contract, actor.userId),
            ),
          )),
      };
    });
    this.mailer.flushSoon();
    return result;
  }

  close(actor: Actor, id: string, input: CloseIncidentRequest): Promise<IncidentResponse> {
    return this.step(actor, id, input.version, 'close', () => ({
      changes: { closingNote: input.note, closedBy: actor.userId, closedAt: new Date() },
      summary: { note: input.note },
    }));
  }

  /** Records the body's 速報 or 確報 as sent (個人情報保護法 第68条第1項). */
  recordCommissionReport(
    actor: Actor,
    id: string,
    input: RecordCommissionReportRequest,
  ): Promise<IncidentResponse> {
    return this.tx.run(async (t) => {
      const incident = await this.lockVersion(t, actor, id, input.version);
      const tasks = await t.manager.findBy(IncidentCommissionReport, { incidentId: id });
      const task = tasks.find((x) => x.kind === input.kind);
      if (!task) throw IncidentErrors.noCommissionReport();
      if (task.doneDate !== null) throw IncidentErrors.commissionReportDone();
      if (input.kind === 'FINAL' && tasks.some((x) => x.kind === 'PROMPT' && x.doneDate === null))
        throw IncidentErrors.finalBeforePrompt();
      const learnedOn = todayInJapan(incident.reportedAt);
      if (input.doneDate < learnedOn) throw IncidentErrors.doneBeforeLearned(learnedOn);
      if (input.doneDate > todayInJapan()) throw IncidentErrors.doneInFuture();
      const now = new Date();
      await t.manager.update(
        IncidentCommissionReport,
        { id: task.id },
        { doneDate: input.doneDate, note: orNull(input.note), recordedBy: actor.userId, recordedAt: now },
      );
      const updated = await this.bump(t, incident, {});
      await t.audit({
        actor,
        action: 'incident.commission_report',
        entityType: 'incident',
        entityId: id,
        summary: {
          kind: input.kind,
          dueDate: task.dueDate,
          doneDate: input.doneDate,
          late: input.doneDate > task.dueDate,
          note: orNull(input.note),
        },
      });
      const [response] = await respondAll(t.manager, actor, [updated]);
      return response;
    });
  }

  /** 公表: whether the body publishes the incident, the day, and why (特記事項 公表 clause; MIC item 12). */
  recordPublication(actor: Actor, id: string, input: PublicationRequest): Promise<IncidentResponse> {
    return this.tx.run(async (t) => {
      const incident = await this.lockVersion(t, actor, id, input.version);
      const updated = await this.bump(t, incident, {
        publicationDecision: input.decision,
        publicationDate: input.date,
        publicationNote: orNull(input.note),
        publicationDecidedBy: actor.userId,
        publicationDecidedAt: new Date(),
      });
      await t.audit({
        actor,
        action: 'incident.publication',
        entityType: 'incident',
        entityId: id,
        summary: {
          decision: input.decision,
          date: input.date,
          note: orNull(input.note),
          previous: incident.publicationDecision
            ? { decision: incident.publicationDecision, date: incident.publicationDate }
            : null,
        },
      });
      const [response] = await respondAll(t.manager, actor, [updated]);
      return response;
    });
  }

  /** One step of the table: visibility, version, state, then the change, its audit row and its notice. */
  private async step(
    actor: Actor,
    id: string,
    version: number,
    step: IncidentStep,
    plan: (
      t: Tx,
      incident: Incident,
    ) =>
      | {
          changes: QueryDeepPartialEntity<Incident>;
          summary: Record<string, unknown>;
          after?: (updated: Incident) => Promise<void>;
        }
      | Promise<{
          changes: QueryDeepPartialEntity<Incident>;
          summary: Record<string, unknown>;
          after?: (updated: Incident) => Promise<void>;
        }>,
  ): Promise<IncidentResponse> {
    return this.tx.run(async (t) => {
      const incident = await this.lockVersion(t, actor, id, version);
      if (!canTake(step, incident.status)) throw IncidentErrors.invalidState(incident.status, step);
      const { changes, summary, after } = await plan(t, incident);
      const to = INCIDENT_TRANSITIONS[step].to;
      const updated = await this.bump(t, incident, { ...changes, status: to });
      await t.audit({
        actor,
        action: AUDIT_ACTION[step].action,
        entityType: 'incident',
        entityId: id,
        summary: { from: incident.status, to, ...summary },
      });
      if (after) await after(updated);
      const [response] = await respondAll(t.manager, actor, [updated]);
      return response;
    });
  }

  private async lockVersion(t: Tx, actor: Actor, id: string, version: number): Promise<Incident> {
    const incident = await findVisibleIncident(t.manager, actor, id);
    if (incident.version !== version)
      throw new StaleVersionError('INCIDENT', { currentVersion: incident.version });
    return incident;
  }

  /** UPDATE … WHERE version = the one read (no row → 409), answering the row as now stored. */
  private async bump(
    t: Tx,
    incident: Incident,
    changes: QueryDeepPartialEntity<Incident>,
  ): Promise<Incident> {
    const next = { ...changes, version: incident.version + 1 };
    const result = await t.manager.update(Incident, { id: incident.id, version: incident.version }, next);
    if (!result.affected) throw new StaleVersionError('INCIDENT');
    return t.manager.findOneByOrFail(Incident, { id: incident.id });
  }
}

/** The audit action of each step, written out so that audit-labels.spec.ts finds every code. */
const AUDIT_ACTION: Record<IncidentStep, { action: string }> = {
  report: { action: 'incident.report' },
  review: { action: 'incident.review' },
  requestDetail: { action: 'incident.request_detail' },
  submitDetail: { action: 'incident.detailed_report' },
  close: { action: 'incident.close' },
};
