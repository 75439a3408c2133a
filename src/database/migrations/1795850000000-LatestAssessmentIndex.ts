import { type MigrationInterface, type QueryRunner, TableIndex } from 'typeorm';

// The dashboard's latest REVIEWED assessment per contractor: MAX(period_start) per contractor among REVIEWED
// ones, joined back to the rows. Without an index both halves scan the whole assessment table (400 ms at 80,000
// assessments on MariaDB). With (contractor_id, status, period_start) MariaDB answers the MAX with a loose index
// scan (one dive per contractor, "Using index for group-by") and joins back with one index lookup per contractor.
export class LatestAssessmentIndex1795850000000 implements MigrationInterface {
  name = 'LatestAssessmentIndex1795850000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createIndex(
      'assessment',
      new TableIndex({
        name: 'idx_assessment_latest',
        columnNames: ['contractor_id', 'status', 'period_start'],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('assessment', 'idx_assessment_latest');
  }
}
