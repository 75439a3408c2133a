import { Module } from '@nestjs/common';
import { WebPage } from '../web-page';

/** Web pages: 委託先・ユーザー・監査ログ・通知・状況一覧. */
@Module({
  imports: [],
  controllers: [],
  providers: [WebPage],
})
export class AdminPagesModule {}
