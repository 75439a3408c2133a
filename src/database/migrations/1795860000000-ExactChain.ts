import { type MigrationInterface, type QueryRunner, TableColumn, TableIndex } from 'typeorm';

// The chain is exact (issue 11): each assessment is a CHECKLIST or a REPORT; each item names the paragraph
// (第n項) it checks and whether it is advisory or needs a comment or evidence; a reviewed checklist has a
// grade. Existing assessments were all full checklists and keep their answers, scores and findings; their items
// have no paragraph, which reads as "the article as a whole" (the text they were signed with named none).
// Drafts lose the periodic report's interval parameter: the clause now prints the contract's own frequency.
export class ExactChain1795860000000 implements MigrationInterface {
  name = 'ExactChain1795860000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn(
      'assessment',
      new TableColumn({ name: 'kind', type: 'varchar', length: '20', default: "'CHECKLIST'" }),
    );
    await q.addColumn(
      'assessment',
      new TableColumn({ name: 'grade', type: 'varchar', length: '1', isNullable: true }),
    );
    // New indexes before the old ones go: on MariaDB the contract and contractor foreign keys need an index that
    // starts with their column at every moment.
    await q.createIndex(
      'assessment',
      new TableIndex({
        name: 'uq_assessment_kind_period',
        columnNames: ['contract_id', 'kind', 'period_start'],
        isUnique: true,
      }),
    );
    await q.dropIndex('assessment', 'uq_assessment_period');
    // The dashboard's latest reviewed checklist per contractor: the loose index scan needs the kind in the key.
    await q.createIndex(
      'assessment',
      new TableIndex({
        name: 'idx_assessment_latest_kind',
        columnNames: ['contractor_id', 'status', 'kind', 'period_start'],
      }),
    );
    await q.dropIndex('assessment', 'idx_assessment_latest');
    await q.addColumns('assessment_item', [
      new TableColumn({ name: 'basis', type: 'integer', isNullable: true }),
      new TableColumn({ name: 'advisory', type: 'boolean', default: 0 }),
      new TableColumn({ name: 'requires_comment', type: 'boolean', default: 0 }),
      new TableColumn({ name: 'requires_evidence', type: 'boolean', default: 0 }),
      new TableColumn({ name: 'cross_check', type: 'varchar', length: '30', isNullable: true }),
    ]);

    const drafts = (await q.query(
      `SELECT cc.id AS id, cc.params AS params FROM contract_clause cc
         JOIN contract c ON c.id = cc.contract_id
        WHERE c.status = 'DRAFT' AND cc.clause_code = 'PERIODIC_REPORT'`,
    )) as { id: string; params: string | null }[];
    for (const row of drafts) {
      const params = JSON.parse(row.params ?? '{}') as Record<string, unknown>;
      if (!('reportIntervalMonths' in params)) continue;
      delete params.reportIntervalMonths;
      await q.query('UPDATE contract_clause SET params = ? WHERE id = ?', [JSON.stringify(params), row.id]);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumns('assessment_item', [
      'basis',
      'advisory',
      'requires_comment',
      'requires_evidence',
      'cross_check',
    ]);
    // Best effort: a REPORT that an order or evidence already cites keeps the downgrade from running.
    await q.query(
      `DELETE FROM assessment_item WHERE assessment_id IN (SELECT id FROM assessment WHERE kind = 'REPORT')`,
    );
    await q.query(`DELETE FROM assessment WHERE kind = 'REPORT'`);
    await q.createIndex(
      'assessment',
      new TableIndex({
        name: 'idx_assessment_latest',
        columnNames: ['contractor_id', 'status', 'period_start'],
      }),
    );
    await q.dropIndex('assessment', 'idx_assessment_latest_kind');
    await q.createIndex(
      'assessment',
      new TableIndex({
        name: 'uq_assessment_period',
        columnNames: ['contract_id', 'period_start'],
        isUnique: true,
      }),
    );
    await q.dropIndex('assessment', 'uq_assessment_kind_period');
    await q.dropColumn('assessment', 'grade');
    await q.dropColumn('assessment', 'kind');
  }
}
