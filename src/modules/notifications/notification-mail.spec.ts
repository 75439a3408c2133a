import { composeMail, isPermanentMailFailure, mailSubject } from './notification-mail';
import {
  assessmentDueMessage,
  certificationExpiryMessage,
  clipSubject,
  contractEndingMessage,
} from './reminder-messages';

describe('notification e-mail', () => {
  const options = {
    from: 'itaku-guard <no-reply@localhost>',
    appUrl: 'https://itaku.example.lg.jp',
    orgName: '置賜広域行政事務組合',
  };

  it('should append the app link and the automatic-message footer to the body', () => {
    const mail = composeMail(
      {
        subject: '件名',
        body: '本文',
        link: '/contracts/1',
        email: 'a@example.jp',
        displayName: '山﨑 花子',
      },
      options,
    );
    expect(mail).toMatchObject({
      from: options.from,
      to: { name: '山﨑 花子', address: 'a@example.jp' },
      subject: '件名',
      headers: { 'Auto-Submitted': 'auto-generated' },
    });
    expect(mail.text).toBe(
      '本文\n\n詳細は、次のアドレスから確認してください。\nhttps://itaku.example.lg.jp/contracts/1\n\n――\n' +
        'このメールは、置賜広域行政事務組合の委託先情報セキュリティ管理システムから自動で送信しています。\n' +
        'このメールに返信されても対応できませんのでご了承ください。',
    );
    const linkless = composeMail(
      { subject: 's', body: '本文', link: null, email: 'a@example.jp', displayName: 'a' },
      options,
    );
    expect(linkless.text).toBe(
      '本文\n\n――\n' +
        'このメールは、置賜広域行政事務組合の委託先情報セキュリティ管理システムから自動で送信しています。\n' +
        'このメールに返信されても対応できませんのでご了承ください。',
    );
  });

  it('should give up only on a recipient or message the server refuses for good', () => {
    const smtpError = (code: string, command: string, responseCode?: number) =>
      Object.assign(new Error('x'), { code, command, responseCode });
    expect(isPermanentMailFailure(smtpError('EENVELOPE', 'RCPT TO', 550))).toBe(true);
    expect(isPermanentMailFailure(smtpError('EMESSAGE', 'DATA', 554))).toBe(true);
    expect(isPermanentMailFailure(smtpError('EENVELOPE', 'RCPT TO', 451))).toBe(false);
    // A refused sender is a configuration problem shared by every message: keep retrying.
    expect(isPermanentMailFailure(smtpError('EENVELOPE', 'MAIL FROM', 550))).toBe(false);
    expect(isPermanentMailFailure(smtpError('EAUTH', 'AUTH PLAIN', 535))).toBe(false);
    expect(isPermanentMailFailure(smtpError('ECONNECTION', 'CONN'))).toBe(false);
    expect(isPermanentMailFailure('boom')).toBe(false);
  });
});

function dueFacts(): Parameters<typeof assessmentDueMessage>[0] {
  return {
    step: 1,
    daysLeft: 0,
    contractorName: '株式会社置賜情報サービス',
    contractNumber: 'R8-IT-0001',
    contractTitle: '保守業務委託',
    department: '総務課',
    periodStart: '2026-04-01',
    periodEnd: '2026-06-30',
    dueDate: '2026-07-14',
    status: 'OPEN',
    kind: 'CHECKLIST',
  };
}

describe('reminder messages', () => {
  it('should say 本日 on the day itself and never a number of days', () => {
    const due = assessmentDueMessage(dueFacts());
    expect(due.subject).toBe(
      '【委託先情報セキュリティ管理】自己点検の提出期限は本日です（契約番号 R8-IT-0001）',
    );
    expect(due.body).toContain('次の自己点検の提出期限は本日（令和8年7月14日）です。\n本日中に');
    const report = assessmentDueMessage({ ...dueFacts(), step: 3, daysLeft: 3, kind: 'REPORT' });
    expect(report.subject).toBe(
      '【委託先情報セキュリティ管理】定期報告の提出期限が3日後です（契約番号 R8-IT-0001）',
    );
    expect(report.body).toContain('期間中の出来事を報告のうえ');
    const cert = certificationExpiryMessage({
      daysLeft: 0,
      contractorName: '株式会社置賜情報サービス',
      type: 'PRIVACY_MARK',
      registrationNumber: '10820001',
      issuer: '一般財団法人日本情報経済社会推進協会',
      validUntil: '2026-09-05',
    });
    expect(cert.subject).toBe(
      '【委託先情報セキュリティ管理】委託先の認証の有効期限は本日までです（株式会社置賜情報サービス・プライバシーマーク）',
    );
    const ending = contractEndingMessage({
      daysLeft: 0,
      contractNumber: 'R8-IT-0003',
      contractTitle: '例規集データ更新業務委託',
      contractorName: '最上システム開発株式会社',
      department: '総務課',
      startDate: '2026-04-01',
      endDate: '2026-08-10',
    });
    expect(ending.subject).toBe(
      '【委託先情報セキュリティ管理】契約の終了日は本日です（契約番号 R8-IT-0003）',
    );
    expect(ending.body).toContain('次の契約は、本日（令和8年8月10日）で終了します。');
  });

  it('should cut a subject to the 200 characters the column holds, counting characters as MySQL does', () => {
    const long = `【委託先情報セキュリティ管理】${'髙'.repeat(150)}${'𠮷'.repeat(100)}`;
    const clipped = clipSubject(long);
    expect([...clipped]).toHaveLength(200);
    expect(clipped.endsWith('𠮷…')).toBe(true);
    expect(clipSubject('短い件名')).toBe('短い件名');
  });
});

describe('the product name in mail (PRODUCT_NAME)', () => {
  const facts = {
    subject: '【委託先情報セキュリティ管理】改善指示が発出されました（R8-001）',
    body: '本文',
    link: null,
    email: 'a@example.jp',
    displayName: '山﨑 花子',
  };
  const base = {
    from: 'x <no-reply@localhost>',
    appUrl: 'https://itaku.example.lg.jp',
    orgName: '置賜広域行政事務組合',
  };

  it('should name the configured product in the subject and the footer', () => {
    const mail = composeMail(facts, { ...base, productName: '委託先セキュリティ台帳' });
    expect(mail.subject).toBe('【委託先セキュリティ台帳】改善指示が発出されました（R8-001）');
    expect(mail.text).toContain(
      '置賜広域行政事務組合の委託先セキュリティ台帳システムから自動で送信しています。',
    );
  });

  it('should keep the default name, and leave a subject without the prefix as it is', () => {
    expect(composeMail(facts, base).subject).toBe(facts.subject);
    expect(mailSubject('件名だけ', '別の名前')).toBe('件名だけ');
  });
});
