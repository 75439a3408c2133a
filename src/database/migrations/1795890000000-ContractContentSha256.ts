import { type MigrationInterface, type QueryRunner, TableColumn } from 'typeorm';

// The approved 特記事項 prints, on every page, the first characters of the SHA-256 of its content (issue 12): a
// PDF cannot contain its own hash, so the contract keeps both — `document_sha256` of the stored file and
// `content_sha256` of the canonical content printed in its footer. Contracts approved before have no content
// hash (their PDFs carry no footer): the column stays null for them.
export class ContractContentSha2561795890000000 implements MigrationInterface {
  name = 'ContractContentSha2561795890000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn(
      'contract',
      new TableColumn({ name: 'content_sha256', type: 'varchar', length: '64', isNullable: true }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('contract', 'content_sha256');
  }
}
