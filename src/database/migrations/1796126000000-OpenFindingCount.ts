import { type MigrationInterface, type QueryRunner, Table } from 'typeorm';
import { fillOpenFindingCounts } from '../../modules/assessments/open-findings';

// The dashboard's open findings per contractor and clause, kept as counts beside `open_finding` in the same
// transactions (open-findings.ts): grouping the 160,000 open findings of national scale took 95 ms per computed
// dashboard on MariaDB, the slowest of its queries. Filled here from `open_finding`.
export class OpenFindingCount1796126000000 implements MigrationInterface {
  name = 'OpenFindingCount1796126000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'open_finding_count',
        columns: [
          { name: 'contractor_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'clause_code', type: 'varchar', length: '60', isPrimary: true },
          { name: 'clause_title', type: 'varchar', length: '200', isPrimary: true },
          { name: 'n', type: 'integer' },
        ],
      }),
    );
    await fillOpenFindingCounts(q);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('open_finding_count');
  }
}
