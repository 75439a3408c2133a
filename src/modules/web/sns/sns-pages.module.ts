import { Module } from '@nestjs/common';
import { SnsModule } from '../../sns/sns.module';
import { WebPage } from '../web-page';
import { OfficialAccountsPages } from './official-accounts.pages';

/** Web pages: the public list of official social-media accounts. */
@Module({
  imports: [SnsModule],
  controllers: [OfficialAccountsPages],
  providers: [WebPage],
})
export class SnsPagesModule {}
