import { withItems } from '../../../common/text/paragraph-items';
import {
  type SpecialProvisionsArticle,
  type SpecialProvisionsInput,
  specialProvisionsContentSha256,
} from '../special-provisions';

/**
 * A realistic 20-article 特記事項 (the MIC guideline's 13 contract items plus the usual municipal extras),
 * shared by the tests and the document bench. The contractor's names use 髙, 﨑 and 𠮷 (outside JIS X 0208;
 * 𠮷 is outside the BMP) on purpose.
 */
const ARTICLES: readonly SpecialProvisionsArticle[] = [
  {
    articleNo: 1,
    title: '基本的事項',
    paragraphs: [
      '乙は、本契約の履行に当たり、甲の情報セキュリティ基本方針及び情報セキュリティ対策基準（以下「情報セキュリティポリシー」という。）並びにこれらに基づく実施手順を遵守しなければならない。',
      '乙は、前項の遵守状況について甲から求められたときは、速やかに報告しなければならない。',
    ],
  },
  {
    articleNo: 2,
    title: '責任者及び作業体制',
    paragraphs: [
      '乙は、本契約の履行に係る情報セキュリティ責任者を定め、書面により甲に届け出なければならない。これを変更するときも、同様とする。',
      '乙は、業務の範囲、従事者の所属及び作業場所を明らかにした作業体制表を作成し、業務の開始前に甲に提出しなければならない。',
    ],
  },
  {
    articleNo: 3,
    title: '従事者名簿',
    paragraphs: [
      '乙は、本契約の業務に従事する者（再委託先の従事者を含む。）の氏名、所属する事業者及び役割を記載した名簿を甲に提出し、変更があったときは直ちに届け出なければならない。',
    ],
  },
  {
    articleNo: 4,
    title: 'サービスレベルの保証',
    paragraphs: [
      '乙は、甲と合意したサービスレベルを保証し、その達成状況を定期的に甲に報告しなければならない。',
    ],
  },
  {
    articleNo: 5,
    title: 'アクセスできる情報の範囲',
    paragraphs: [
      '乙は、甲が指定した情報に限り、甲が認めた方法によりアクセスするものとし、それ以外の情報にアクセスしてはならない。',
      '乙は、アクセスに用いる識別符号及び認証情報を適切に管理し、第三者に利用させてはならない。',
    ],
  },
  {
    articleNo: 6,
    title: '従事者の教育',
    paragraphs: [
      '乙は、従事者に対し、本特記事項の内容及び情報セキュリティに関する教育を業務の開始前及び年1回以上実施し、その記録を保管しなければならない。',
    ],
  },
  {
    articleNo: 7,
    title: '目的外利用及び第三者提供の禁止',
    paragraphs: [
      '乙は、本契約の履行により知り得た情報を、本契約の目的以外に利用し、又は第三者に提供してはならない。',
    ],
  },
  {
    articleNo: 8,
    title: '秘密の保持',
    paragraphs: [
      '乙は、本契約の履行に関して知り得た秘密を他に漏らしてはならない。本契約が終了し、又は解除された後も、同様とする。',
      '乙は、従事者に対し、在職中及び退職後においても前項の義務を遵守させなければならない。',
    ],
  },
  {
    articleNo: 9,
    title: '再委託の制限',
    paragraphs: [
      '乙は、甲の書面による事前の承認を得た場合を除き、本契約の業務の全部又は一部を第三者に委託してはならない。',
      '乙は、前項の承認を得て再委託するときは、再委託先に本特記事項と同等の義務を負わせ、その履行状況を管理しなければならない。',
      '再委託先が更に委託する場合も、前二項と同様とする。',
    ],
  },
  {
    articleNo: 10,
    title: '複製及び持出しの禁止',
    paragraphs: [
      '乙は、甲の許可を得た場合を除き、甲から提供された情報を複製し、又は作業場所の外へ持ち出してはならない。',
      '乙は、前項の許可を得て情報を持ち出すときは、暗号化その他の安全管理措置を講じなければならない。',
      '乙は、甲の許可なく、私物の端末及び外部記録媒体（ＵＳＢメモリ等をいう。）を業務に使用してはならない。',
    ],
  },
  {
    articleNo: 11,
    title: '資本関係等の開示',
    paragraphs: [
      '乙は、甲から求められたときは、資本関係、役員等の情報、従事者の専門性（情報セキュリティに係る資格等）及び実績を示す資料を提出しなければならない。',
    ],
  },
  {
    articleNo: 12,
    title: '情報の返還及び廃棄',
    paragraphs: [
      '乙は、本契約が終了したときは、甲から提供された情報及び業務に伴い作成した情報を甲の指示に従い返還し、又は復元できない方法により消去しなければならない。',
      '乙は、前項の消去を行ったときは、消去の日時、方法及び対象を記載した証明書を甲に提出しなければならない。',
    ],
  },
  {
    articleNo: 13,
    title: '定期報告',
    paragraphs: [
      '乙は、本特記事項の遵守状況について、甲が定める様式により、四半期ごとに甲に報告しなければならない。',
    ],
  },
  {
    articleNo: 14,
    title: '事故発生時の報告',
    paragraphs: [
      '乙は、情報の漏えい、滅失、き損その他の事故が発生し、又はそのおそれがあることを知ったときは、直ちに甲に報告し、甲の指示に従い必要な措置を講じなければならない。',
      withItems(
        '乙は、前項の事故について、次に掲げる事項を取りまとめ、速やかに書面で甲に報告しなければならない。',
        ['事故の原因', '影響の範囲（再委託先におけるものを含む。）', '講じた措置及び再発防止策'],
      ),
    ],
  },
  {
    articleNo: 15,
    title: '監査及び検査',
    paragraphs: [
      '甲は、必要があると認めるときは、乙の作業場所に立ち入り、本特記事項の遵守状況について監査し、又は検査することができる。',
      '乙は、前項の監査又は検査に協力しなければならない。',
    ],
  },
  {
    articleNo: 16,
    title: '遵守状況の確認及び改善',
    paragraphs: [
      '甲は、定期的に乙の情報セキュリティ対策の実施状況を確認し、不十分な点があると認めるときは、乙に改善を指示することができる。',
      '乙は、前項の指示を受けたときは、改善計画書を提出し、その計画に従い改善を行い、完了を甲に報告しなければならない。',
    ],
  },
  {
    articleNo: 17,
    title: '事故の公表',
    paragraphs: [
      '甲は、乙の責めに帰すべき事由により事故が発生したときは、必要に応じて、その内容を公表することができる。',
    ],
  },
  {
    articleNo: 18,
    title: '契約の解除及び損害賠償',
    paragraphs: [
      '甲は、乙が本特記事項に違反したときは、本契約を解除し、乙に損害の賠償を請求することができる。',
      '前項の規定による解除によって乙に損害が生じても、甲はその責めを負わない。',
    ],
  },
  {
    articleNo: 19,
    title: 'クラウドサービスの利用',
    paragraphs: [
      '乙は、本契約の業務にクラウドサービスを利用するときは、ISMAP又はISMAP-LIUに登録されたサービスその他甲が認めたサービスを利用しなければならない。',
    ],
  },
  {
    articleNo: 20,
    title: '疑義の解決',
    paragraphs: [
      '本特記事項に定めのない事項又は本特記事項の解釈について疑義が生じた事項は、甲乙協議の上、定めるものとする。',
    ],
  },
];

export function sampleSpecialProvisionsInput(
  overrides: Partial<SpecialProvisionsInput> = {},
): SpecialProvisionsInput {
  return {
    issuer: {
      name: '置賜広域行政事務組合',
      address: '山形県長井市ままの上7番10号',
      representativeTitle: '管理者',
      representativeName: '内谷　重治',
    },
    contractor: {
      name: '株式会社髙﨑データサービス',
      representativeName: '代表取締役　𠮷田　髙志',
      address: '山形県米沢市金池三丁目1番55号　髙﨑ビル4階',
    },
    contractNumber: '置広第8-0012号',
    contractTitle: '住民情報システム運用保守業務委託',
    startDate: '2026-04-01',
    endDate: '2027-03-31',
    draft: true,
    catalogueVersion: '2026.1',
    articles: ARTICLES.map((a) => ({ ...a, paragraphs: [...a.paragraphs] })),
    approval: null,
    ...overrides,
  };
}

/**
 * The same annex as approved: not a draft, stamped with the approval date and the hash of its content (computed
 * after the overrides, so it always matches).
 */
export function approvedSpecialProvisionsInput(
  overrides: Partial<SpecialProvisionsInput> = {},
  approvedOn = '2026-03-27',
): SpecialProvisionsInput {
  const input = sampleSpecialProvisionsInput({ ...overrides, draft: false });
  input.approval = { date: approvedOn, contentSha256: '' };
  input.approval.contentSha256 = specialProvisionsContentSha256(input);
  return input;
}
