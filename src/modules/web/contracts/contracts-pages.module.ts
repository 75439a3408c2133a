import { Module } from '@nestjs/common';
import { WebPage } from '../web-page';

/** Web pages: 契約・条項・特記事項・再委託・従事者名簿. */
@Module({
  imports: [],
  controllers: [],
  providers: [WebPage],
})
export class ContractPagesModule {}
