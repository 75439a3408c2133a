import { formValue } from '../web-urls';
import { typed } from '../work/work-forms';

/** The checklist of the 約款, as the form posts it: 'true' / 'false' / '' (not checked yet). */
const CHECKLIST_FIELDS = {
  confidentiality: 'termsConfidentiality',
  noSecondaryUse: 'termsNoSecondaryUse',
  unilateralChanges: 'termsUnilateralChanges',
  erasureAtEnd: 'termsErasureAtEnd',
} as const;

/** The form's fields that stay editable while the service is in use (the monitored facts). */
export const MONITORED_FORM_FIELDS: readonly string[] = [
  'termsUrl',
  'termsVersion',
  'termsCheckedOn',
  'termsChecklist',
  'ismapKind',
  'ismapNumber',
  'ismapScope',
  'ismapValidUntil',
  'ismapCheckedOn',
  'ismapSourceUrl',
  'ismapRenewalPending',
  'alternativeEvaluation',
  'otherCertifications',
  'fallbackAndBackup',
  'managerUserId',
  'reviewIntervalMonths',
];

const tri = (value: unknown): boolean | null => (value === 'true' ? true : value === 'false' ? false : null);

/**
 * The posted form in the API's shape. `clear`: an empty optional field is sent as null (an edit clears it);
 * otherwise left out (a registration).
 */
export function serviceInput(body: Record<string, unknown>, clear: boolean): Record<string, unknown> {
  const optional = (value: unknown): string | null | undefined =>
    formValue.text(value) ?? (clear ? null : undefined);
  const classValue = formValue.int(body.confidentialityClass);
  return {
    name: typed(body.name),
    providerName: typed(body.providerName),
    providerCorporateNumber: optional(body.providerCorporateNumber),
    model: typed(body.model),
    contractForm: typed(body.contractForm),
    department: typed(body.department),
    purpose: typed(body.purpose),
    confidentialityClass: classValue ?? typed(body.confidentialityClass),
    personalInfo: body.personalInfo === 'true',
    specificPersonalInfo: body.specificPersonalInfo === 'true',
    dataLocation: optional(body.dataLocation),
    governingLaw: optional(body.governingLaw),
    court: optional(body.court),
    termsUrl: optional(body.termsUrl),
    termsVersion: optional(body.termsVersion),
    termsCheckedOn: optional(body.termsCheckedOn),
    termsChecklist: Object.fromEntries(
      Object.entries(CHECKLIST_FIELDS).map(([key, field]) => [key, tri(body[field])]),
    ),
    ismapKind: optional(body.ismapKind),
    ismapNumber: optional(body.ismapNumber),
    ismapScope: optional(body.ismapScope),
    ismapValidUntil: optional(body.ismapValidUntil),
    ismapCheckedOn: optional(body.ismapCheckedOn),
    ismapSourceUrl: optional(body.ismapSourceUrl),
    ismapRenewalPending: body.ismapRenewalPending === 'true',
    alternativeEvaluation: optional(body.alternativeEvaluation),
    otherCertifications: optional(body.otherCertifications),
    fallbackAndBackup: optional(body.fallbackAndBackup),
    managerUserId: optional(body.managerUserId),
    reviewIntervalMonths: formValue.int(body.reviewIntervalMonths) ?? typed(body.reviewIntervalMonths),
  };
}

/** The stored service as the form's values (for the edit form). */
export function formValuesOf(s: Record<string, unknown>): Record<string, string> {
  const text = (v: unknown): string =>
    typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : '';
  const checklist = (s.termsChecklist ?? {}) as Record<string, boolean | null>;
  const values: Record<string, string> = {};
  for (const key of [
    'name',
    'providerName',
    'providerCorporateNumber',
    'model',
    'contractForm',
    'department',
    'purpose',
    'confidentialityClass',
    'dataLocation',
    'governingLaw',
    'court',
    'termsUrl',
    'termsVersion',
    'termsCheckedOn',
    'ismapKind',
    'ismapNumber',
    'ismapScope',
    'ismapValidUntil',
    'ismapCheckedOn',
    'ismapSourceUrl',
    'alternativeEvaluation',
    'otherCertifications',
    'fallbackAndBackup',
    'managerUserId',
    'reviewIntervalMonths',
  ])
    values[key] = text(s[key]);
  values.personalInfo = s.personalInfo ? 'true' : '';
  values.specificPersonalInfo = s.specificPersonalInfo ? 'true' : '';
  values.ismapRenewalPending = s.ismapRenewalPending ? 'true' : '';
  for (const [key, field] of Object.entries(CHECKLIST_FIELDS)) values[field] = text(checklist[key]);
  return values;
}

export const CHECKLIST_ROWS = [
  { field: CHECKLIST_FIELDS.confidentiality, label: '事業者が利用者の情報の秘密を保持すること' },
  { field: CHECKLIST_FIELDS.noSecondaryUse, label: '事業者が利用者の情報を他の目的に利用しないこと' },
  { field: CHECKLIST_FIELDS.unilateralChanges, label: '事業者が一方的に約款を変更できること' },
  { field: CHECKLIST_FIELDS.erasureAtEnd, label: '利用の終了時に利用者の情報を消去すること' },
];

/** In use: approved or suspended (only the monitored facts may change). */
export function inUse(s: { status: string }): boolean {
  return s.status === 'APPROVED' || s.status === 'SUSPENDED';
}
