import { randomBytes, randomUUID } from 'node:crypto';
import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { InjectConfig } from '../../config/config.module';
import type { AppConfig } from '../../config/env';
import { TransactionService } from '../../database/transaction.service';
import { hashPassword } from '../auth/password';
import { User } from './user.entity';
import { insertRows } from '../../database/insert';

/**
 * On a database without users, creates the first administrator from ADMIN_EMAIL / ADMIN_PASSWORD or, without
 * them, with a generated password that is printed once to the console (never logged, never stored in clear).
 */
@Injectable()
export class AdminBootstrapService implements OnApplicationBootstrap {
  private readonly logger = new Logger('AdminBootstrap');

  constructor(
    private readonly dataSource: DataSource,
    private readonly tx: TransactionService,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if ((await this.dataSource.manager.count(User)) > 0) return;
    const email = this.config.admin?.email ?? 'admin@localhost';
    const generated = this.config.admin ? null : randomBytes(18).toString('base64url');
    const passwordHash = await hashPassword(this.config.admin?.password ?? generated ?? '');
    const created = await this.tx.run(async (t) => {
      if ((await t.manager.count(User)) > 0) return false; // another instance was quicker
      const now = new Date();
      const id = randomUUID();
      await insertRows(t.manager, User, {
        id,
        email,
        displayName: '管理者',
        passwordHash,
        role: 'ADMIN',
        contractorId: null,
        active: true,
        failedLogins: 0,
        lockedUntil: null,
        lastLoginAt: null,
        version: 1,
        createdAt: now,
        updatedAt: now,
      });
      await t.audit({
        actor: { requestId: null, ip: null },
        action: 'user.bootstrap_admin',
        entityType: 'user',
        entityId: id,
        summary: { email, generatedPassword: generated !== null },
      });
      return true;
    });
    if (!created) return;
    this.logger.log({ email }, 'first administrator created');
    if (generated) {
      process.stdout.write(
        `\n  First administrator created: ${email}\n  Password (shown only this once): ${generated}\n` +
          '  Set ADMIN_EMAIL and ADMIN_PASSWORD to choose them yourself.\n\n',
      );
    }
  }
}
