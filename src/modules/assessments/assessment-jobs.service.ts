import { Injectable, Logger } from '@nestjs/common';
import { Cron } from '@nestjs/schedule';
import { todayInJapan } from '../../common/clock';
import { InjectConfig } from '../../config/config.module';
import type { AppConfig } from '../../config/env';
import { LeaseService } from '../../database/lease.service';
import { AssessmentGeneratorService } from './assessment-generator.service';

/** The daily run: creates the assessments of periods that began (Japan time). Once a day across instances. */
@Injectable()
export class AssessmentJobsService {
  private readonly logger = new Logger('AssessmentJobs');

  constructor(
    private readonly generator: AssessmentGeneratorService,
    private readonly leases: LeaseService,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  @Cron('0 30 1 * * *', { name: 'assessment-generation', timeZone: 'Asia/Tokyo' })
  async daily(): Promise<void> {
    if (!this.config.jobsEnabled) return;
    try {
      const today = todayInJapan();
      await this.leases.daily('assessment-generation', today, () =>
        this.generator.generate(today, { requestId: 'job:assessment-generation', ip: null }),
      );
    } catch (error) {
      this.logger.error(
        { err: error instanceof Error ? error.message : String(error) },
        'assessment generation failed',
      );
    }
  }
}
