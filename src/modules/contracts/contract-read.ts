import type { DataSource } from 'typeorm';
import { rawDate, rawInstant } from '../../database/raw-values';
import type { Contract } from './contract.entity';

/**
 * A contract and its company's name, for the reads by id (GET /api/contracts/:id, the contract's page): one
 * statement, written out and mapped by hand. TypeORM built this join's SQL and hydrated its row again on every
 * request. test/e2e/read-hot-paths.e2e-spec.ts checks that it answers what the ORM reads, on both databases.
 */
const READ_CONTRACT =
  'SELECT c.id, c.contract_number, c.title, c.contractor_id, c.department, c.officer_user_id, c.start_date, ' +
  'c.end_date, c.confidentiality_class, c.handles_personal_info, c.uses_cloud, c.work_locations, ' +
  'c.assessment_frequency, c.status, c.approved_at, c.approved_by, c.document_sha256, c.content_sha256, ' +
  'c.catalogue_version, c.closed_at, c.closed_reason, c.version, c.created_at, c.updated_at, ' +
  'k.name AS contractor_name FROM contract c LEFT JOIN contractor k ON k.id = c.contractor_id WHERE c.id = ?';

type Stored = Date | string;

interface Row {
  id: string;
  contract_number: string;
  title: string;
  contractor_id: string;
  department: string;
  officer_user_id: string | null;
  start_date: Stored;
  end_date: Stored;
  confidentiality_class: number | string;
  handles_personal_info: number | boolean;
  uses_cloud: number | boolean;
  work_locations: string;
  assessment_frequency: Contract['assessmentFrequency'];
  status: Contract['status'];
  approved_at: Stored | null;
  approved_by: string | null;
  document_sha256: string | null;
  content_sha256: string | null;
  catalogue_version: string | null;
  closed_at: Stored | null;
  closed_reason: string | null;
  version: number | string;
  created_at: Stored;
  updated_at: Stored;
  contractor_name: string | null;
}

export async function readContract(
  ds: DataSource,
  id: string,
): Promise<{ contract: Contract; contractorName: string } | null> {
  const [r] = await ds.query<Row[]>(READ_CONTRACT, [id]);
  if (!r) return null;
  const contract: Contract = {
    id: r.id,
    contractNumber: r.contract_number,
    title: r.title,
    contractorId: r.contractor_id,
    department: r.department,
    officerUserId: r.officer_user_id,
    startDate: rawDate(r.start_date),
    endDate: rawDate(r.end_date),
    confidentialityClass: Number(r.confidentiality_class) as Contract['confidentialityClass'],
    handlesPersonalInfo: Boolean(Number(r.handles_personal_info)),
    usesCloud: Boolean(Number(r.uses_cloud)),
    // TypeORM's simple-json: JSON text in either database.
    workLocations: JSON.parse(r.work_locations) as string[],
    assessmentFrequency: r.assessment_frequency,
    status: r.status,
    approvedAt: r.approved_at === null ? null : rawInstant(r.approved_at),
    approvedBy: r.approved_by,
    documentSha256: r.document_sha256,
    contentSha256: r.content_sha256,
    catalogueVersion: r.catalogue_version,
    closedAt: r.closed_at === null ? null : rawInstant(r.closed_at),
    closedReason: r.closed_reason,
    version: Number(r.version),
    createdAt: rawInstant(r.created_at),
    updatedAt: rawInstant(r.updated_at),
  };
  return { contract, contractorName: r.contractor_name ?? '' };
}
