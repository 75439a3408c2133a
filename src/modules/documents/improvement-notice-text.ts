import { toParagraphs } from './document-input';
import {
  type ImprovementNoticeInput,
  isBlank,
  optional,
  paragraphsOf,
  sortedBasis,
} from './improvement-notice';

/**
 * What the 改善指示書 prints, as text: every printed string for the glyph check, and the fixed-order serialisation
 * its document ID is derived from.
 */

/** Every string from the input that will be printed (line breaks are layout, not text), for the glyph check. */
export function printedText(input: ImprovementNoticeInput): string {
  return [
    input.orderNumber,
    optional(input.documentNumber) ?? '',
    input.orgName,
    input.issuerTitle,
    optional(input.issuerName) ?? '',
    input.authority?.title ?? '',
    ...paragraphsOf(input.facts),
    ...(input.factsHow ?? []),
    ...(input.sourceItems ?? []).flatMap((item) => [
      item.clauseTitle,
      item.question,
      ...paragraphsOf(item.note),
    ]),
    input.contractor.name,
    input.contractor.representativeName,
    input.contract.contractNumber,
    input.contract.title,
    input.title,
    ...toParagraphs(input.description),
    ...input.basis.map((a) => a.title),
    ...input.findings.flatMap((f) => [
      f.clauseTitle,
      f.question,
      ...paragraphsOf(f.comment),
      ...paragraphsOf(f.reviewNote),
    ]),
    input.contact.department,
    input.contact.name,
    optional(input.contact.email) ?? '',
    optional(input.contact.phone) ?? '',
  ].join('');
}

/**
 * A fixed-order serialisation of what the notice prints: key order in the caller's object, extra properties,
 * the order of the basis and how paragraphs are separated (CRLF or LF, blank lines) do not change it, so equal
 * notices give equal document IDs.
 */
export function canonicalImprovementNotice(input: ImprovementNoticeInput): string {
  return JSON.stringify([
    input.orderNumber,
    input.issuedDate,
    input.orgName,
    input.issuerTitle,
    [input.contractor.name, input.contractor.representativeName],
    [input.contract.contractNumber, input.contract.title],
    input.title,
    toParagraphs(input.description),
    input.severity,
    input.dueDate,
    input.planDueDays,
    // Paragraphs join the serialisation only when cited, so notices from before they existed keep their ID.
    sortedBasis(input).map((a) =>
      a.paragraphs?.length ? [a.articleNo, a.title, a.paragraphs] : [a.articleNo, a.title],
    ),
    input.findings.map((f) => [
      ...(f.basis ? [f.basis] : []),
      f.articleNo,
      f.clauseTitle,
      f.question,
      f.answer,
      paragraphsOf(f.comment),
      paragraphsOf(f.reviewNote),
      f.severity,
    ]),
    [
      input.contact.department,
      input.contact.name,
      optional(input.contact.email),
      optional(input.contact.phone),
    ],
    // The 公文書 fields (issue 12) join only when present, so notices recorded before keep their ID.
    ...(isOfficial(input)
      ? [
          [
            optional(input.documentNumber),
            optional(input.issuerName),
            input.sealOmitted === true,
            input.authority
              ? [
                  input.authority.articleNo,
                  input.authority.title,
                  input.authority.paragraph,
                  input.authority.planParagraph,
                  input.authority.completionParagraph,
                ]
              : null,
            (input.sources ?? []).map((s) => [s.kind, s.periodStart, s.periodEnd, s.submittedDate]),
            paragraphsOf(input.facts),
            // The source (issue 16) joins only when stated, so notices recorded before keep their ID.
            ...(input.factsHow?.length || input.sourceItems?.length
              ? [
                  [
                    input.factsHow ?? [],
                    (input.sourceItems ?? []).map((item) => [
                      item.articleNo,
                      item.basis ?? null,
                      item.clauseTitle,
                      item.question,
                      paragraphsOf(item.note),
                    ]),
                  ],
                ]
              : []),
          ],
        ]
      : []),
  ]);
}

/** Whether the input carries any of the 公文書 fields added in issue 12 (older records carry none). */
function isOfficial(input: ImprovementNoticeInput): boolean {
  return (
    !isBlank(input.documentNumber) ||
    !isBlank(input.issuerName) ||
    input.sealOmitted === true ||
    Boolean(input.authority) ||
    (input.sources?.length ?? 0) > 0 ||
    !isBlank(input.facts) ||
    (input.factsHow?.length ?? 0) > 0 ||
    (input.sourceItems?.length ?? 0) > 0
  );
}
