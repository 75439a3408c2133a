import { availableParallelism } from 'node:os';
import { extname, join } from 'node:path';
import { Inject, Injectable, type OnApplicationShutdown, Optional } from '@nestjs/common';
import Piscina from 'piscina';
import { DomainError } from '../../common/errors/domain-error';
import { type DocumentJob, validateDocumentJob } from './document-jobs';
import { RendererBusyError, RendererUserBusyError } from './documents.errors';
import type { ExternalServiceApplicationInput } from './external-service-application';
import type { ExternalServicePermitInput } from './external-service-permit';
import type { ExternalServiceRegisterInput } from './external-service-register';
import type { ImprovementNoticeInput } from './improvement-notice';
import type { IncidentReceiptInput } from './incident-receipt';
import type { InspectionResultInput } from './inspection-result';
import type { RenderResult } from './render.worker';
import type { SpecialProvisionsInput } from './special-provisions';
import type { ContractorSelectionInput } from './contractor-selection';
import type { SubcontractDecisionInput } from './subcontract-decision';
import type { WorkerRosterInput } from './worker-roster';

export const DOCUMENT_RENDERER_OPTIONS = Symbol('DOCUMENT_RENDERER_OPTIONS');

export interface DocumentRendererOptions {
  /** Render threads. Default: every core but one (at least one), which stays with the HTTP event loop. */
  maxThreads?: number;
  /** Documents that may wait for a thread; one more is refused with RendererBusyError. Default 4 × maxThreads. */
  maxQueue?: number;
  /** A thread idle this long exits and takes its parsed fonts with it. Default 60 s. */
  idleTimeoutMs?: number;
  /** Drafts one user may have rendering or waiting at once; one more answers 429. Default 2 × maxThreads + 2. */
  maxPerUser?: number;
}

/**
 * Who a render is for. A draft preview is one user's (`owner`), queued fairly with other users' drafts and
 * limited per user. A record — a document being approved or issued, or a stored one rendered for its first
 * download — is `record: true`: it goes before every draft and is never refused because drafts fill the line.
 */
export interface RenderLane {
  owner: string;
  record?: boolean;
}

/** Records rendered by the system itself (approval, issue, first download of a stored document). */
export const RECORD_LANE: RenderLane = { owner: 'system', record: true };

interface Waiting {
  job: DocumentJob;
  lane: RenderLane;
  resolve: (result: RenderResult) => void;
  reject: (error: unknown) => void;
}

/**
 * Renders documents (特記事項, 改善指示書) in a pool of worker threads: a 20-article 特記事項 costs tens of milliseconds of pure CPU,
 * which on the event loop would stall every other request.
 *
 * A job goes to a thread only when one is free; until then it waits here, records first, then drafts taken from
 * each user in turn (round robin), so one user looping on a draft delays others by at most one document each.
 * A user may have `maxPerUser` drafts in the making (429 beyond); drafts of all users together may fill the
 * line up to `capacity` (503 beyond). Records have a line of their own, as long again, so they are never refused
 * for the drafts' sake.
 */
@Injectable()
export class DocumentRenderer implements OnApplicationShutdown {
  readonly maxThreads: number;
  /** Running plus waiting documents the pool accepts. */
  readonly capacity: number;
  readonly maxPerUser: number;
  private readonly pool: Piscina<DocumentJob, RenderResult>;
  private inFlight = 0;
  private running = 0;
  private readonly records: Waiting[] = [];
  /** Waiting drafts per user; the map's order is the round robin (a served user moves to the end). */
  private readonly drafts = new Map<string, Waiting[]>();
  /** Drafts rendering or waiting, per user. */
  private readonly draftsOf = new Map<string, number>();

  constructor(@Optional() @Inject(DOCUMENT_RENDERER_OPTIONS) options?: DocumentRendererOptions | null) {
    this.maxThreads = options?.maxThreads ?? Math.max(1, availableParallelism() - 1);
    const maxQueue = options?.maxQueue ?? 4 * this.maxThreads;
    if (!Number.isSafeInteger(this.maxThreads) || this.maxThreads < 1) {
      throw new RangeError('DocumentRenderer: maxThreads must be a positive integer');
    }
    if (!Number.isSafeInteger(maxQueue) || maxQueue < 0) {
      throw new RangeError('DocumentRenderer: maxQueue must be a non-negative integer');
    }
    this.capacity = this.maxThreads + maxQueue;
    // Enough for a person previewing a few drafts in tabs; a loop takes at most this many places.
    this.maxPerUser = options?.maxPerUser ?? 2 * this.maxThreads + 2;
    if (!Number.isSafeInteger(this.maxPerUser) || this.maxPerUser < 1) {
      throw new RangeError('DocumentRenderer: maxPerUser must be a positive integer');
    }
    this.pool = new Piscina<DocumentJob, RenderResult>({
      ...workerEntry(),
      minThreads: 0, // no thread (nor 15 MB of fonts) until the first document
      maxThreads: this.maxThreads,
      idleTimeout: options?.idleTimeoutMs ?? 60_000,
      // The bound is kept here (`capacity`), not by piscina's maxQueue, whose limit also counts threads still
      // starting up and so moves while the pool warms.
      maxQueue: Infinity,
      // With piscina's default 'sync' atomics the worker blocks between tasks and never returns to its event
      // loop, so pdfkit's process.nextTick callbacks (each holding a finished PDFDocument) pile up: ~0.4 MB
      // per document until the thread exits. Letting the worker's loop run keeps its memory flat.
      atomics: 'disabled',
    });
  }

  /** 情報セキュリティに関する特記事項 as PDF bytes; the same input always gives the same bytes. */
  renderSpecialProvisions(input: SpecialProvisionsInput, lane: RenderLane = RECORD_LANE): Promise<Buffer> {
    return this.render({ kind: 'special-provisions', input }, lane);
  }

  /** 情報セキュリティに関する改善指示書 as PDF bytes; the same input always gives the same bytes. */
  renderImprovementNotice(input: ImprovementNoticeInput, lane: RenderLane = RECORD_LANE): Promise<Buffer> {
    return this.render({ kind: 'improvement-notice', input }, lane);
  }

  /** 検査結果通知書 as PDF bytes: rendered once from its issued record. */
  renderInspectionResult(input: InspectionResultInput, lane: RenderLane = RECORD_LANE): Promise<Buffer> {
    return this.render({ kind: 'inspection-result', input }, lane);
  }

  /** 事故報告受付通知書 as PDF bytes: rendered once from its issued record. */
  renderIncidentReceipt(input: IncidentReceiptInput, lane: RenderLane = RECORD_LANE): Promise<Buffer> {
    return this.render({ kind: 'incident-receipt', input }, lane);
  }

  /** 従事者名簿 as PDF bytes: a printout of the roster as it stands, rendered for the caller's request. */
  renderWorkerRoster(input: WorkerRosterInput, lane: RenderLane): Promise<Buffer> {
    return this.render({ kind: 'worker-roster', input }, lane);
  }

  /** 再委託承認通知書 / 不承認通知書 as PDF bytes; the same input always gives the same bytes. */
  renderSubcontractDecision(
    input: SubcontractDecisionInput,
    lane: RenderLane = RECORD_LANE,
  ): Promise<Buffer> {
    return this.render({ kind: 'subcontract-decision', input }, lane);
  }

  /** 委託先選定調書 as PDF bytes: rendered once from its issued record. */
  renderContractorSelection(
    input: ContractorSelectionInput,
    lane: RenderLane = RECORD_LANE,
  ): Promise<Buffer> {
    return this.render({ kind: 'contractor-selection', input }, lane);
  }

  /** 外部サービス利用申請書 as PDF bytes: rendered once from its issued record. */
  renderExternalServiceApplication(
    input: ExternalServiceApplicationInput,
    lane: RenderLane = RECORD_LANE,
  ): Promise<Buffer> {
    return this.render({ kind: 'external-service-application', input }, lane);
  }

  /** 外部サービス利用許可通知書 / 不許可通知書 as PDF bytes: rendered once from its issued record. */
  renderExternalServicePermit(
    input: ExternalServicePermitInput,
    lane: RenderLane = RECORD_LANE,
  ): Promise<Buffer> {
    return this.render({ kind: 'external-service-permit', input }, lane);
  }

  /** 外部サービス台帳 as PDF bytes: the register as it stands, rendered for the caller's request. */
  renderExternalServiceRegister(input: ExternalServiceRegisterInput, lane: RenderLane): Promise<Buffer> {
    return this.render({ kind: 'external-service-register', input }, lane);
  }

  /** Documents being rendered or waiting for a thread. */
  get pending(): number {
    return this.inFlight;
  }

  /**
   * Closes the pool once the HTTP server has stopped and drained (Nest runs this hook after closing it; its
   * onModuleDestroy runs before, while requests are still being served). Closing earlier failed the renders
   * in flight, and every request not yet at its render, with a 500 on SIGTERM.
   */
  async onApplicationShutdown(): Promise<void> {
    await this.pool.close(); // lets accepted documents finish (piscina's closeTimeout bounds the wait)
  }

  private async render(job: DocumentJob, lane: RenderLane): Promise<Buffer> {
    validateDocumentJob(job); // bad input fails here, without taking a place in the queue
    if (lane.record) {
      // Records have a line of their own as long again: drafts never take their place.
      if (this.inFlight >= 2 * this.capacity) throw new RendererBusyError({ capacity: 2 * this.capacity });
    } else {
      if ((this.draftsOf.get(lane.owner) ?? 0) >= this.maxPerUser) {
        throw new RendererUserBusyError({ perUser: this.maxPerUser });
      }
      if (this.draftCount() >= this.capacity) throw new RendererBusyError({ capacity: this.capacity });
      this.draftsOf.set(lane.owner, (this.draftsOf.get(lane.owner) ?? 0) + 1);
    }
    this.inFlight++;
    try {
      const result = await new Promise<RenderResult>((resolve, reject) => {
        const waiting: Waiting = { job, lane, resolve, reject };
        if (lane.record) this.records.push(waiting);
        else this.drafts.set(lane.owner, [...(this.drafts.get(lane.owner) ?? []), waiting]);
        this.dispatch();
      });
      if (ArrayBuffer.isView(result)) {
        return Buffer.from(result.buffer, result.byteOffset, result.byteLength);
      }
      throw new DomainError(result.kind, result.code, result.message, result.details);
    } finally {
      this.inFlight--;
      if (!lane.record) {
        const left = (this.draftsOf.get(lane.owner) ?? 1) - 1;
        if (left > 0) this.draftsOf.set(lane.owner, left);
        else this.draftsOf.delete(lane.owner);
      }
    }
  }

  private draftCount(): number {
    let n = 0;
    for (const count of this.draftsOf.values()) n += count;
    return n;
  }

  /** Starts waiting jobs while threads are free: records first, then one draft per user in turn. */
  private dispatch(): void {
    while (this.running < this.maxThreads) {
      const next = this.records.shift() ?? this.nextDraft();
      if (!next) return;
      this.running++;
      this.pool
        .run(next.job)
        .then(next.resolve, next.reject)
        .finally(() => {
          this.running--;
          this.dispatch();
        });
    }
  }

  private nextDraft(): Waiting | undefined {
    const first = this.drafts.entries().next();
    if (first.done) return undefined;
    const [owner, queue] = first.value;
    const job = queue.shift();
    this.drafts.delete(owner);
    if (queue.length > 0) this.drafts.set(owner, queue); // to the end of the round
    return job;
  }
}

/**
 * Where a worker thread starts: `render.worker` next to this file, with this file's own extension.
 *  - Built (`dist/src/modules/documents/*.js`): `render.worker.js`, loaded as is.
 *  - From sources (jest, through @swc/jest): `render.worker.ts`. A new thread does not inherit jest's
 *    transform and Node 20 cannot load TypeScript, so the thread first preloads `ts-worker-bootstrap.js`,
 *    which compiles .ts with @swc/core as jest does. Tests thus exercise the real worker path, not an
 *    in-thread stand-in.
 */
function workerEntry(): { filename: string; execArgv?: string[] } {
  const extension = extname(__filename);
  const filename = join(__dirname, `render.worker${extension}`);
  if (extension !== '.ts') return { filename };
  return { filename, execArgv: ['--require', join(__dirname, 'ts-worker-bootstrap.js')] };
}
