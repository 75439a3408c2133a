import { type MigrationInterface, type QueryRunner, Table, TableIndex } from 'typeorm';

// Issued documents as records (issue 12): what each prints, fixed at issue with its 文書番号, and the SHA-256 of
// the PDF rendered from it; the 文書番号 serials per fiscal year. Orders issued before have no row: their notice
// is recorded as it reads on its first download after the upgrade, and stays so.
export class IssuedDocuments1795880000000 implements MigrationInterface {
  name = 'IssuedDocuments1795880000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'issued_document',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'kind', type: 'varchar', length: '40' },
          { name: 'owner_type', type: 'varchar', length: '30' },
          { name: 'owner_id', type: 'varchar', length: '36' },
          { name: 'document_number', type: 'varchar', length: '50', isNullable: true },
          { name: 'fiscal_year', type: 'integer', isNullable: true },
          { name: 'serial', type: 'integer', isNullable: true },
          { name: 'input', type: 'text' },
          { name: 'sha256', type: 'varchar', length: '64', isNullable: true },
          { name: 'issued_at', type: 'datetime', precision: 3 },
          { name: 'issued_by', type: 'varchar', length: '36', isNullable: true },
        ],
        indices: [
          new TableIndex({
            name: 'uq_issued_document_owner',
            columnNames: ['owner_type', 'owner_id', 'kind'],
            isUnique: true,
          }),
          new TableIndex({
            name: 'uq_issued_document_number',
            columnNames: ['document_number'],
            isUnique: true,
          }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'document_number_counter',
        columns: [
          { name: 'fiscal_year', type: 'integer', isPrimary: true },
          { name: 'last_seq', type: 'integer' },
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('document_number_counter');
    await q.dropTable('issued_document');
  }
}
