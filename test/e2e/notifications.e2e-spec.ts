import type { AddressInfo } from 'node:net';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { ConfigError, loadConfig } from '../../src/config/env';
import { TransactionService } from '../../src/database/transaction.service';
import type { AssessmentResponse } from '../../src/modules/assessments/dto/assessment.dto';
import type {
  NotificationPage,
  NotificationResponse,
  ReadAllResponse,
  ReminderRunResponse,
} from '../../src/modules/notifications/dto/notification.dto';
import { NotificationMailer } from '../../src/modules/notifications/notification-mailer.service';
import { Notification } from '../../src/modules/notifications/notification.entity';
import { NotificationsService } from '../../src/modules/notifications/notifications.service';
import { acceptableAnswer, createApprovedContract, createContractor, createUserAndLogin } from '../factories';
import type { AuditEventBody, ErrorBody, PageBody } from '../utils/bodies';
import { ADMIN, bearer, login, startTestApp, type TestContext } from '../utils/test-app';

interface Received {
  envelopeTo: string[];
  raw: Buffer;
  mail: ParsedMail;
}

/** A real SMTP server on loopback that keeps every message it accepts, and refuses on demand. */
class LoopbackSmtp {
  readonly received: Received[] = [];
  /** Answer every RCPT TO with this code (451: try later). */
  refuseAll: number | null = null;
  /** Answer RCPT TO for these addresses with the code (550: no such user). */
  readonly refuse = new Map<string, number>();
  private readonly server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo: (address, _session, callback) => {
      const code = this.refuseAll ?? this.refuse.get(address.address);
      if (code === undefined) return callback();
      callback(
        Object.assign(new Error(code < 500 ? 'Try again later' : 'No such user'), { responseCode: code }),
      );
    },
    onData: (stream, session, callback) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        simpleParser(raw)
          .then((mail) => {
            this.received.push({ envelopeTo: session.envelope.rcptTo.map((a) => a.address), raw, mail });
            callback();
          })
          .catch((error: Error) => callback(error));
      });
    },
  });
  port = 0;

  async start(): Promise<void> {
    await new Promise<void>((resolve) => {
      const listening = this.server.listen(0, '127.0.0.1', () => {
        this.port = (listening.address() as AddressInfo).port;
        resolve();
      });
    });
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

const toAddresses = (to: AddressObject | AddressObject[] | undefined): string[] =>
  (Array.isArray(to) ? to : to ? [to] : []).flatMap((a) => a.value.map((v) => v.address ?? ''));
const textOf = (mail: ParsedMail): string => (mail.text ?? '').replace(/\r\n/g, '\n').trimEnd();

const APP_URL = 'https://itaku.example.lg.jp/';
const FOOTER = [
  '――',
  'このメールは、置賜広域行政事務組合の委託先情報セキュリティ管理システムから自動で送信しています。',
  'このメールに返信されても対応できませんのでご了承ください。',
].join('\n');

describe('notifications and reminders (issue 5.5)', () => {
  const smtp = new LoopbackSmtp();
  let ctx: TestContext;
  let admin: { id: string; token: string };
  let admin2: { id: string; email: string; token: string };
  let officer: { id: string; email: string; token: string };
  let officer2: { id: string; token: string };
  let auditor: { token: string };
  let u1: { id: string; email: string; token: string };
  let u2: { id: string; email: string; token: string };
  let u3: { id: string; token: string };
  let s1: { id: string; token: string };
  let company: { id: string; name: string };
  let contractA: { id: string };
  let contractE: { id: string };
  let contractF: { id: string };
  let a1: AssessmentResponse;
  let b1: AssessmentResponse;
  let isms: { id: string };
  const runs: ReminderRunResponse[] = [];

  const run = async (today: string, token = admin.token): Promise<ReminderRunResponse> => {
    const res = await ctx
      .http()
      .post('/api/notifications/run-reminders')
      .set(...bearer(token))
      .send({ today });
    expect(res.status).toBe(200);
    const body = res.body as ReminderRunResponse;
    runs.push(body);
    return body;
  };
  const rows = (): Promise<Notification[]> =>
    ctx.dataSource.getRepository(Notification).find({ order: { dedupeKey: 'ASC' } });
  const keysOf = (list: Notification[]): string[] => list.map((n) => n.dedupeKey).sort();
  const listFor = async (token: string, query = ''): Promise<NotificationPage> => {
    const res = await ctx
      .http()
      .get(`/api/notifications${query}`)
      .set(...bearer(token));
    expect(res.status).toBe(200);
    return res.body as NotificationPage;
  };
  const deactivate = async (userId: string): Promise<void> => {
    await ctx
      .http()
      .patch(`/api/users/${userId}`)
      .set(...bearer(admin.token))
      .send({ version: 1, active: false })
      .expect(200);
  };
  /** The contract's assessment of the kind whose period starts on 1 April 2026: the first one. */
  const firstAssessment = async (
    contractId: string,
    kind: 'CHECKLIST' | 'REPORT',
  ): Promise<AssessmentResponse> => {
    const res = await ctx
      .http()
      .get(`/api/assessments?contractId=${contractId}&kind=${kind}&limit=100`)
      .set(...bearer(admin.token));
    const items = (res.body as PageBody<AssessmentResponse>).items;
    expect(items.map((a) => a.periodStart)).toEqual(['2026-04-01']);
    return items[0];
  };
  /** Answers every item as the API accepts it (a report: いいえ throughout) and submits. */
  const submitAll = async (assessment: AssessmentResponse): Promise<AssessmentResponse> => {
    const detail = (
      await ctx
        .http()
        .get(`/api/assessments/${assessment.id}`)
        .set(...bearer(u1.token))
    ).body as AssessmentResponse;
    const saved = await ctx
      .http()
      .put(`/api/assessments/${assessment.id}/items`)
      .set(...bearer(u1.token))
      .send({
        version: detail.version,
        items: (detail.items ?? []).map((i) =>
          detail.kind === 'REPORT' ? { itemId: i.id, answer: 'NO' } : acceptableAnswer(i),
        ),
      })
      .expect(200);
    return (
      await ctx
        .http()
        .post(`/api/assessments/${assessment.id}/submit`)
        .set(...bearer(u1.token))
        .send({ version: (saved.body as AssessmentResponse).version })
        .expect(200)
    ).body as AssessmentResponse;
  };

  beforeAll(async () => {
    await smtp.start();
    ctx = await startTestApp({
      SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
      MAIL_FROM: '置賜広域行政事務組合 <itaku-guard@okitama.example.lg.jp>',
      APP_URL,
    });
    const adminToken = await login(ctx, ADMIN.email, ADMIN.password);
    const me = await ctx
      .http()
      .get('/api/auth/me')
      .set(...bearer(adminToken));
    admin = { id: (me.body as { id: string }).id, token: adminToken };
    admin2 = await createUserAndLogin(ctx, admin.token, 'ADMIN');
    officer = await createUserAndLogin(ctx, admin.token, 'OFFICER');
    officer2 = await createUserAndLogin(ctx, admin.token, 'OFFICER');
    auditor = await createUserAndLogin(ctx, admin.token, 'AUDITOR');
    company = await createContractor(ctx, admin.token);
    const stranger = await createContractor(ctx, admin.token, { name: '別会社株式会社' });
    const noUsers = await createContractor(ctx, admin.token, { name: '最上システム開発株式会社' });
    u1 = await createUserAndLogin(ctx, admin.token, 'CONTRACTOR', company.id);
    u2 = await createUserAndLogin(ctx, admin.token, 'CONTRACTOR', company.id);
    u3 = await createUserAndLogin(ctx, admin.token, 'CONTRACTOR', company.id);
    s1 = await createUserAndLogin(ctx, admin.token, 'CONTRACTOR', stranger.id);

    contractA = await createApprovedContract(ctx, officer.token, company.id, {
      contractNumber: 'R8-IT-0001',
    });
    const contractB = await createApprovedContract(ctx, officer.token, company.id, {
      contractNumber: 'R8-IT-0002',
      title: '庁内ネットワーク運用支援業務委託',
    });
    contractE = await createApprovedContract(ctx, officer.token, noUsers.id, {
      contractNumber: 'R8-IT-0003',
      title: '例規集データ更新業務委託',
      endDate: '2026-08-10',
    });
    contractF = await createApprovedContract(ctx, officer.token, noUsers.id, {
      contractNumber: 'R8-IT-0004',
      title: '公式ウェブサイト保守業務委託',
      endDate: '2026-08-13',
      officerUserId: officer2.id,
    });
    // The responsible officer of F leaves: its reminder must go to the administrators instead.
    await deactivate(officer2.id);
    await deactivate(u3.id);

    // Generated on 14 June: each contract's yearly checklist is due 30 days later, on 14 July, and so is its
    // first quarter's 定期報告 (14 days after the quarter ends). The second quarter has not begun.
    await ctx
      .http()
      .post('/api/assessments/generate')
      .set(...bearer(admin.token))
      .send({ asOf: '2026-06-14' })
      .expect(200);
    // A1 is contract A's checklist (自己点検) and B1 contract B's report (定期報告): one of each kind.
    a1 = await firstAssessment(contractA.id, 'CHECKLIST');
    b1 = await firstAssessment(contractB.id, 'REPORT');
    expect([a1.dueDate, a1.periodEnd, b1.dueDate, b1.periodEnd, a1.status]).toEqual([
      '2026-07-14',
      '2027-03-31',
      '2026-07-14',
      '2026-06-30',
      'OPEN',
    ]);
    // The other two, due the same day, are submitted at once and never reminded; so is B1, before any
    // reminder: it must get none while SUBMITTED.
    const others = [
      await firstAssessment(contractA.id, 'REPORT'),
      await firstAssessment(contractB.id, 'CHECKLIST'),
    ];
    expect(others.map((a) => a.dueDate)).toEqual(['2026-07-14', '2026-07-14']);
    for (const other of others) expect((await submitAll(other)).status).toBe('SUBMITTED');
    b1 = await submitAll(b1);
    expect(b1.status).toBe('SUBMITTED');

    const certify = (body: Record<string, string>) =>
      ctx
        .http()
        .post(`/api/contractors/${company.id}/certifications`)
        .set(...bearer(officer.token))
        .send(body)
        .expect(201);
    const created = await certify({
      type: 'ISMS',
      registrationNumber: 'IS 612345',
      issuer: '一般財団法人日本品質保証機構',
      validFrom: '2023-09-06',
      validUntil: '2026-09-05',
    });
    isms = created.body as { id: string };
    // A privacy mark ending the same day but already renewed (same number, later validity): no reminder.
    const mark = {
      type: 'PRIVACY_MARK',
      registrationNumber: '10820001',
      issuer: '一般財団法人日本情報経済社会推進協会',
    };
    await certify({ ...mark, validFrom: '2024-09-06', validUntil: '2026-09-05' });
    await certify({ ...mark, validFrom: '2026-09-06', validUntil: '2028-09-05' });
  });

  afterAll(async () => {
    await ctx?.close();
    await smtp.stop();
  });

  it('should create nothing before the first reminder is due', async () => {
    const result = await run('2026-07-06');
    expect(result).toMatchObject({ today: '2026-07-06', created: 0, emailed: 0 });
    expect(await rows()).toEqual([]);
  });

  it('should remind 7 days before the due date and 60 days before a certification ends, once', async () => {
    const first = await run('2026-07-07');
    expect(first).toEqual({
      today: '2026-07-07',
      created: 5,
      sources: [
        { name: 'assessments', planned: 1, created: 2 },
        { name: 'certifications', planned: 1, created: 3 },
        { name: 'contracts', planned: 0, created: 0 },
        { name: 'improvement-orders', planned: 0, created: 0 },
        { name: 'close-outs', planned: 0, created: 0 },
        { name: 'incidents', planned: 0, created: 0 },
        { name: 'sns-accounts', planned: 0, created: 0 },
        { name: 'external-services', planned: 0, created: 0 },
      ],
      emailed: 5,
    });
    expect(keysOf(await rows())).toEqual(
      [
        `assessment-due:${a1.id}:7:${u1.id}`,
        `assessment-due:${a1.id}:7:${u2.id}`,
        `certification-expiry:${isms.id}:60:${admin.id}`,
        `certification-expiry:${isms.id}:60:${admin2.id}`,
        `certification-expiry:${isms.id}:60:${officer.id}`,
      ].sort(),
    );
    expect(smtp.received).toHaveLength(5);

    const again = await run('2026-07-07');
    expect(again).toMatchObject({ created: 0, emailed: 0 });
    expect(await rows()).toHaveLength(5);
    expect(smtp.received).toHaveLength(5);
  });

  it('should send the certification reminder to every active officer and administrator only', () => {
    const certMails = smtp.received.filter((r) => r.mail.subject?.includes('認証'));
    expect(certMails.map((r) => r.envelopeTo[0]).sort()).toEqual(
      [ADMIN.email, admin2.email, officer.email].sort(),
    );
    const mail = certMails[0].mail;
    expect(mail.subject).toBe(
      '【委託先情報セキュリティ管理】委託先の認証の有効期限が60日後に到来します（株式会社置賜情報サービス・ISMS）',
    );
    expect(textOf(mail)).toBe(
      [
        '契約担当者各位',
        '',
        '委託先が取得している次の認証の有効期限が60日後（令和8年9月5日）に到来します。',
        '委託先に更新の予定を確認し、更新後の認証を登録してください。',
        '更新されない場合は、契約で求める情報セキュリティ対策が引き続き確保されているかを確認してください。',
        '',
        '委託先　：株式会社置賜情報サービス',
        '認証　　：ISMS',
        '登録番号：IS 612345',
        '認証機関：一般財団法人日本品質保証機構',
        '有効期限：令和8年9月5日',
        '',
        '詳細は、次のアドレスから確認してください。',
        `https://itaku.example.lg.jp/contractors/${company.id}`,
        '',
        FOOTER,
      ].join('\n'),
    );
  });

  it('should remind 3 days before, and tell the officer 30 days before the contract ends', async () => {
    const result = await run('2026-07-11');
    expect(result).toMatchObject({ created: 3, emailed: 3 });
    expect(keysOf(await rows())).toEqual(
      expect.arrayContaining([
        `assessment-due:${a1.id}:3:${u1.id}`,
        `assessment-due:${a1.id}:3:${u2.id}`,
        `contract-ending:${contractE.id}:30:${officer.id}`,
      ]),
    );
    expect(await rows()).toHaveLength(8);

    const ending = smtp.received.find((r) => r.mail.subject?.includes('契約の終了日'));
    expect(ending?.envelopeTo).toEqual([officer.email]);
    expect(ending?.mail.subject).toBe(
      '【委託先情報セキュリティ管理】契約の終了日が30日後です（契約番号 R8-IT-0003）',
    );
    expect(textOf(ending?.mail as ParsedMail)).toContain(
      '次の契約は30日後（令和8年8月10日）に終了します。\n契約の終了に当たり、委託先に提供した情報資産の返還又は消去・廃棄',
    );
  });

  it('should deliver the exact Japanese subject and body, UTF-8 plain text, to the right person', async () => {
    const mine = smtp.received.filter(
      (r) => r.envelopeTo[0] === u1.email && r.mail.subject?.includes('3日後'),
    );
    expect(mine).toHaveLength(1);
    const { mail, raw } = mine[0];
    expect(toAddresses(mail.to)).toEqual([u1.email]);
    expect(mail.from?.value[0]).toMatchObject({
      name: '置賜広域行政事務組合',
      address: 'itaku-guard@okitama.example.lg.jp',
    });
    expect(mail.subject).toBe(
      '【委託先情報セキュリティ管理】自己点検の提出期限が3日後です（契約番号 R8-IT-0001）',
    );
    const body = [
      '株式会社置賜情報サービス',
      'ご担当者様',
      '',
      '次の自己点検の提出期限が3日後（令和8年7月14日）に迫っています。',
      '期限までに各設問に回答のうえ、提出してください。',
      '',
      '契約番号：R8-IT-0001',
      '契約件名：窓口業務支援システム保守業務委託',
      '対象期間：令和8年4月1日～令和9年3月31日',
      '提出期限：令和8年7月14日',
      '状　　況：未提出',
    ].join('\n');
    expect(textOf(mail)).toBe(
      `${body}\n\n詳細は、次のアドレスから確認してください。\nhttps://itaku.example.lg.jp/assessments/${a1.id}\n\n${FOOTER}`,
    );
    const contentType = mail.headers.get('content-type') as { value: string; params: Record<string, string> };
    expect(contentType.value).toBe('text/plain');
    expect(contentType.params.charset.toLowerCase()).toBe('utf-8');
    expect(mail.headers.get('auto-submitted')).toBe('auto-generated');
    // Every header and the body travel MIME-encoded: the raw message is 7-bit ASCII.
    expect(raw.every((byte) => byte < 0x80)).toBe(true);
    expect(raw.toString('ascii')).toMatch(/^Subject: =\?UTF-8\?[BQ]\?/im);

    // The in-app copy carries the same subject and body, and the link as an app path.
    const page = await listFor(u1.token, '?limit=100');
    const inApp = page.items.find((n) => n.subject === mail.subject);
    expect(inApp).toMatchObject({
      kind: 'assessment-due',
      body,
      link: `/assessments/${a1.id}`,
      readAt: null,
    });
  });

  it('should remind a returned assessment, catching up on a step whose exact day has passed', async () => {
    await ctx
      .http()
      .post(`/api/assessments/${b1.id}/return`)
      .set(...bearer(officer.token))
      .send({ version: b1.version, message: '回答の根拠となる資料を追記してください。' })
      .expect(200);
    // Due in 2 days: the 3-day reminder was not sent on its day (B1 was submitted then), so it goes now.
    const result = await run('2026-07-12');
    expect(result).toMatchObject({ created: 2, emailed: 2 });
    const mail = smtp.received.find(
      (r) => r.envelopeTo[0] === u2.email && r.mail.subject?.includes('R8-IT-0002'),
    );
    // B1 is a 定期報告: the message names it and asks for what happened in the period.
    expect(mail?.mail.subject).toBe(
      '【委託先情報セキュリティ管理】定期報告の提出期限が2日後です（契約番号 R8-IT-0002）',
    );
    expect(textOf(mail?.mail as ParsedMail)).toContain(
      '次の定期報告の提出期限が2日後（令和8年7月14日）に迫っています。\n期限までに期間中の出来事を報告のうえ、提出してください。',
    );
    expect(textOf(mail?.mail as ParsedMail)).toContain('対象期間：令和8年4月1日～令和8年6月30日');
    expect(textOf(mail?.mail as ParsedMail)).toContain('状　　況：差戻し中（修正のうえ再提出してください）');
    expect(keysOf(await rows())).toEqual(
      expect.arrayContaining([`assessment-due:${b1.id}:3:${u1.id}`, `assessment-due:${b1.id}:3:${u2.id}`]),
    );
  });

  it('should remind 1 day before, nothing more on the due day, and the administrators when the officer left', async () => {
    expect(await run('2026-07-13')).toMatchObject({ created: 4, emailed: 4 });
    const dueDay = await run('2026-07-14');
    expect(dueDay).toMatchObject({
      created: 2,
      sources: [
        { name: 'assessments', planned: 2, created: 0 },
        { name: 'certifications', planned: 1, created: 0 },
        { name: 'contracts', planned: 2, created: 2 },
        { name: 'improvement-orders', planned: 0, created: 0 },
        { name: 'close-outs', planned: 0, created: 0 },
        { name: 'incidents', planned: 0, created: 0 },
        { name: 'sns-accounts', planned: 0, created: 0 },
        { name: 'external-services', planned: 0, created: 0 },
      ],
    });
    const ending = (await rows()).filter((n) =>
      n.dedupeKey.startsWith(`contract-ending:${contractF.id}:30:`),
    );
    expect(ending.map((n) => n.userId).sort()).toEqual([admin.id, admin2.id].sort());
  });

  it('should keep a mail the server refuses for later, without failing the run, and send it on the next flush', async () => {
    const before = smtp.received.length;
    smtp.refuseAll = 451;
    try {
      const overdue = await run('2026-07-15');
      expect(overdue).toMatchObject({ created: 4, emailed: 0 });
    } finally {
      smtp.refuseAll = null;
    }
    const pending = (await rows()).filter((n) => n.dedupeKey.includes(':overdue:'));
    expect(pending).toHaveLength(4);
    expect(pending.every((n) => n.emailedAt === null)).toBe(true);
    expect(smtp.received).toHaveLength(before);

    const retry = await run('2026-07-15');
    expect(retry).toMatchObject({ created: 0, emailed: 4 });
    expect((await rows()).every((n) => n.emailedAt !== null)).toBe(true);
    const overdueMails = smtp.received.filter(
      (r) => r.envelopeTo[0] === u1.email && r.mail.subject?.includes('過ぎて'),
    );
    expect(overdueMails.map((r) => r.mail.subject).sort()).toEqual([
      '【委託先情報セキュリティ管理】定期報告の提出期限を過ぎています（契約番号 R8-IT-0002）',
      '【委託先情報セキュリティ管理】自己点検の提出期限を過ぎています（契約番号 R8-IT-0001）',
    ]);
    const overdueOf = (contractNumber: string): ParsedMail => {
      const found = overdueMails.find((r) => r.mail.subject?.includes(contractNumber));
      if (!found) throw new Error(`no overdue mail for ${contractNumber}`);
      return found.mail;
    };
    expect(textOf(overdueOf('R8-IT-0002'))).toContain(
      '次の定期報告は、提出期限（令和8年7月14日）を過ぎていますが、まだ提出されていません。\n' +
        '速やかに期間中の出来事を報告のうえ、提出してください。提出が遅れる事情がある場合は、総務課までご連絡ください。',
    );
    expect(textOf(overdueOf('R8-IT-0001'))).toContain(
      '次の自己点検は、提出期限（令和8年7月14日）を過ぎていますが、まだ提出されていません。\n' +
        '速やかに各設問に回答のうえ、提出してください。提出が遅れる事情がある場合は、総務課までご連絡ください。',
    );

    expect(await run('2026-07-16')).toMatchObject({ created: 0, emailed: 0 });
  });

  it('should remind 30 days before a certification ends, once, even with two runs at the same time', async () => {
    const before = smtp.received.length;
    const [x, y] = await Promise.all([run('2026-08-06'), run('2026-08-06')]);
    expect(x.created + y.created).toBe(3);
    expect(x.emailed + y.emailed).toBe(3);
    expect(smtp.received).toHaveLength(before + 3);
    expect(
      (await rows()).filter((n) => n.dedupeKey.startsWith(`certification-expiry:${isms.id}:30:`)),
    ).toHaveLength(3);
  });

  it('should have created every reminder once, for the right people only, and mailed each once', async () => {
    const all = await rows();
    const a = (step: string) => [u1.id, u2.id].map((u) => `assessment-due:${a1.id}:${step}:${u}`);
    const b = (step: string) => [u1.id, u2.id].map((u) => `assessment-due:${b1.id}:${step}:${u}`);
    const staff = (step: number) =>
      [admin.id, admin2.id, officer.id].map((u) => `certification-expiry:${isms.id}:${step}:${u}`);
    expect(keysOf(all)).toEqual(
      [
        ...a('7'),
        ...a('3'),
        ...a('1'),
        ...a('overdue'),
        ...b('3'),
        ...b('1'),
        ...b('overdue'),
        ...staff(60),
        ...staff(30),
        `contract-ending:${contractE.id}:30:${officer.id}`,
        `contract-ending:${contractF.id}:30:${admin.id}`,
        `contract-ending:${contractF.id}:30:${admin2.id}`,
      ].sort(),
    );
    expect(all).toHaveLength(23);
    expect(smtp.received).toHaveLength(23);
    // Each notification's user got exactly the mails of their notifications.
    const emailOf = new Map([
      [u1.id, u1.email],
      [u2.id, u2.email],
      [admin.id, ADMIN.email],
      [admin2.id, admin2.email],
      [officer.id, officer.email],
    ]);
    const expected = all.map((n) => `${emailOf.get(n.userId)}|${n.subject}`).sort();
    const got = smtp.received.map((r) => `${r.envelopeTo.join(',')}|${r.mail.subject}`).sort();
    expect(got).toEqual(expected);
    // Nothing reached the deactivated, the auditor or the other company.
    for (const token of [auditor.token, s1.token]) {
      expect(await listFor(token)).toEqual({ items: [], nextCursor: null, unreadCount: 0 });
    }
    expect(all.some((n) => [u3.id, officer2.id, s1.id].includes(n.userId))).toBe(false);
  });

  it("should list a user's own notifications newest first, page by page, with the unread count", async () => {
    const seen: NotificationResponse[] = [];
    let cursor: string | null = null;
    do {
      const page = await listFor(u1.token, `?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.unreadCount).toBe(7);
      seen.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(7);
    expect(new Set(seen.map((n) => n.id)).size).toBe(7);
    const times = seen.map((n) => Date.parse(n.createdAt));
    expect(times).toEqual([...times].sort((x, y) => y - x));
    expect(seen[0].subject).toContain('提出期限を過ぎています');
    expect(seen[seen.length - 1].subject).toBe(
      '【委託先情報セキュリティ管理】自己点検の提出期限が7日後です（契約番号 R8-IT-0001）',
    );

    const admins = await listFor(admin.token, '?withTotal=true');
    expect(admins.total).toBe(3);
    expect(admins.items.map((n) => n.kind).sort()).toEqual([
      'certification-expiry',
      'certification-expiry',
      'contract-ending',
    ]);
  });

  it('should mark one as read, answer 404 for anyone else, and then mark all as read', async () => {
    const [target] = (await listFor(u1.token)).items;
    const read = await ctx
      .http()
      .post(`/api/notifications/${target.id}/read`)
      .set(...bearer(u1.token));
    expect(read.status).toBe(200);
    const readAt = (read.body as NotificationResponse).readAt;
    expect(readAt).not.toBeNull();
    const twice = await ctx
      .http()
      .post(`/api/notifications/${target.id}/read`)
      .set(...bearer(u1.token));
    expect((twice.body as NotificationResponse).readAt).toBe(readAt);

    for (const token of [u2.token, s1.token, admin.token]) {
      const foreign = await ctx
        .http()
        .post(`/api/notifications/${target.id}/read`)
        .set(...bearer(token));
      expect(foreign.status).toBe(404);
      expect((foreign.body as ErrorBody).code).toBe('NOTIFICATION.NOT_FOUND');
    }
    const missing = await ctx
      .http()
      .post('/api/notifications/00000000-0000-4000-8000-000000000000/read')
      .set(...bearer(u1.token));
    expect([missing.status, (missing.body as ErrorBody).code]).toEqual([404, 'NOTIFICATION.NOT_FOUND']);
    const malformed = await ctx
      .http()
      .post('/api/notifications/not-an-id/read')
      .set(...bearer(u1.token));
    expect([malformed.status, (malformed.body as ErrorBody).code]).toEqual([400, 'REQUEST.INVALID_ID']);

    const unread = await listFor(u1.token, '?unread=true');
    expect([unread.items.length, unread.unreadCount]).toEqual([6, 6]);
    expect(unread.items.some((n) => n.id === target.id)).toBe(false);
    expect((await listFor(u1.token, '?unread=false')).items.map((n) => n.id)).toEqual([target.id]);
    expect((await listFor(u2.token)).unreadCount).toBe(7);

    const all = await ctx
      .http()
      .post('/api/notifications/read-all')
      .set(...bearer(u1.token));
    expect(all.status).toBe(200);
    expect(all.body as ReadAllResponse).toEqual({ updated: 6, unreadCount: 0 });
    expect((await listFor(u1.token, '?unread=true')).items).toEqual([]);
    expect((await listFor(u2.token)).unreadCount).toBe(7);
  });

  it('should let only administrators run the reminders, for a real date', async () => {
    const refused = await ctx
      .http()
      .post('/api/notifications/run-reminders')
      .set(...bearer(officer.token))
      .send({});
    expect(refused.status).toBe(403);
    const bad = await ctx
      .http()
      .post('/api/notifications/run-reminders')
      .set(...bearer(admin.token))
      .send({ today: '2026-02-30' });
    expect(bad.status).toBe(400);
  });

  it('should let other modules notify inside their transaction without ever failing it on a duplicate', async () => {
    const service = ctx.app.get(NotificationsService);
    const tx = ctx.app.get(TransactionService);
    const planned = {
      userIds: [u2.id, u3.id, officer.id],
      kind: 'order-issued',
      subject: '【委託先情報セキュリティ管理】改善指示が発出されました（R8-改善-0001）',
      body: '改善指示の内容を確認し、改善計画を提出してください。',
      link: '/improvement-orders/00000000-0000-4000-8000-000000000000',
      dedupeKey: 'order-issued:test',
    };
    const notifyInTx = () =>
      tx.run(async (t) => {
        const first = await service.notify(t.manager, planned);
        const second = await service.notify(t.manager, planned);
        await t.audit({
          actor: { requestId: 'test', ip: null },
          action: 'test.notify',
          entityType: 'notification',
          entityId: null,
        });
        return first + second;
      });
    // Two callers at once: each transaction commits, and the pair creates the two rows once (u3 is inactive).
    const [x, y] = await Promise.all([notifyInTx(), notifyInTx()]);
    expect(x + y).toBe(2);
    const created = (await rows()).filter((n) => n.dedupeKey.startsWith('order-issued:test:'));
    expect(created.map((n) => n.userId).sort()).toEqual([u2.id, officer.id].sort());

    // The callers' path to e-mail: flush after the commit. The officer's server refuses for good (550).
    smtp.refuse.set(officer.email, 550);
    const before = smtp.received.length;
    const mailer = ctx.app.get(NotificationMailer);
    expect(await mailer.flush()).toEqual({ sent: 1, failed: 0, dropped: 1 });
    expect(smtp.received.slice(before).map((r) => [r.envelopeTo[0], r.mail.subject])).toEqual([
      [u2.email, planned.subject],
    ]);
    // Refused for good: not tried again.
    smtp.refuse.clear();
    expect(await mailer.flush()).toEqual({ sent: 0, failed: 0, dropped: 0 });
    expect(smtp.received).toHaveLength(before + 1);
  });

  it('should audit every reminder run with its counts, and keep the audit chain intact', async () => {
    const audit = await ctx
      .http()
      .get('/api/audit-events?action=notification.reminders&withTotal=true&limit=100')
      .set(...bearer(admin.token));
    const events = (audit.body as PageBody<AuditEventBody>).items;
    expect(events).toHaveLength(runs.length);
    // Two of the runs were simultaneous: compare as sets.
    const canonical = (list: unknown[]) => list.map((x) => JSON.stringify(x)).sort();
    expect(canonical(events.map((e) => e.summary))).toEqual(
      canonical(runs.map((r) => ({ today: r.today, created: r.created, sources: r.sources }))),
    );
    const verify = await ctx
      .http()
      .get('/api/audit-events/verify')
      .set(...bearer(admin.token));
    expect(verify.status).toBe(200);
    expect(verify.body).toMatchObject({ ok: true });
  });
});

describe('mail configuration', () => {
  const base = { NODE_ENV: 'test', AUDIT_HMAC_KEY: 'ab'.repeat(32) } as const;
  const configError = (env: Record<string, string>): string => {
    try {
      loadConfig({ ...base, ...env });
    } catch (error) {
      if (error instanceof ConfigError) return error.variable;
      throw error;
    }
    return 'no error';
  };

  it('should read SMTP_URL with its credentials, default port and TLS mode', () => {
    const config = loadConfig({
      ...base,
      SMTP_URL: 'smtps://notice%40example.lg.jp:p%40ss%3Aword@mail.example.lg.jp',
    });
    expect(config.smtp).toEqual({
      host: 'mail.example.lg.jp',
      port: 465,
      secure: true,
      auth: { user: 'notice@example.lg.jp', pass: 'p@ss:word' },
    });
    expect(loadConfig({ ...base, SMTP_URL: 'smtp://relay.local:2525' }).smtp).toEqual({
      host: 'relay.local',
      port: 2525,
      secure: false,
      auth: null,
    });
    const defaults = loadConfig({ ...base });
    expect([defaults.smtp, defaults.mailFrom, defaults.appUrl]).toEqual([
      null,
      'itaku-guard <no-reply@localhost>',
      'http://localhost:3000',
    ]);
  });

  it('should refuse a wrong mail setting at start-up, naming the variable', () => {
    expect(configError({ SMTP_URL: 'mail.example.lg.jp:587' })).toBe('SMTP_URL');
    expect(configError({ SMTP_URL: 'http://mail.example.lg.jp' })).toBe('SMTP_URL');
    expect(configError({ SMTP_URL: 'smtp://:secret@mail.example.lg.jp' })).toBe('SMTP_URL');
    expect(configError({ SMTP_URL: 'smtp://mail.example.lg.jp/path?x=1' })).toBe('SMTP_URL');
    expect(configError({ MAIL_FROM: 'not an address' })).toBe('MAIL_FROM');
    expect(configError({ MAIL_FROM: 'A\r\nBcc: x@example.jp <a@example.jp>' })).toBe('MAIL_FROM');
    expect(configError({ APP_URL: 'ftp://itaku.example.lg.jp' })).toBe('APP_URL');
    expect(configError({ MAIL_POLL_SECONDS: '1' })).toBe('MAIL_POLL_SECONDS');
  });
});
