import type Mail from 'nodemailer/lib/mailer';
import { DEFAULT_PRODUCT_NAME } from '../../config/env';

/** What an e-mail needs from a notification and its user. */
export interface MailFacts {
  subject: string;
  body: string;
  link: string | null;
  email: string;
  displayName: string;
}

/**
 * The e-mail of a notification: plain text only (nodemailer sends it as UTF-8 and MIME-encodes the Japanese
 * subject and recipient name), the app link when there is one, and the headers of an automatic message
 * (RFC 3834) so that out-of-office replies are not sent back.
 */
export function composeMail(
  n: MailFacts,
  options: { from: string; appUrl: string; orgName: string; productName?: string },
): Mail.Options {
  const productName = options.productName ?? DEFAULT_PRODUCT_NAME;
  const parts = [n.body];
  if (n.link !== null)
    parts.push('', '詳細は、次のアドレスから確認してください。', `${options.appUrl}${n.link}`);
  parts.push(
    '',
    '――',
    `このメールは、${options.orgName}の${productName}システムから自動で送信しています。`,
    'このメールに返信されても対応できませんのでご了承ください。',
  );
  return {
    from: options.from,
    to: { name: n.displayName, address: n.email },
    subject: mailSubject(n.subject, productName),
    text: parts.join('\n'),
    headers: { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All' },
  };
}

/**
 * The subject as mailed: a notice's subject is stored with the default product name in front
 * (【委託先情報セキュリティ管理】…); the mail names the product as PRODUCT_NAME calls it.
 */
export function mailSubject(subject: string, productName: string): string {
  const prefix = `【${DEFAULT_PRODUCT_NAME}】`;
  return subject.startsWith(prefix) ? `【${productName}】${subject.slice(prefix.length)}` : subject;
}

/**
 * A failure that retrying cannot fix: the server refused this recipient (RCPT TO) or this message with a 5xx
 * answer. Everything else — connection, time-out, 4xx, authentication, a refused sender (a configuration
 * problem that every message shares) — is retried on the next flush.
 */
export function isPermanentMailFailure(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, command, responseCode } = error as {
    code?: unknown;
    command?: unknown;
    responseCode?: unknown;
  };
  const refused = (code === 'EENVELOPE' && command === 'RCPT TO') || code === 'EMESSAGE';
  return refused && typeof responseCode === 'number' && responseCode >= 500 && responseCode < 600;
}
