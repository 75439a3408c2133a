import { Module } from '@nestjs/common';
import { AssessmentsModule } from '../assessments/assessments.module';
import { AuthModule } from '../auth/auth.module';
import { CloseOutModule } from '../close-out/close-out.module';
import { ContractsModule } from '../contracts/contracts.module';
import { DashboardModule } from '../dashboard/dashboard.module';
import { ImprovementOrdersModule } from '../improvement-orders/improvement-orders.module';
import { AdminPagesModule } from './admin/admin-pages.module';
import { AuthPages } from './auth.pages';
import { ContractPagesModule } from './contracts/contracts-pages.module';
import { ExternalServicePagesModule } from './external-services/external-service-pages.module';
import { IncidentPagesModule } from './incidents/incident-pages.module';
import { IncidentsModule } from '../incidents/incidents.module';
import { WorkPagesModule } from './work/work-pages.module';
import { HomePages } from './home.pages';
import { SnsPagesModule } from './sns/sns-pages.module';
import { WebPage } from './web-page';

/** The Japanese web UI: server-rendered pages over the same services as the API. */
@Module({
  imports: [
    AuthModule,
    AssessmentsModule,
    ImprovementOrdersModule,
    ContractsModule,
    CloseOutModule,
    DashboardModule,
    AdminPagesModule,
    ContractPagesModule,
    WorkPagesModule,
    IncidentsModule,
    IncidentPagesModule,
    ExternalServicePagesModule,
    SnsPagesModule,
  ],
  controllers: [AuthPages, HomePages],
  providers: [WebPage],
  exports: [WebPage],
})
export class WebModule {}
