import type { ExternalService } from './external-service.entity';
import { ExternalServiceErrors } from './external-services.errors';

/** One selection rule's verdict on a service, as the administrator's page shows it beside the application. */
export interface RuleVerdict {
  /** The refusal's stable code when the rule is not met. */
  code: string;
  /** Whether the rule applies to this service at all (機密性1 services pass every rule). */
  applies: boolean;
  met: boolean;
}

type RuleFacts = Pick<
  ExternalService,
  | 'confidentialityClass'
  | 'model'
  | 'dataLocation'
  | 'ismapKind'
  | 'ismapValidUntil'
  | 'ismapRenewalPending'
  | 'alternativeEvaluation'
>;

/**
 * The ISMAP / ISMAP-LIU registration is valid on `day` (a Japan date): on or before its validity's last day, or
 * past it while a renewal is recorded as pending (ISMAP 基本規程 3.5: the registration stays valid meanwhile).
 */
export function ismapValidOn(s: RuleFacts, day: string): boolean {
  if (!s.ismapKind || !s.ismapValidUntil) return false;
  return s.ismapValidUntil >= day || s.ismapRenewalPending;
}

/** A registration recorded, past its validity, and no renewal pending: the service is flagged. */
export function ismapLapsed(s: RuleFacts, day: string): boolean {
  return s.ismapKind !== null && s.ismapValidUntil !== null && !ismapValidOn(s, day);
}

/**
 * The selection rules for approving (or continuing) the use of a service on `day`: for 機密性2 or above, no 約款型
 * service, a data location recorded, and ISMAP / ISMAP-LIU valid that day or a recorded alternative evaluation.
 */
export function verdicts(s: RuleFacts, day: string): RuleVerdict[] {
  const high = s.confidentialityClass >= 2;
  return [
    { code: 'EXTERNAL_SERVICE.TERMS_MODEL_FOR_CLASS', applies: high, met: !high || s.model !== 'TERMS' },
    {
      code: 'EXTERNAL_SERVICE.DATA_LOCATION_REQUIRED',
      applies: high,
      met: !high || Boolean(s.dataLocation?.trim()),
    },
    {
      code: 'EXTERNAL_SERVICE.ISMAP_REQUIRED',
      applies: high,
      met: !high || ismapValidOn(s, day) || Boolean(s.alternativeEvaluation?.trim()),
    },
  ];
}

/** Refuses, with the first unmet rule's code, a service the rules do not allow to be used on `day`. */
export function assertApprovable(s: RuleFacts, day: string): void {
  const unmet = verdicts(s, day).find((v) => !v.met);
  if (!unmet) return;
  switch (unmet.code) {
    case 'EXTERNAL_SERVICE.TERMS_MODEL_FOR_CLASS':
      throw ExternalServiceErrors.termsModelForClass();
    case 'EXTERNAL_SERVICE.DATA_LOCATION_REQUIRED':
      throw ExternalServiceErrors.dataLocationRequired();
    default:
      throw ExternalServiceErrors.ismapRequired();
  }
}
