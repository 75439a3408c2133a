import { Module } from '@nestjs/common';
import { SnsModule } from '../../sns/sns.module';
import { WebPage } from '../web-page';
import { OfficialAccountsPages } from './official-accounts.pages';
import { SnsEditPages, SnsRegisterPages } from './sns-register.pages';
import { SnsPages } from './sns.pages';

/** Web pages: the official SNS accounts (the register and each account) and their public list. */
@Module({
  imports: [SnsModule],
  controllers: [OfficialAccountsPages, SnsPages, SnsRegisterPages, SnsEditPages],
  providers: [WebPage],
})
export class SnsPagesModule {}
