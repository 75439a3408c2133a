import { type MigrationInterface, type QueryRunner, TableColumn } from 'typeorm';

// 再委託 paperwork (issue 12, item 5). A request states what the 再委託の制限 clause's 第2項 requires: the
// sub-contractor as the contractor proposes it (it may not be registered yet, so `contractor_id` becomes nullable
// until the officer registers it), the necessity, the information handled, the security measures, the workers and
// the planned start, with the lead time the contract required. New states REGISTERED and WITHDRAWN: every tier
// requested before this named a registered company, so a pending one becomes REGISTERED.
export class SubcontractRequest1795900000000 implements MigrationInterface {
  name = 'SubcontractRequest1795900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumns('subcontract', [
      new TableColumn({ name: 'proposed', type: 'text', isNullable: true }),
      new TableColumn({ name: 'proposed_corporate_number', type: 'varchar', length: '13', isNullable: true }),
      new TableColumn({ name: 'necessity', type: 'text', isNullable: true }),
      new TableColumn({ name: 'information_handled', type: 'text', isNullable: true }),
      new TableColumn({ name: 'security_measures', type: 'text', isNullable: true }),
      new TableColumn({ name: 'workers', type: 'text', isNullable: true }),
      new TableColumn({ name: 'planned_start_date', type: 'date', isNullable: true }),
      new TableColumn({ name: 'lead_days', type: 'integer', isNullable: true }),
      new TableColumn({ name: 'registered_by', type: 'varchar', length: '36', isNullable: true }),
      new TableColumn({ name: 'registered_at', type: 'datetime', precision: 3, isNullable: true }),
    ]);
    await q.changeColumn(
      'subcontract',
      'contractor_id',
      new TableColumn({ name: 'contractor_id', type: 'varchar', length: '36', isNullable: true }),
    );
    await q.query("UPDATE subcontract SET status = 'REGISTERED' WHERE status = 'REQUESTED'");
  }

  async down(q: QueryRunner): Promise<void> {
    // Requests whose company was never registered have no place in the old table.
    await q.query('DELETE FROM subcontract WHERE contractor_id IS NULL');
    await q.query("UPDATE subcontract SET status = 'REQUESTED' WHERE status IN ('REGISTERED')");
    await q.query("UPDATE subcontract SET status = 'REJECTED' WHERE status = 'WITHDRAWN'");
    await q.changeColumn(
      'subcontract',
      'contractor_id',
      new TableColumn({ name: 'contractor_id', type: 'varchar', length: '36', isNullable: false }),
    );
    await q.dropColumns('subcontract', [
      'proposed',
      'proposed_corporate_number',
      'necessity',
      'information_handled',
      'security_measures',
      'workers',
      'planned_start_date',
      'lead_days',
      'registered_by',
      'registered_at',
    ]);
  }
}
