import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, IsUUID, MaxLength, Min, MinLength } from 'class-validator';
import { SUBCONTRACT_STATUSES, type Subcontract, type SubcontractStatus } from '../subcontract.entity';

/** Stored ids are lower-case and MariaDB compares them byte for byte (utf8mb4_bin). */
export const lowerCaseId = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? value.toLowerCase() : value;

export class CreateSubcontractRequest {
  @ApiProperty({ format: 'uuid', description: 'The sub-contractor: a registered, ACTIVE contractor' })
  @Transform(lowerCaseId)
  @IsUUID()
  contractorId!: string;

  @ApiProperty({ maxLength: 2000, example: '住民記録システムの帳票印刷及び封入封緘' })
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  scope!: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'The APPROVED tier this one sits under; omitted for a tier directly under the contractor',
  })
  @IsOptional()
  @Transform(lowerCaseId)
  @IsUUID()
  parentSubcontractId?: string;
}

export class DecideSubcontractRequest {
  @ApiProperty({ description: 'The version that was read' }) @IsInt() @Min(1) version!: number;
  @ApiProperty({ description: 'true approves the request, false refuses it' })
  @IsBoolean()
  approved!: boolean;

  @ApiPropertyOptional({ maxLength: 2000, description: 'Required when approved is false' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

export class SubcontractResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) contractId!: string;
  @ApiProperty({ format: 'uuid', description: 'The sub-contractor' }) contractorId!: string;
  @ApiProperty({ description: "The sub-contractor's name" }) contractorName!: string;
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'null: directly under the contractor',
  })
  parentSubcontractId!: string | null;
  @ApiProperty() scope!: string;
  @ApiProperty({ enum: SUBCONTRACT_STATUSES }) status!: SubcontractStatus;
  @ApiProperty({ format: 'uuid' }) requestedBy!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) decidedBy!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) decidedAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) decisionNote!: string | null;
  @ApiProperty() version!: number;
  @ApiProperty({ format: 'date-time', description: 'When it was requested' }) createdAt!: string;
}

export function toSubcontractResponse(s: Subcontract, contractorName: string): SubcontractResponse {
  return {
    id: s.id,
    contractId: s.contractId,
    contractorId: s.contractorId,
    contractorName,
    parentSubcontractId: s.parentSubcontractId,
    scope: s.scope,
    status: s.status,
    requestedBy: s.requestedBy,
    decidedBy: s.decidedBy,
    decidedAt: s.decidedAt ? s.decidedAt.toISOString() : null,
    decisionNote: s.decisionNote,
    version: s.version,
    createdAt: s.createdAt.toISOString(),
  };
}
