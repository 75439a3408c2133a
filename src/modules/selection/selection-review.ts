import { formatWareki } from '../../common/dates/wareki';
import type { Certification, CertificationType } from '../contractors/certification.entity';
import type { CriterionAnswer, ProcurementMethod } from './contractor-selection.entity';
import type { SelectionCriterion } from './selection-catalogue';

export type CertificationFlagCode = 'EXPIRED' | 'NOT_YET_VALID' | 'SCOPE_NOT_RECORDED' | 'SCOPE_MISSING_SITE';
export interface CertificationFlag {
  code: CertificationFlagCode;
  /** Why, in Japanese (である調: it is printed in the 選定調書 too), for the page and the answer. */
  message: string;
}

/**
 * Certifications certified for a set of sites and activities (ISMS and its cloud extensions). A プライバシーマーク is
 * granted to the business as a whole and an ISMAP registration to a service, so neither has a site scope to check.
 */
const SITE_SCOPED: readonly CertificationType[] = ['ISMS', 'ISO27017', 'ISO27018'];

/** Comparable text: NFKC, no spaces of either width. */
const plain = (s: string): string => s.normalize('NFKC').replace(/\s+/gu, '');

/**
 * What the officer should look at before relying on a certification for this contract: not valid on the contract's
 * start date, or (for a site-scoped certification) a scope that is not recorded or does not name each work place.
 * The match on places is on the text of the recorded scope: it points at what to check, the officer judges.
 */
export function certificationFlags(
  cert: Pick<Certification, 'type' | 'validFrom' | 'validUntil' | 'scope'>,
  contract: { startDate: string; workLocations: readonly string[] },
): CertificationFlag[] {
  const flags: CertificationFlag[] = [];
  const start = formatWareki(contract.startDate);
  if (cert.validUntil < contract.startDate) {
    flags.push({
      code: 'EXPIRED',
      message: `契約の開始日（${start}）には有効期限（${formatWareki(cert.validUntil)}）を過ぎている。`,
    });
  } else if (cert.validFrom > contract.startDate) {
    flags.push({
      code: 'NOT_YET_VALID',
      message: `契約の開始日（${start}）には有効期間（${formatWareki(cert.validFrom)}から）が始まっていない。`,
    });
  }
  if (SITE_SCOPED.includes(cert.type)) {
    const scope = cert.scope?.trim() ?? '';
    if (!scope) {
      flags.push({
        code: 'SCOPE_NOT_RECORDED',
        message: '適用範囲が登録されていないため、本業務及び作業場所が含まれるか確認できない。',
      });
    } else {
      const missing = contract.workLocations.filter((place) => !plain(scope).includes(plain(place)));
      if (missing.length) {
        flags.push({
          code: 'SCOPE_MISSING_SITE',
          message: `適用範囲に作業場所（${missing.map((p) => `「${p}」`).join('、')}）が含まれていない。`,
        });
      }
    }
  }
  return flags;
}

/** What a selection still lacks, as stable item names: `method`, `reason`, `criteria.<CODE>`. */
export function missingItems(
  record: {
    method: ProcurementMethod | null;
    reason: string | null;
    criteria: readonly CriterionAnswer[];
  } | null,
  applicable: readonly SelectionCriterion[],
): string[] {
  const missing: string[] = [];
  if (!record?.method) missing.push('method');
  const answered = new Set((record?.criteria ?? []).map((c) => c.code));
  for (const c of applicable) if (!answered.has(c.code)) missing.push(`criteria.${c.code}`);
  if (!record?.reason?.trim()) missing.push('reason');
  return missing;
}

/** The missing items in Japanese, for the refusal's message. */
export function describeMissing(
  missing: readonly string[],
  applicable: readonly SelectionCriterion[],
): string {
  const titles = new Map(applicable.map((c) => [`criteria.${c.code}`, `確認項目「${c.title}」`]));
  const words: Record<string, string> = { method: '選定の方法', reason: '選定理由' };
  return missing.map((m) => words[m] ?? titles.get(m) ?? m).join('、');
}
