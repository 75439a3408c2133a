import { type MigrationInterface, type QueryRunner, TableColumn, TableIndex } from 'typeorm';

// The 改善指示書 as a 公文書 (issue 12). An order without findings states the facts the administrator found and
// how (`facts`), and may name the paragraphs of its clause that were not met (`clause_paragraphs`, JSON).
// 文書番号 restart each fiscal year (置広情第1号 in 令和8年度 and again in 令和9年度), so the number alone is
// not unique: the serial within its fiscal year is.
export class OfficialNotice1795920000000 implements MigrationInterface {
  name = 'OfficialNotice1795920000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumns('improvement_order', [
      new TableColumn({ name: 'facts', type: 'text', isNullable: true }),
      new TableColumn({ name: 'clause_paragraphs', type: 'text', isNullable: true }),
    ]);
    await q.createIndex(
      'issued_document',
      new TableIndex({
        name: 'uq_issued_document_serial',
        columnNames: ['fiscal_year', 'serial'],
        isUnique: true,
      }),
    );
    await q.dropIndex('issued_document', 'uq_issued_document_number');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.createIndex(
      'issued_document',
      new TableIndex({
        name: 'uq_issued_document_number',
        columnNames: ['document_number'],
        isUnique: true,
      }),
    );
    await q.dropIndex('issued_document', 'uq_issued_document_serial');
    await q.dropColumn('improvement_order', 'clause_paragraphs');
    await q.dropColumn('improvement_order', 'facts');
  }
}
