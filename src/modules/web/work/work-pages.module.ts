import { Module } from '@nestjs/common';
import { AssessmentsModule } from '../../assessments/assessments.module';
import { ContractsModule } from '../../contracts/contracts.module';
import { EvidenceModule } from '../../evidence/evidence.module';
import { ImprovementOrdersModule } from '../../improvement-orders/improvement-orders.module';
import { IncidentsModule } from '../../incidents/incidents.module';
import { InspectionsModule } from '../../inspections/inspections.module';
import { WebPage } from '../web-page';
import { AssessmentPageView } from './assessment-page.view';
import { AssessmentPages } from './assessment.pages';
import { EvidencePages } from './evidence.pages';
import { ListFilters } from './list-filters';
import { OrderPageView } from './order-page.view';
import { OrderStepPages } from './order-step.pages';
import { InspectionPages } from './inspection.pages';
import { OrderPages } from './order.pages';

/** Web pages: 自己点検、改善指示と立入検査・書面監査. */
@Module({
  imports: [
    AssessmentsModule,
    ImprovementOrdersModule,
    EvidenceModule,
    ContractsModule,
    InspectionsModule,
    IncidentsModule,
  ],
  controllers: [AssessmentPages, OrderPages, OrderStepPages, EvidencePages, InspectionPages],
  providers: [WebPage, AssessmentPageView, OrderPageView, ListFilters],
})
export class WorkPagesModule {}
