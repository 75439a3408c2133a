import { move } from 'piscina';
import { DomainError, type ErrorKind } from '../../common/errors/domain-error';
import { type DocumentJob, renderDocument } from './document-jobs';

/**
 * The piscina task: renders one document in a worker thread. Fonts are parsed once per thread (pdf-fonts.ts).
 *
 * An expected failure (a DomainError such as an unsupported character) comes back as a value: errors
 * crossing a thread boundary lose their class and their `code`, so the pool could not tell a bad input
 * from a crash. Anything else is thrown and surfaces as an internal error.
 */
export interface RenderFailure {
  kind: ErrorKind;
  code: string;
  message: string;
  details?: unknown;
}

export type RenderResult = Uint8Array | RenderFailure;

export default function renderInWorker(job: DocumentJob): RenderResult {
  let pdf: Buffer;
  try {
    pdf = renderDocument(job);
  } catch (error) {
    if (error instanceof DomainError) {
      return { kind: error.kind, code: error.code, message: error.message, details: error.details };
    }
    throw error;
  }
  // Hand the bytes over instead of copying them; only memory the buffer owns whole can be moved, so a
  // slice of a shared pool is copied first. piscina unwraps move()'s marker on the way out.
  const owned = pdf.byteOffset === 0 && pdf.byteLength === pdf.buffer.byteLength;
  const bytes = owned ? new Uint8Array(pdf.buffer) : new Uint8Array(pdf);
  return move(bytes) as unknown as Uint8Array;
}
