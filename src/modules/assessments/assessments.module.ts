import { Module } from '@nestjs/common';
import { ClausesModule } from '../clauses/clauses.module';
import { EvidenceModule } from '../evidence/evidence.module';
import { AssessmentGeneratorService } from './assessment-generator.service';
import { AssessmentJobsService } from './assessment-jobs.service';
import { AssessmentWorkflowService } from './assessment-workflow.service';
import { AssessmentsController } from './assessments.controller';
import { AssessmentsService } from './assessments.service';

@Module({
  imports: [ClausesModule, EvidenceModule],
  controllers: [AssessmentsController],
  providers: [
    AssessmentsService,
    AssessmentWorkflowService,
    AssessmentGeneratorService,
    AssessmentJobsService,
  ],
  exports: [AssessmentsService, AssessmentGeneratorService, AssessmentWorkflowService],
})
export class AssessmentsModule {}
