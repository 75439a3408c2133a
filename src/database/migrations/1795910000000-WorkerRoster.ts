import { type MigrationInterface, type QueryRunner, Table, TableColumn, TableForeignKey } from 'typeorm';

// The roster as the body sees it (issue 12, item 6):
//  - a contract names a list of work places (作業場所) instead of one text: an existing place becomes a one-element
//    list, a contract without one an empty list; a worker's place must be one of them;
//  - every worker carries an employment type (雇用形態): existing entries were all recorded as staff of their
//    employer, so they become EMPLOYEE; a dispatched worker names the agency that employs them;
//  - `contract_roster` holds the roster's acknowledgement (受理) by the body: its state, a revision counted up by
//    every change, and what was acknowledged (revision, SHA-256 of the content, each worker's version, who, when).
//    A contract without a row has never had its roster acknowledged.
export class WorkerRoster1795910000000 implements MigrationInterface {
  name = 'WorkerRoster1795910000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn(
      'contract',
      new TableColumn({ name: 'work_locations', type: 'text', isNullable: true }),
    );
    const rows = (await q.query('SELECT id, work_location FROM contract')) as {
      id: string;
      work_location: string | null;
    }[];
    for (const row of rows) {
      const place = row.work_location?.normalize('NFC').trim() ?? '';
      await q.query('UPDATE contract SET work_locations = ? WHERE id = ?', [
        JSON.stringify(place ? [place] : []),
        row.id,
      ]);
    }
    await q.changeColumn(
      'contract',
      'work_locations',
      new TableColumn({ name: 'work_locations', type: 'text', isNullable: false }),
    );
    await q.dropColumn('contract', 'work_location');

    await q.addColumns('contract_worker', [
      new TableColumn({ name: 'employment_type', type: 'varchar', length: '20', default: "'EMPLOYEE'" }),
      new TableColumn({ name: 'dispatch_agency_name', type: 'varchar', length: '200', isNullable: true }),
    ]);

    await q.createTable(
      new Table({
        name: 'contract_roster',
        columns: [
          { name: 'contract_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'status', type: 'varchar', length: '20' },
          { name: 'revision', type: 'integer' },
          { name: 'acknowledged_revision', type: 'integer', isNullable: true },
          { name: 'acknowledged_sha256', type: 'varchar', length: '64', isNullable: true },
          { name: 'acknowledged_workers', type: 'text', isNullable: true },
          { name: 'acknowledged_at', type: 'datetime', precision: 3, isNullable: true },
          { name: 'acknowledged_by', type: 'varchar', length: '36', isNullable: true },
          { name: 'updated_at', type: 'datetime', precision: 3 },
        ],
        foreignKeys: [
          new TableForeignKey({
            name: 'fk_contract_roster_contract',
            columnNames: ['contract_id'],
            referencedTableName: 'contract',
            referencedColumnNames: ['id'],
            onDelete: 'RESTRICT',
            onUpdate: 'RESTRICT',
          }),
          new TableForeignKey({
            name: 'fk_contract_roster_acknowledged_by',
            columnNames: ['acknowledged_by'],
            referencedTableName: 'user',
            referencedColumnNames: ['id'],
            onDelete: 'RESTRICT',
            onUpdate: 'RESTRICT',
          }),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('contract_roster');
    await q.dropColumns('contract_worker', ['employment_type', 'dispatch_agency_name']);
    await q.addColumn(
      'contract',
      new TableColumn({ name: 'work_location', type: 'varchar', length: '200', isNullable: true }),
    );
    const rows = (await q.query('SELECT id, work_locations FROM contract')) as {
      id: string;
      work_locations: string;
    }[];
    for (const row of rows) {
      // Best effort: a single text column holds the first place only.
      const places = JSON.parse(row.work_locations || '[]') as string[];
      await q.query('UPDATE contract SET work_location = ? WHERE id = ?', [places[0] ?? null, row.id]);
    }
    await q.dropColumn('contract', 'work_locations');
  }
}
