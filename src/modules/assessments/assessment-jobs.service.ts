import { Injectable, Logger } from '@nestjs/common';
import { Cron } from '@nestjs/schedule';
import { todayInJapan } from '../../common/clock';
import { InjectConfig } from '../../config/config.module';
import type { AppConfig } from '../../config/env';
import { AssessmentGeneratorService } from './assessment-generator.service';

/** The daily run: creates the assessments of periods that began (Japan time). Safe on several instances. */
@Injectable()
export class AssessmentJobsService {
  private readonly logger = new Logger('AssessmentJobs');

  constructor(
    private readonly generator: AssessmentGeneratorService,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  @Cron('0 30 1 * * *', { name: 'assessment-generation', timeZone: 'Asia/Tokyo' })
  async daily(): Promise<void> {
    if (!this.config.jobsEnabled) return;
    try {
      await this.generator.generate(todayInJapan(), { requestId: 'job:assessment-generation', ip: null });
    } catch (error) {
      this.logger.error(
        { err: error instanceof Error ? error.message : String(error) },
        'assessment generation failed',
      );
    }
  }
}
