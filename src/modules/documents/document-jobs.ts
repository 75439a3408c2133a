import { type SpecialProvisionsInput, validateSpecialProvisionsInput } from './special-provisions';
import { renderSpecialProvisionsPdf } from './special-provisions.pdf';

/**
 * Every document the renderer produces, as one message type for the worker. A new document — the 改善指示書
 * (DESIGN.md, Documents: number, date, addressee, basis, findings, due date, contact) is next — adds:
 *   1. `improvement-order.ts` (input type + validation) and `improvement-order.pdf.ts` (layout on DocumentComposer),
 *   2. a member here: `| { kind: 'improvement-order'; input: ImprovementOrderInput }`,
 *   3. its case in both switches below (the compiler points at them),
 *   4. `DocumentRenderer.renderImprovementOrder(input)`, one line like renderSpecialProvisions.
 */
export type DocumentJob = { kind: 'special-provisions'; input: SpecialProvisionsInput };

export type DocumentKind = DocumentJob['kind'];

/** Cheap checks, run in the caller's thread before a job is queued. Throws InvalidInputError. */
export function validateDocumentJob(job: DocumentJob): void {
  switch (job.kind) {
    case 'special-provisions':
      return validateSpecialProvisionsInput(job.input);
    default:
      return unknownKind(job.kind);
  }
}

/** Renders in the calling thread (the worker calls this). */
export function renderDocument(job: DocumentJob): Buffer {
  switch (job.kind) {
    case 'special-provisions':
      return renderSpecialProvisionsPdf(job.input);
    default:
      return unknownKind(job.kind);
  }
}

function unknownKind(kind: never): never {
  throw new Error(`Unknown document kind ${String(kind)}`);
}
