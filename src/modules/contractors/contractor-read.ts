import type { DataSource } from 'typeorm';
import { rawDate, rawInstant } from '../../database/raw-values';
import type { Certification } from './certification.entity';
import type { Contractor } from './contractor.entity';

/**
 * A contractor with its certifications (soonest to expire first), for GET /api/contractors/:id: one statement,
 * written out and mapped by hand. It is the API's most frequent read; TypeORM built this join's SQL and hydrated
 * its rows again on every request, a fifth of the read's CPU. test/e2e/read-hot-paths.e2e-spec.ts checks that it
 * answers what the query builder answers, on both databases.
 */
const READ_CONTRACTOR =
  'SELECT c.id, c.corporate_number, c.name, c.name_kana, c.address, c.representative_name, ' +
  'c.security_officer_name, c.security_officer_email, c.security_officer_phone, c.status, c.notes, c.version, ' +
  'c.created_at, c.updated_at, cert.id AS cert_id, cert.type AS cert_type, ' +
  'cert.registration_number AS cert_registration_number, cert.issuer AS cert_issuer, ' +
  'cert.valid_from AS cert_valid_from, cert.valid_until AS cert_valid_until, cert.scope AS cert_scope, ' +
  'cert.created_at AS cert_created_at ' +
  'FROM contractor c LEFT JOIN certification cert ON cert.contractor_id = c.id WHERE c.id = ? ' +
  'ORDER BY cert.valid_until ASC, cert.id ASC';

type Stored = Date | string;

interface Row {
  id: string;
  corporate_number: string | null;
  name: string;
  name_kana: string | null;
  address: string;
  representative_name: string;
  security_officer_name: string;
  security_officer_email: string;
  security_officer_phone: string;
  status: Contractor['status'];
  notes: string | null;
  version: number | string;
  created_at: Stored;
  updated_at: Stored;
  cert_id: string | null;
  cert_type: Certification['type'];
  cert_registration_number: string;
  cert_issuer: string;
  cert_valid_from: Stored;
  cert_valid_until: Stored;
  cert_scope: string | null;
  cert_created_at: Stored;
}

export async function readContractor(
  ds: DataSource,
  id: string,
): Promise<{ contractor: Contractor; certifications: Certification[] } | null> {
  const rows = await ds.query<Row[]>(READ_CONTRACTOR, [id]);
  if (rows.length === 0) return null;
  const [c] = rows;
  const contractor: Contractor = {
    id: c.id,
    corporateNumber: c.corporate_number,
    name: c.name,
    nameKana: c.name_kana,
    address: c.address,
    representativeName: c.representative_name,
    securityOfficerName: c.security_officer_name,
    securityOfficerEmail: c.security_officer_email,
    securityOfficerPhone: c.security_officer_phone,
    status: c.status,
    notes: c.notes,
    version: Number(c.version),
    createdAt: rawInstant(c.created_at),
    updatedAt: rawInstant(c.updated_at),
  };
  const certifications = rows.flatMap((r): Certification[] =>
    r.cert_id === null
      ? []
      : [
          {
            id: r.cert_id,
            contractorId: c.id,
            type: r.cert_type,
            registrationNumber: r.cert_registration_number,
            issuer: r.cert_issuer,
            validFrom: rawDate(r.cert_valid_from),
            validUntil: rawDate(r.cert_valid_until),
            scope: r.cert_scope,
            createdAt: rawInstant(r.cert_created_at),
          },
        ],
  );
  return { contractor, certifications };
}
