import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ASSESSMENT_FREQUENCIES,
  CONTRACT_STATUSES,
  type AssessmentFrequency,
  type Contract,
  type ContractStatus,
} from '../contract.entity';

export class ContractClauseResponse {
  @ApiProperty({ example: 'INCIDENT_REPORT' }) code!: string;
  @ApiProperty({ description: '第n条 in the 特記事項' }) articleNo!: number;
  @ApiProperty({ example: '事故発生時の報告' }) title!: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: { oneOf: [{ type: 'integer' }, { type: 'string' }] },
    description: 'Every parameter with its effective value',
  })
  params!: Record<string, number | string>;
  @ApiProperty({
    type: String,
    isArray: true,
    description:
      'The article text, one string a paragraph (第1項, 第2項, …): signed text once approved. A paragraph that ' +
      'lists items (号) carries them after its sentence, each after U+2028 LINE SEPARATOR and numbered (1), (2), …',
  })
  paragraphs!: string[];
  @ApiProperty({ description: 'Cannot be dropped while it applies' }) mandatory!: boolean;
}

export class MicCoverageResponse {
  @ApiProperty({ minimum: 1, maximum: 13, description: 'Item of the MIC model guideline (業務委託, 1–13)' })
  item!: number;
  @ApiProperty({ example: '提供されるサービスレベルの保証' }) label!: string;
  @ApiProperty({
    type: String,
    isArray: true,
    description: 'Codes of this contract’s clauses that state it; empty: uncovered (approval answers 422)',
  })
  clauses!: string[];
}

export class ContractResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() contractNumber!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ format: 'uuid' }) contractorId!: string;
  @ApiProperty() contractorName!: string;
  @ApiProperty() department!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) officerUserId!: string | null;
  @ApiProperty({ format: 'date' }) startDate!: string;
  @ApiProperty({ format: 'date' }) endDate!: string;
  @ApiProperty({ enum: [1, 2, 3] }) confidentialityClass!: 1 | 2 | 3;
  @ApiProperty() handlesPersonalInfo!: boolean;
  @ApiProperty() usesCloud!: boolean;
  @ApiProperty({ type: String, isArray: true, description: 'The work places (作業場所) the contract names' })
  workLocations!: string[];
  @ApiProperty({
    type: String,
    nullable: true,
    deprecated: true,
    description:
      'The work places as the 作業場所 clause prints them (「A、B及びC」); null when none is named',
  })
  workLocation!: string | null;
  @ApiProperty({ enum: ASSESSMENT_FREQUENCIES }) assessmentFrequency!: AssessmentFrequency;
  @ApiProperty({ enum: CONTRACT_STATUSES }) status!: ContractStatus;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) approvedAt!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) approvedBy!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'SHA-256 of the approved 特記事項 PDF' })
  documentSha256!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description:
      'SHA-256 of the approved 特記事項 content (canonical JSON of what it prints); its first 16 characters are ' +
      'the 照合番号 in the footer of every page',
  })
  contentSha256!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Catalogue version the signed texts come from' })
  catalogueVersion!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) closedAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) closedReason!: string | null;
  @ApiProperty() version!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiPropertyOptional({
    type: ContractClauseResponse,
    isArray: true,
    description: 'Only on a single contract',
  })
  clauses?: ContractClauseResponse[];
  @ApiPropertyOptional({
    type: MicCoverageResponse,
    isArray: true,
    description: 'Only on a single contract: the 13 MIC items and the clauses covering each',
  })
  micCoverage?: MicCoverageResponse[];
}

/** The places as one text, the 公用文 way: 「A」, 「A及びB」, 「A、B及びC」; null for none. */
export function joinedWorkLocations(places: readonly string[]): string | null {
  if (places.length === 0) return null;
  if (places.length === 1) return places[0];
  return `${places.slice(0, -1).join('、')}及び${places[places.length - 1]}`;
}

export function toContractResponse(
  c: Contract,
  contractorName: string,
  clauses?: ContractClauseResponse[],
  micCoverage?: MicCoverageResponse[],
): ContractResponse {
  return {
    id: c.id,
    contractNumber: c.contractNumber,
    title: c.title,
    contractorId: c.contractorId,
    contractorName,
    department: c.department,
    officerUserId: c.officerUserId,
    startDate: c.startDate,
    endDate: c.endDate,
    confidentialityClass: c.confidentialityClass,
    handlesPersonalInfo: c.handlesPersonalInfo,
    usesCloud: c.usesCloud,
    workLocations: c.workLocations,
    workLocation: joinedWorkLocations(c.workLocations),
    assessmentFrequency: c.assessmentFrequency,
    status: c.status,
    approvedAt: c.approvedAt?.toISOString() ?? null,
    approvedBy: c.approvedBy,
    documentSha256: c.documentSha256,
    contentSha256: c.contentSha256,
    catalogueVersion: c.catalogueVersion,
    closedAt: c.closedAt?.toISOString() ?? null,
    closedReason: c.closedReason,
    version: c.version,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
    ...(clauses ? { clauses } : {}),
    ...(micCoverage ? { micCoverage } : {}),
  };
}
