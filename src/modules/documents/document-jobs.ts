import { type ContractorSelectionInput, validateContractorSelectionInput } from './contractor-selection';
import { renderContractorSelectionPdf } from './contractor-selection.pdf';
import {
  type ExternalServiceApplicationInput,
  validateExternalServiceApplicationInput,
} from './external-service-application';
import { renderExternalServiceApplicationPdf } from './external-service-application.pdf';
import {
  type ExternalServicePermitInput,
  validateExternalServicePermitInput,
} from './external-service-permit';
import { renderExternalServicePermitPdf } from './external-service-permit.pdf';
import {
  type ExternalServiceRegisterInput,
  validateExternalServiceRegisterInput,
} from './external-service-register';
import { renderExternalServiceRegisterPdf } from './external-service-register.pdf';
import { type ImprovementNoticeInput, validateImprovementNoticeInput } from './improvement-notice';
import { type IncidentReceiptInput, validateIncidentReceiptInput } from './incident-receipt';
import { renderIncidentReceiptPdf } from './incident-receipt.pdf';
import { type InspectionResultInput, validateInspectionResultInput } from './inspection-result';
import { renderInspectionResultPdf } from './inspection-result.pdf';
import { renderImprovementNoticePdf } from './improvement-notice.pdf';
import { type SpecialProvisionsInput, validateSpecialProvisionsInput } from './special-provisions';
import { renderSpecialProvisionsPdf } from './special-provisions.pdf';
import { type SubcontractDecisionInput, validateSubcontractDecisionInput } from './subcontract-decision';
import { renderSubcontractDecisionPdf } from './subcontract-decision.pdf';
import { type WorkerRosterInput, validateWorkerRosterInput } from './worker-roster';
import { renderWorkerRosterPdf } from './worker-roster.pdf';

/**
 * Every document the renderer produces, as one message type for the worker. A new document adds, as the
 * 改善指示書 did:
 *   1. `<name>.ts` (input type + validation on InputChecker, document-input.ts) and `<name>.pdf.ts` (layout on
 *      DocumentComposer, styles from STYLES, glyphs checked with assertPrintable),
 *   2. a member here: `| { kind: '<name>'; input: <Name>Input }`,
 *   3. its case in both switches below (the compiler points at them),
 *   4. `DocumentRenderer.render<Name>(input)`, one line like renderSpecialProvisions.
 */
export type DocumentJob =
  | { kind: 'special-provisions'; input: SpecialProvisionsInput }
  | { kind: 'improvement-notice'; input: ImprovementNoticeInput }
  | { kind: 'inspection-result'; input: InspectionResultInput }
  | { kind: 'incident-receipt'; input: IncidentReceiptInput }
  | { kind: 'subcontract-decision'; input: SubcontractDecisionInput }
  | { kind: 'worker-roster'; input: WorkerRosterInput }
  | { kind: 'contractor-selection'; input: ContractorSelectionInput }
  | { kind: 'external-service-application'; input: ExternalServiceApplicationInput }
  | { kind: 'external-service-permit'; input: ExternalServicePermitInput }
  | { kind: 'external-service-register'; input: ExternalServiceRegisterInput };

export type DocumentKind = DocumentJob['kind'];

/** Cheap checks, run in the caller's thread before a job is queued. Throws InvalidInputError. */
export function validateDocumentJob(job: DocumentJob): void {
  switch (job.kind) {
    case 'special-provisions':
      return validateSpecialProvisionsInput(job.input);
    case 'improvement-notice':
      return validateImprovementNoticeInput(job.input);
    case 'inspection-result':
      return validateInspectionResultInput(job.input);
    case 'incident-receipt':
      return validateIncidentReceiptInput(job.input);
    case 'subcontract-decision':
      return validateSubcontractDecisionInput(job.input);
    case 'worker-roster':
      return validateWorkerRosterInput(job.input);
    case 'contractor-selection':
      return validateContractorSelectionInput(job.input);
    case 'external-service-application':
      return validateExternalServiceApplicationInput(job.input);
    case 'external-service-permit':
      return validateExternalServicePermitInput(job.input);
    case 'external-service-register':
      return validateExternalServiceRegisterInput(job.input);
    default:
      return unknownKind(job);
  }
}

/** Renders in the calling thread (the worker calls this). */
export function renderDocument(job: DocumentJob): Buffer {
  switch (job.kind) {
    case 'special-provisions':
      return renderSpecialProvisionsPdf(job.input);
    case 'improvement-notice':
      return renderImprovementNoticePdf(job.input);
    case 'inspection-result':
      return renderInspectionResultPdf(job.input);
    case 'incident-receipt':
      return renderIncidentReceiptPdf(job.input);
    case 'subcontract-decision':
      return renderSubcontractDecisionPdf(job.input);
    case 'worker-roster':
      return renderWorkerRosterPdf(job.input);
    case 'contractor-selection':
      return renderContractorSelectionPdf(job.input);
    case 'external-service-application':
      return renderExternalServiceApplicationPdf(job.input);
    case 'external-service-permit':
      return renderExternalServicePermitPdf(job.input);
    case 'external-service-register':
      return renderExternalServiceRegisterPdf(job.input);
    default:
      return unknownKind(job);
  }
}

function unknownKind(job: never): never {
  throw new Error(`Unknown document kind ${String((job as { kind?: unknown }).kind)}`);
}
