import { ApiProperty } from '@nestjs/swagger';
import { addDays, todayInJapan } from '../../../common/clock';
import { CERTIFICATION_TYPES, type Certification, type CertificationType } from '../certification.entity';
import { CONTRACTOR_STATUSES, type Contractor, type ContractorStatus } from '../contractor.entity';

export class SecurityOfficerResponse {
  @ApiProperty() name!: string;
  @ApiProperty() email!: string;
  @ApiProperty() phone!: string;
}

export class CertificationResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: CERTIFICATION_TYPES }) type!: CertificationType;
  @ApiProperty() registrationNumber!: string;
  @ApiProperty() issuer!: string;
  @ApiProperty({ format: 'date' }) validFrom!: string;
  @ApiProperty({ format: 'date' }) validUntil!: string;
  @ApiProperty({ type: String, nullable: true, description: '適用範囲; null: not recorded' }) scope!:
    string | null;
  @ApiProperty({ description: 'validUntil is before today (Japan time)' }) expired!: boolean;
  @ApiProperty({ description: 'Still valid, but ends within 60 days' }) expiresWithin60Days!: boolean;
}

export class ContractorResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: String, nullable: true }) corporateNumber!: string | null;
  @ApiProperty() name!: string;
  @ApiProperty({ type: String, nullable: true }) nameKana!: string | null;
  @ApiProperty() address!: string;
  @ApiProperty() representativeName!: string;
  @ApiProperty({ type: SecurityOfficerResponse }) securityOfficer!: SecurityOfficerResponse;
  @ApiProperty({ enum: CONTRACTOR_STATUSES }) status!: ContractorStatus;
  @ApiProperty({ type: String, nullable: true }) notes!: string | null;
  @ApiProperty({ type: CertificationResponse, isArray: true }) certifications!: CertificationResponse[];
  @ApiProperty() version!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export function toCertificationResponse(c: Certification, today = todayInJapan()): CertificationResponse {
  const expired = c.validUntil < today;
  return {
    id: c.id,
    type: c.type,
    registrationNumber: c.registrationNumber,
    issuer: c.issuer,
    validFrom: c.validFrom,
    validUntil: c.validUntil,
    scope: c.scope ?? null,
    expired,
    expiresWithin60Days: !expired && c.validUntil <= addDays(today, 60),
  };
}

export function toContractorResponse(c: Contractor, certifications: Certification[]): ContractorResponse {
  const today = todayInJapan();
  return {
    id: c.id,
    corporateNumber: c.corporateNumber,
    name: c.name,
    nameKana: c.nameKana,
    address: c.address,
    representativeName: c.representativeName,
    securityOfficer: {
      name: c.securityOfficerName,
      email: c.securityOfficerEmail,
      phone: c.securityOfficerPhone,
    },
    status: c.status,
    notes: c.notes,
    certifications: certifications.map((cert) => toCertificationResponse(cert, today)),
    version: c.version,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  };
}
