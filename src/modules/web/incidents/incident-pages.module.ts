import { Module } from '@nestjs/common';
import { ContractsModule } from '../../contracts/contracts.module';
import { IncidentsModule } from '../../incidents/incidents.module';
import { WebPage } from '../web-page';
import { IncidentPageView } from './incident-page.view';
import { IncidentStepPages } from './incident-step.pages';
import { IncidentPages } from './incidents.pages';

/** Web pages: 事故報告. */
@Module({
  imports: [IncidentsModule, ContractsModule],
  controllers: [IncidentPages, IncidentStepPages],
  providers: [WebPage, IncidentPageView],
})
export class IncidentPagesModule {}
