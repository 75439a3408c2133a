import { type MigrationInterface, type QueryRunner, TableIndex } from 'typeorm';

/**
 * The dashboard's grouped counts per contractor, each served by one index alone (no row reads). MariaDB grouped
 * them by walking the whole contractor index and reading every row for its status: at national scale the
 * overdue self-assessments took 420 ms (80,000 assessment rows read for 12,000 overdue), the active contracts
 * and the open orders 30–140 ms. Each status index gets the columns the count reads appended, so it still serves
 * what it served (the same leading columns) and now covers the dashboard's query too.
 */
const WIDENED = [
  {
    table: 'assessment',
    name: 'idx_assessment_status_due',
    before: ['status', 'due_date'],
    after: ['status', 'due_date', 'contractor_id'],
  },
  {
    table: 'improvement_order',
    name: 'idx_order_status_due',
    before: ['status', 'due_date'],
    after: ['status', 'due_date', 'contractor_id', 'escalated_at'],
  },
  {
    table: 'contract',
    name: 'idx_contract_status_end',
    before: ['status', 'end_date'],
    after: ['status', 'end_date', 'contractor_id'],
  },
] as const;

export class DashboardCoveringIndexes1796125000000 implements MigrationInterface {
  name = 'DashboardCoveringIndexes1796125000000';

  async up(q: QueryRunner): Promise<void> {
    for (const index of WIDENED) await replace(q, index.table, index.name, index.after);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const index of WIDENED) await replace(q, index.table, index.name, index.before);
  }
}

async function replace(
  q: QueryRunner,
  table: string,
  name: string,
  columns: readonly string[],
): Promise<void> {
  await q.dropIndex(table, name);
  await q.createIndex(table, new TableIndex({ name, columnNames: [...columns] }));
}
