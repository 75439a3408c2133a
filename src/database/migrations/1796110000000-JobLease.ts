import type { MigrationInterface, QueryRunner } from 'typeorm';
import { ensureLeaseTable, LEASE_TABLE } from '../lease';

// Leases (issue 20): the row that replaces MySQL named locks, which a Galera cluster does not replicate. migrate()
// creates the same table before the first migration runs (it takes the "migrations" lease), hence IF NOT EXISTS.
export class JobLease1796110000000 implements MigrationInterface {
  name = 'JobLease1796110000000';

  async up(q: QueryRunner): Promise<void> {
    await ensureLeaseTable(q);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE ${LEASE_TABLE}`);
  }
}
