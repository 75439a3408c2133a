import { Module } from '@nestjs/common';
import { AssessmentsModule } from '../assessments/assessments.module';
import { AuthModule } from '../auth/auth.module';
import { ContractsModule } from '../contracts/contracts.module';
import { ImprovementOrdersModule } from '../improvement-orders/improvement-orders.module';
import { AuthPages } from './auth.pages';
import { HomePages } from './home.pages';
import { WebPage } from './web-page';

/** The Japanese web UI: server-rendered pages over the same services as the API. */
@Module({
  imports: [AuthModule, AssessmentsModule, ImprovementOrdersModule, ContractsModule],
  controllers: [AuthPages, HomePages],
  providers: [WebPage],
})
export class WebModule {}
