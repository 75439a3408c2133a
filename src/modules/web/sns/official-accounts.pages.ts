import { Controller, Get, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../../../common/auth/access.decorator';
import { SnsService } from '../../sns/sns.service';
import { LABELS } from '../glossary';
import { WebPage } from '../web-page';

/** One official account as residents and the body's website check it. */
export interface OfficialAccount {
  platform: string;
  platformName: string;
  handle: string;
  url: string;
  displayName: string;
  operator: string;
}

/**
 * The public list of the body's official social-media accounts (第6条第6号ウ; municipal practice: residents tell
 * an impersonation from the real account by this list). The only pages besides sign-in, health and the static files
 * that answer without signing in; they show the ACTIVE accounts and nothing else.
 */
@ApiExcludeController()
@Controller()
export class OfficialAccountsPages {
  constructor(
    private readonly sns: SnsService,
    private readonly page: WebPage,
  ) {}

  @Get('official-accounts')
  @Public()
  async html(@Res() reply: FastifyReply): Promise<void> {
    const accounts = await this.accounts();
    await reply.view(
      'sns/official-accounts',
      await this.page.model(null, reply, '公式SNSアカウント一覧', { accounts }),
    );
  }

  @Get('official-accounts.json')
  @Public()
  async json(@Res() reply: FastifyReply): Promise<void> {
    const accounts = await this.accounts();
    await reply
      .header('content-type', 'application/json; charset=utf-8')
      .header('cache-control', 'no-store')
      .send({ accounts });
  }

  private async accounts(): Promise<OfficialAccount[]> {
    const rows = await this.sns.officialAccounts();
    return rows.map((a) => ({
      platform: a.platform,
      platformName: LABELS.snsPlatform?.[a.platform] ?? a.platform,
      handle: a.handle,
      url: a.url,
      displayName: a.displayName,
      operator: a.operatorName,
    }));
  }
}
