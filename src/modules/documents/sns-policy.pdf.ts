import { formatWareki } from '../../common/dates/wareki';
import { BODY_SIZE, DocumentComposer, STYLES } from './pdf-composer';
import { assertPrintable } from './pdf-fonts';
import { type SnsPolicyInput, printedSnsPolicyText, validateSnsPolicyInput } from './sns-policy';

/** Bump when the layout or wording changes: it is part of the document ID. */
const LAYOUT_VERSION = 'sns-policy/v1';

export const SNS_POLICY_TITLE = 'ソーシャルメディアアカウント運用方針';

const EM = BODY_SIZE;
const { body: BODY, heading: HEADING, title: TITLE } = STYLES;

/**
 * Renders the 運用方針 of one account as an A4 PDF: 文書番号 and date, the title, the account, then the articles —
 * purpose (第6条第6号ウ), the 責任者 and 発信担当 and the approval of posts (the disaster fast path), what may and may
 * not be posted (機密性1 only), comments, credentials and sign-in, the public listing, impersonation, takeover and
 * the yearly review. Half-width numerals; the same input gives the same bytes.
 */
export function renderSnsPolicyPdf(input: SnsPolicyInput): Buffer {
  validateSnsPolicyInput(input);
  assertPrintable(printedSnsPolicyText(input));
  const a = input.account;
  const c = new DocumentComposer({
    title: input.documentNumber ? `${SNS_POLICY_TITLE}（${input.documentNumber}）` : SNS_POLICY_TITLE,
    subject: `${a.platformName} ${a.handle}`,
    idSource: `itaku-guard/${LAYOUT_VERSION}\n${JSON.stringify(input)}`,
    draft: false,
  });
  const right = { style: BODY, align: 'right' as const, rightInset: EM };
  if (input.documentNumber) c.paragraph(input.documentNumber, right);
  c.paragraph(formatWareki(input.issuedDate), right);
  c.paragraph(input.orgName, right);
  c.gap(EM * 1.5);
  c.paragraph(SNS_POLICY_TITLE, { style: TITLE, align: 'center' });
  c.paragraph(`（${a.platformName}　${a.handle}）`, { style: BODY, align: 'center' });
  c.gap(EM);

  const label = { style: BODY, labelIndent: EM, indent: 8 * EM };
  c.labelled('サービス', [a.platformName], label);
  c.labelled('アカウント名', [a.displayName], label);
  c.labelled('ID', [a.handle], label);
  c.labelled('URL', [a.url], label);
  c.labelled('運用担当', [a.operatorName], label);
  c.labelled('掲載ページ', [a.websiteListingUrl], label);

  article(c, 1, '目的', [
    `この方針は、情報セキュリティ基本方針第6条第6号ウの規定に基づき、${input.orgName}が上記のアカウント（以下「本アカウント」という。）を運用するに当たり、運用の手順、発信できる情報及び責任者を定めるものとする。`,
    `本アカウントは、${a.audience}に対し、${a.purpose.replace(/。$/u, '')}ことを目的として運用する。`,
  ]);
  article(c, 2, '責任者及び発信担当', [
    `本アカウントの責任者は、${input.managerName}とする。`,
    `本アカウントによる発信は、発信担当（${joined(input.posterNames)}）が行う。`,
    '発信担当は、投稿案を作成し、責任者の承認を得た後でなければ投稿してはならない。責任者は、投稿案が次条の規定に適合しない場合は、これを差し戻すものとする。',
    input.fastPathApproverNames.length
      ? `災害その他緊急に情報を発信する必要がある場合は、${joined(input.fastPathApproverNames)}が直ちに承認することができる。この場合において、その承認は、災害時の即時承認として記録するものとする。`
      : '災害その他緊急に情報を発信する必要がある場合においても、責任者の承認を得るものとする。',
    '発信担当は、投稿した後、その投稿のURL及び日時を記録するものとする。投稿を訂正し、又は削除したときは、その理由を記録するものとする。',
  ]);
  article(c, 3, '発信できる情報', [
    '本アカウントで発信できる情報は、機密性1の情報（公開して差し支えない情報）に限るものとし、機密性2以上の情報は、発信してはならない。',
    `発信できる情報は、${categories(input.allowed)}とする。`,
    `${categories(input.forbidden)}は、発信してはならない。`,
  ]);
  article(c, 4, 'コメント等への対応', [
    '本アカウントに寄せられたコメント、返信及びメッセージには、原則として個別に回答しない。問合せは、本団体の窓口に案内するものとする。',
    '個人情報を含むもの、誹謗中傷その他公序良俗に反するものは、プラットフォームの機能により非表示とし、又は削除することができる。',
  ]);
  article(c, 5, '認証情報の管理', [
    `本アカウントの認証情報は、${input.credentialCustodian ?? '責任者'}が管理し、発信担当以外の者に知らせてはならない。`,
    input.loginDevices.length
      ? `本アカウントへのサインインは、${input.loginDevices.join('、')}に限って行うものとする。`
      : '本アカウントへのサインインは、本団体が管理する端末に限って行うものとする。',
    `二要素認証を有効とし、その方式は${input.twoFactorMethodName}とする。`,
    '人事異動等により発信担当が替わったときは、直ちにパスワードを変更するものとする。',
  ]);
  article(c, 6, '公式アカウントであることの表示', [
    `本アカウントは、本団体のウェブサイト（${a.websiteListingUrl}）及び公式アカウント一覧に掲載し、そのプロフィールには運用担当（${a.operatorName}）を明記する。`,
    `認証済みバッジ：${input.verification}`,
  ]);
  article(c, 7, 'なりすましへの対応', [
    '本アカウントになりすましたアカウントを発見したときは、発見した日時、なりすましアカウントのURL及び内容を記録し、速やかにプラットフォームに報告するとともに、本団体のウェブサイト及び本アカウントにより住民に注意を呼び掛けるものとする。',
  ]);
  article(c, 8, '乗っ取りへの対応', [
    '本アカウントが第三者に不正に利用されたとき、又はそのおそれがあるときは、直ちに運用を停止し、パスワードその他の認証情報を変更し、全ての端末のサインインを無効にした上で、不正な投稿の有無を確認するものとする。',
    '運用の再開は、責任者が安全を確認した後に行うものとする。',
  ]);
  // The last article and 「以上」 stay together, so no page holds 「以上」 alone.
  c.ensureSpace(EM * 2.8 + c.lineHeight(HEADING) + 4 * c.lineHeight(BODY));
  article(c, 9, '見直し', [
    '責任者は、毎年度、人事異動の後に、二要素認証の設定、認証情報の管理者及び発信担当を確認し、この方針を見直すものとする。',
  ]);
  c.gap(EM);
  c.paragraph('以上', { style: BODY, align: 'right', rightInset: EM });
  return c.finish();
}

function article(c: DocumentComposer, no: number, title: string, paragraphs: string[]): void {
  c.gap(EM * 0.8);
  c.ensureSpace(c.lineHeight(HEADING) + 2 * c.lineHeight(BODY));
  c.paragraph(`第${no}条（${title}）`, { style: HEADING, align: 'left' });
  paragraphs.forEach((text, i) =>
    c.paragraph(text, {
      style: BODY,
      indent: EM,
      ...(paragraphs.length > 1 ? { label: String(i + 1), labelIndent: 0 } : { firstLineIndent: EM }),
    }),
  );
}

function categories(list: { title: string; description: string }[]): string {
  const named = list.map((c) => `${c.title}（${c.description}）`);
  if (named.length === 0) return '前項に定める情報';
  return named.length === 1 ? named[0] : `${named.slice(0, -1).join('、')}及び${named[named.length - 1]}`;
}

function joined(names: string[]): string {
  return names.length ? names.join('、') : '責任者が指名する職員';
}
