import { writeFileSync } from 'node:fs';
import { renderSnsPolicyPdf } from './sns-policy.pdf';
import type { SnsPolicyInput } from './sns-policy';
import { assertNoOrphanLines } from './testing/pdf-pages';
import { pdfText, squash } from './testing/pdf-tools';

export function snsPolicyFixture(overrides: Partial<SnsPolicyInput> = {}): SnsPolicyInput {
  return {
    documentNumber: '置広情第7号',
    issuedDate: '2026-12-07',
    orgName: '置賜広域行政事務組合',
    account: {
      platformName: 'X（旧Twitter）',
      handle: '@okitama_koiki',
      url: 'https://x.com/okitama_koiki',
      displayName: '置賜広域行政事務組合',
      operatorName: '総務課広報係',
      purpose: '圏域の住民に行事、窓口及び防災に関する情報を速やかに届ける',
      audience: '圏域の住民',
      websiteListingUrl: 'https://www.okitama.example.lg.jp/sns.html',
      profileText: '置賜広域行政事務組合 総務課広報係が運用しています。',
    },
    managerName: '総務課長 米沢 一郎',
    posterNames: ['長井 花子', '南陽 太郎'],
    fastPathApproverNames: ['危機管理監 高畠 次郎'],
    allowed: [
      { title: '行事・催しの案内', description: '本団体が主催する行事の日時、場所及び申込方法' },
      { title: '防災・災害情報', description: '避難情報及び避難所の開設状況（公表済みのものに限る）' },
    ],
    forbidden: [{ title: '個人情報', description: '個人を識別できる情報' }],
    credentialCustodian: '総務課長',
    loginDevices: ['広報係の業務用端末（1台）'],
    twoFactorMethodName: '認証アプリ',
    verification: 'なし（地方公共団体向けの認証制度がないため）',
    ...overrides,
  };
}

const textOf = (pdf: Buffer): string => squash(pdfText(pdf, 'plain').join('\n'));

describe('ソーシャルメディアアカウント運用方針 (PDF)', () => {
  it('should print the account, the article cited, who posts and approves, what may be posted and the responses', () => {
    const pdf = renderSnsPolicyPdf(snsPolicyFixture());
    // Kept for looking at the pages (pdftoppm -png -r 60) as a 法規担当 would.
    if (process.env.SNS_POLICY_PDF_OUT) writeFileSync(process.env.SNS_POLICY_PDF_OUT, pdf);
    const text = textOf(pdf);
    for (const expected of [
      '置広情第7号',
      '令和8年12月7日',
      'ソーシャルメディアアカウント運用方針',
      '@okitama_koiki',
      '情報セキュリティ基本方針第6条第6号ウの規定に基づき',
      '本アカウントの責任者は、総務課長 米沢 一郎とする。',
      '発信担当（長井 花子、南陽 太郎）',
      '危機管理監 高畠 次郎が直ちに承認することができる。',
      '機密性1の情報（公開して差し支えない情報）に限るものとし、機密性2以上の情報は、発信してはならない。',
      '行事・催しの案内',
      '個人情報（個人を識別できる情報）',
      'コメント',
      '二要素認証を有効とし、その方式は認証アプリとする。',
      'なりすましへの対応',
      '全ての端末のサインインを無効にした上で',
      '以上',
    ])
      expect({ expected, found: text.includes(squash(expected)) }).toEqual({ expected, found: true });
    assertNoOrphanLines(pdf);
  });

  it('should give the same bytes for the same input', () => {
    expect(renderSnsPolicyPdf(snsPolicyFixture()).equals(renderSnsPolicyPdf(snsPolicyFixture()))).toBe(true);
  });
});
