import {
  MIC_ITEM_LABELS,
  MIC_ITEM_MAX,
  MIC_ITEM_MIN,
  type Catalogue,
  type ClauseDefinition,
} from './catalogue.types';
import { splitItems } from '../../common/text/paragraph-items';

/**
 * templates/clauses/README.md, written from the catalogue itself (`npm run catalogue:readme`), so the list of
 * clauses, their MIC items, paragraphs and questions can never drift from what contracts are built from; a test
 * fails when the committed file is stale.
 */
export function catalogueReadme(catalogue: Catalogue): string {
  return [INTRODUCTION, micTable(catalogue), ...catalogue.clauses.map(clauseSection)].join('\n');
}

const INTRODUCTION = `# Security clause catalogue (情報セキュリティに関する特記事項)

<!-- Generated from the *.yaml files beside it by \`npm run catalogue:readme\`; do not edit by hand. -->

One YAML file per clause; \`src/modules/clauses/catalogue.loader.ts\` reads every \`*.yaml\` here at start-up,
validates it strictly and refuses to start on any problem (\`file: field: message\`). The catalogue
\`version\` is the SHA-256 of the parsed content: comments and layout do not change it, any text does.
Contracts keep the rendered text, the questions and the version at approval, so editing a clause never changes a
signed contract or the questions it is checked against.

| key | meaning |
|---|---|
| \`code\` | stable UPPER_SNAKE code; never reuse a retired one |
| \`order\` | position in the 特記事項 (第1条… are numbered among the clauses a contract picked) |
| \`title\` | article heading, printed as （title） |
| \`paragraphs\` | 第1項, 第2項…, one line each; parameters as \`{{name}}\`; 甲 = the body, 乙 = the contractor. A paragraph that lists items (号) is written \`{text: …, items: [..., ...]}\`: the items are printed on lines of their own as (1), (2), … (half-width, 公用文作成の考え方 令和4年), so write them without numbers (a closing 。 only after 〜こと or a full sentence); they stay part of their paragraph (第n項 does not move) |
| \`params\` | \`name\`, \`label\`, \`type\` (\`integer\` with \`min\`/\`max\`, \`text\` with \`maxLength\`, \`enum\` with \`values\`), \`default\`, optional \`unit\`, optional \`defaultFrom: workLocation\` |
| \`{{reportInterval}}\` | not a parameter: the contract's own assessment frequency (1か月, 3か月, 6か月, 1年), so the 定期報告 text cannot disagree with the contract |
| \`micItems\` | items 1–13 of the MIC model guideline it implements; every contract's own clauses must cover all 13 (approval answers 422 naming the missing ones) |
| \`isoControls\` | ISO/IEC 27001:2022 Annex A controls, quoted (\`'5.20'\`) |
| \`appliesWhen\` | one of \`{always: true}\`, \`{personalInfo: true}\`, \`{cloud: true}\`, \`{minClass: N}\` |
| \`mandatory\` | cannot be dropped where it applies, except for a clause that \`excludes\` it (its alternative) |
| \`defaultSelected\` | optional clauses only: pre-selected |
| \`excludes\` | clauses that cannot be picked together with this one (symmetric) |
| \`effects\` | \`{subcontracting: forbidden}\` for the clause that forbids re-contracting |
| \`questions\` | the annual self-assessment checklist (CHECKLIST): \`{code: CODE-NN, text: …か。, basis: n}\`; optional where the clause puts no duty on 乙 |
| \`questions[].basis\` | the paragraph (第n項) whose text imposes the duty the question checks; the loader refuses a paragraph that does not exist |
| \`questions[].advisory\` | \`true\` for good practice the text does not require: no \`basis\`; a finding on it is a 推奨事項, never cited as a breach, and does not lower the score |
| \`questions[].requires\` | \`[comment]\`, \`[evidence]\` or both: asked even when the answer is 実施している (evidence: with 実施している or 一部実施, checked at submission) |
| \`questions[].crossCheck\` | \`roster-training\`: the review page compares the answer with the roster's training dates |
| \`reportItems\` | on one mandatory, always-applicable clause only: the 定期報告 (REPORT) form, \`{code: CODE-RNN, text, basis}\`, each answered はい or いいえ, details required with はい; \`crossCheck: roster-changes\` compares いいえ with the roster's changes in the period |

The 前文 of the 特記事項 (printed before 第1条, not part of the catalogue) defines 甲 (the body, as the issuer
settings name it), 乙 (the contractor), 本契約 (the contract, by its number and title) and 本業務 (the work 乙 does
under it): clauses use these terms without defining them again. Define any other term (以下「…」という。) in a
mandatory, always-applicable clause that comes before every clause using it, so that every contract that uses the
term also defines it.

## Assessments and the score

- **CHECKLIST** (自己点検票): every question of the contracted clauses, once a fiscal year (1 April – 31 March, cut
  to the contract's term) and on demand; due \`CHECKLIST_DUE_DAYS\` after it is created.
- **REPORT** (定期報告): the report items, for each period of the contract's frequency; due \`ASSESSMENT_DUE_DAYS\`
  after the period ends, and never fewer days after it is created.
- Neither is generated for a period that ended before the contract was approved.
- **Score of a reviewed CHECKLIST**: advisory items and 該当しない answers are left out; every other item counts
  実施している 1, 一部実施 0.5, 実施していない 0 — and 0, whatever was answered, when the reviewer recorded a finding
  on it. Score = 100 × points ÷ items counted, to two decimals. A HIGH finding caps the score at 59 and a MEDIUM
  finding at 74. Grade: **A** ≥ 90, **B** ≥ 75, **C** ≥ 60, **D** below — so any HIGH finding gives D. A REPORT
  states facts of the period and has no score.
`;

function micTable(catalogue: Catalogue): string {
  const rows: string[] = [];
  for (let item = MIC_ITEM_MIN; item <= MIC_ITEM_MAX; item++) {
    const clauses = catalogue.clauses.filter((c) => c.micItems.includes(item)).map((c) => `\`${c.code}\``);
    rows.push(`| ${item} | ${MIC_ITEM_LABELS[item]} | ${clauses.join(', ')} |`);
  }
  return [
    '## MIC items and the clauses that state them',
    '',
    '| item | what the contract states | clauses |',
    '|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}

function appliesText(def: ClauseDefinition): string {
  const when = def.appliesWhen;
  const scope =
    'personalInfo' in when
      ? 'contracts handling personal information'
      : 'cloud' in when
        ? 'contracts using cloud services'
        : 'minClass' in when
          ? `機密性${when.minClass} and above`
          : 'every contract';
  const choice = def.mandatory ? 'mandatory' : def.defaultSelected ? 'optional, pre-selected' : 'optional';
  return `${scope}; ${choice}`;
}

function questionRow(q: ClauseDefinition['questions'][number]): string {
  const notes = [
    q.advisory ? 'advisory (推奨事項)' : '',
    ...q.requires.map((r) => (r === 'comment' ? 'comment required' : 'evidence required')),
    q.crossCheck ? `cross-check: ${q.crossCheck}` : '',
  ].filter(Boolean);
  return `| \`${q.code}\` | ${q.basis === null ? '—' : `第${q.basis}項`} | ${q.text} | ${notes.join('; ')} |`;
}

function clauseSection(def: ClauseDefinition): string {
  const lines = [
    `## \`${def.code}\` ${def.title}`,
    '',
    `MIC items ${def.micItems.join(', ') || '—'} · ISO/IEC 27001 ${def.isoControls.join(', ')} · ${appliesText(def)}` +
      (def.excludes.length ? ` · excludes ${def.excludes.map((c) => `\`${c}\``).join(', ')}` : ''),
    '',
    ...def.paragraphs.flatMap((p, i) => {
      const { text, items } = splitItems(p);
      return [`${i + 1}. ${text}`, ...items.map((item) => `   - ${item.label} ${item.text}`)];
    }),
    '',
  ];
  for (const [heading, list] of [
    ['Checklist questions', def.questions],
    ['Periodic report items (はい / いいえ)', def.reportItems],
  ] as const) {
    if (list.length === 0) continue;
    lines.push(
      `${heading}:`,
      '',
      '| code | 項 | question | notes |',
      '|---|---|---|---|',
      ...list.map(questionRow),
      '',
    );
  }
  if (def.questions.length === 0 && def.reportItems.length === 0) {
    lines.push('No questions: the clause puts no duty on 乙 that a self-assessment could check.', '');
  }
  return lines.join('\n');
}
