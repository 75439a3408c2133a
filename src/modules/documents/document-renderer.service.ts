import { availableParallelism } from 'node:os';
import { extname, join } from 'node:path';
import { Inject, Injectable, type OnApplicationShutdown, Optional } from '@nestjs/common';
import Piscina from 'piscina';
import { DomainError } from '../../common/errors/domain-error';
import { type DocumentJob, validateDocumentJob } from './document-jobs';
import { RendererBusyError } from './documents.errors';
import type { ImprovementNoticeInput } from './improvement-notice';
import type { RenderResult } from './render.worker';
import type { SpecialProvisionsInput } from './special-provisions';

export const DOCUMENT_RENDERER_OPTIONS = Symbol('DOCUMENT_RENDERER_OPTIONS');

export interface DocumentRendererOptions {
  /** Render threads. Default: every core but one (at least one), which stays with the HTTP event loop. */
  maxThreads?: number;
  /** Documents that may wait for a thread; one more is refused with RendererBusyError. Default 4 × maxThreads. */
  maxQueue?: number;
  /** A thread idle this long exits and takes its parsed fonts with it. Default 60 s. */
  idleTimeoutMs?: number;
}

/**
 * Renders documents (特記事項, 改善指示書) in a pool of worker threads: a 20-article 特記事項 costs tens of milliseconds of pure CPU,
 * which on the event loop would stall every other request.
 */
@Injectable()
export class DocumentRenderer implements OnApplicationShutdown {
  readonly maxThreads: number;
  /** Running plus waiting documents the pool accepts. */
  readonly capacity: number;
  private readonly pool: Piscina<DocumentJob, RenderResult>;
  private inFlight = 0;

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
  renderSpecialProvisions(input: SpecialProvisionsInput): Promise<Buffer> {
    return this.render({ kind: 'special-provisions', input });
  }

  /** 情報セキュリティに関する改善指示書 as PDF bytes; the same input always gives the same bytes. */
  renderImprovementNotice(input: ImprovementNoticeInput): Promise<Buffer> {
    return this.render({ kind: 'improvement-notice', input });
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

  private async render(job: DocumentJob): Promise<Buffer> {
    validateDocumentJob(job); // bad input fails here, without taking a place in the queue
    if (this.inFlight >= this.capacity) {
      throw new RendererBusyError({ capacity: this.capacity });
    }
    this.inFlight++;
    try {
      const result = await this.pool.run(job);
      if (ArrayBuffer.isView(result)) {
        return Buffer.from(result.buffer, result.byteOffset, result.byteLength);
      }
      throw new DomainError(result.kind, result.code, result.message, result.details);
    } finally {
      this.inFlight--;
    }
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
