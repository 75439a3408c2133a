import { Module } from '@nestjs/common';
import { WebPage } from '../web-page';

/** Web pages: 自己点検と改善指示. */
@Module({
  imports: [],
  controllers: [],
  providers: [WebPage],
})
export class WorkPagesModule {}
