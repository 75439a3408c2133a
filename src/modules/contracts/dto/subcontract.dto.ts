import { ApiExtraModels, ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsDefined,
  IsEmail,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  Min,
  Validate,
  ValidateNested,
  ValidatorConstraint,
  type ValidatorConstraintInterface,
} from 'class-validator';
import { PlainTextRule } from '../../../common/validation/plain-text';
import { DigitsOnly, NumberText } from '../../../common/validation/japanese-input';
import { IsoDateRule } from '../../contractors/dto/contractor.requests';
import { isValidCorporateNumber } from '../../contractors/corporate-number';
import type { IssuedDocumentKind } from '../../documents/issued-document.entity';
import {
  SUBCONTRACT_STATUSES,
  type ProposedSubcontractor,
  type RequestedWorker,
  type Subcontract,
  type SubcontractStatus,
} from '../subcontract.entity';

/** Stored ids are lower-case and MariaDB compares them byte for byte (utf8mb4_bin). */
export const lowerCaseId = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? value.toLowerCase() : value;

/** Multi-line text must hold something besides line breaks and spaces. */
const SOMETHING = /\S/u;

/** The longest request text: about two A4 pages of a notice. */
const LONG = 2000;
export const MAX_REQUESTED_WORKERS = 50;

/** Multi-line text holding something besides spaces and line breaks (named as the blank-field rule). */
@ValidatorConstraint({ name: 'isNotEmpty' })
class NotBlankRule implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'string' && SOMETHING.test(value);
  }
  defaultMessage(): string {
    return 'must not be blank';
  }
}

@ValidatorConstraint({ name: 'corporateNumber' })
class CorporateNumberRule implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'string' && isValidCorporateNumber(value);
  }
  defaultMessage(): string {
    return 'corporateNumber must be a 13-digit 法人番号 with a valid check digit';
  }
}

export class ProposedSecurityOfficer {
  @ApiProperty({ maxLength: 100, example: '保安 花子' })
  @IsString()
  @MaxLength(100)
  @Validate(PlainTextRule)
  name!: string;
  @ApiProperty({ maxLength: 254 }) @IsEmail() @MaxLength(254) email!: string;
  @ApiProperty({
    maxLength: 30,
    example: '0238-00-0000',
    description:
      'Stored in ASCII: full-width digits, dashes (－ ‐ – —, ー between digits) and spaces are converted',
  })
  @NumberText()
  @IsString()
  @Matches(/^[0-9+()\- ]{6,30}$/, { message: 'phone must contain digits, spaces, +, -, ( or ) only' })
  phone!: string;
}

/** The sub-contractor as the contractor knows it; the body registers it from this before deciding. */
export class ProposedSubcontractorInput {
  @ApiProperty({
    maxLength: 200,
    example: '米沢データ印刷株式会社',
    description: 'Printed in the notice: characters the document fonts can print',
  })
  @IsString()
  @MaxLength(200)
  @Validate(PlainTextRule)
  name!: string;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: '7000012050002',
    description:
      '法人番号 (13 digits, check digit verified); null or absent for a sole proprietor. Full-width digits, ' +
      'spaces and hyphens are accepted and stored as 13 ASCII digits',
  })
  @DigitsOnly()
  @IsOptional()
  @Validate(CorporateNumberRule)
  corporateNumber?: string | null;

  @ApiProperty({
    maxLength: 300,
    example: '山形県米沢市金池三丁目1番1号',
    description: 'Printed in the notice: characters the document fonts can print',
  })
  @IsString()
  @MaxLength(300)
  @Validate(PlainTextRule)
  address!: string;

  @ApiProperty({ maxLength: 100, example: '代表取締役 米沢 一郎' })
  @IsString()
  @MaxLength(100)
  @Validate(PlainTextRule)
  representativeName!: string;

  @ApiProperty({ type: ProposedSecurityOfficer, description: "The sub-contractor's 情報セキュリティ責任者" })
  @IsDefined()
  @ValidateNested()
  @Type(() => ProposedSecurityOfficer)
  securityOfficer!: ProposedSecurityOfficer;
}

export class RequestedWorkerInput {
  @ApiProperty({
    maxLength: 100,
    example: '山﨑 花子',
    description: 'Printed in the notice: characters the document fonts can print',
  })
  @IsString()
  @MaxLength(100)
  @Validate(PlainTextRule)
  name!: string;
  @ApiProperty({
    maxLength: 100,
    example: '封入封緘作業',
    description: 'Printed in the notice: characters the document fonts can print',
  })
  @IsString()
  @MaxLength(100)
  @Validate(PlainTextRule)
  role!: string;
}

/**
 * The written request of the 再委託の制限 clause's 第2項. A contractor proposes the sub-contractor
 * (`subcontractor`): it never picks from, or learns about, the body's register of companies. An officer entering a
 * request received on paper may name a registered company (`contractorId`) instead.
 */
export class CreateSubcontractRequest {
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'OFFICER / ADMIN only: a registered, ACTIVE contractor (the request starts REGISTERED)',
  })
  @IsOptional()
  @Transform(lowerCaseId)
  @IsUUID()
  contractorId?: string;

  @ApiPropertyOptional({
    type: ProposedSubcontractorInput,
    description: 'The sub-contractor as proposed (required of a CONTRACTOR)',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => ProposedSubcontractorInput)
  subcontractor?: ProposedSubcontractorInput;

  @ApiProperty({
    maxLength: LONG,
    example: '住民記録システムの帳票印刷及び封入封緘',
    description: '業務の範囲. Printed in the notice: characters the document fonts can print',
  })
  @IsString()
  @MaxLength(LONG)
  @Validate(NotBlankRule)
  scope!: string;

  @ApiProperty({
    maxLength: LONG,
    description: '再委託の必要性',
    example: '繁忙期の帳票印刷量が自社設備の能力を超えるため。',
  })
  @IsString()
  @MaxLength(LONG)
  @Validate(NotBlankRule)
  necessity!: string;

  @ApiProperty({
    maxLength: LONG,
    description: '再委託先に取り扱わせる情報. Printed in the notice: characters the document fonts can print',
    example: '住民の氏名、住所及び税額',
  })
  @IsString()
  @MaxLength(LONG)
  @Validate(NotBlankRule)
  informationHandled!: string;

  @ApiProperty({
    maxLength: LONG,
    description: '再委託先における情報セキュリティ対策（安全管理措置）',
    example: '入退室管理された印刷室でのみ作業し、データは暗号化した媒体で受け渡す。',
  })
  @IsString()
  @MaxLength(LONG)
  @Validate(NotBlankRule)
  securityMeasures!: string;

  @ApiProperty({ type: RequestedWorkerInput, isArray: true, description: "The sub-contractor's workers" })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_REQUESTED_WORKERS)
  @ValidateNested({ each: true })
  @Type(() => RequestedWorkerInput)
  workers!: RequestedWorkerInput[];

  @ApiProperty({
    format: 'date',
    description: "再委託の開始予定日: at least the clause's lead time (default 14 days) after today",
  })
  @Validate(IsoDateRule)
  plannedStartDate!: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'The APPROVED tier this one sits under; omitted for a tier directly under the contractor',
  })
  @IsOptional()
  @Transform(lowerCaseId)
  @IsUUID()
  parentSubcontractId?: string;
}

export class RegisterSubcontractRequest {
  @ApiProperty({ description: 'The version that was read' }) @IsInt() @Min(1) version!: number;
  @ApiPropertyOptional({
    format: 'uuid',
    description:
      'A registered contractor to link; absent: the one with the proposed 法人番号, else a new record from the proposal',
  })
  @IsOptional()
  @Transform(lowerCaseId)
  @IsUUID()
  contractorId?: string;
}

export class DecideSubcontractRequest {
  @ApiProperty({ description: 'The version that was read' }) @IsInt() @Min(1) version!: number;
  @ApiProperty({ description: 'true approves the request, false refuses it' })
  @IsBoolean()
  approved!: boolean;

  @ApiPropertyOptional({
    maxLength: LONG,
    description:
      'Conditions of an approval, or the reason for a refusal (required when approved is false). Printed in the notice: characters the document fonts can print',
  })
  @IsOptional()
  @IsString()
  @MaxLength(LONG)
  note?: string;
}

export class WithdrawSubcontractRequest {
  @ApiProperty({ description: 'The version that was read' }) @IsInt() @Min(1) version!: number;
  @ApiProperty({ maxLength: LONG, example: '再委託先の体制が整わないため。' })
  @IsString()
  @MaxLength(LONG)
  @Validate(NotBlankRule)
  reason!: string;
}

/**
 * An object property that is the named schema or null, written so OpenAPI 3.0 validators and generators read it
 * so (`nullable` beside a `$ref` means nothing): `anyOf: [{ $ref }, null-only schema]`.
 */
const orNull = (model: Parameters<typeof getSchemaPath>[0]): { anyOf: object[] } => ({
  anyOf: [{ $ref: getSchemaPath(model) }, { type: 'object', nullable: true, enum: [null] }],
});

export class ProposedSecurityOfficerResponse {
  @ApiProperty() name!: string;
  @ApiProperty() email!: string;
  @ApiProperty() phone!: string;
}

export class ProposedSubcontractorResponse {
  @ApiProperty() name!: string;
  @ApiProperty({ type: String, nullable: true }) corporateNumber!: string | null;
  @ApiProperty() address!: string;
  @ApiProperty() representativeName!: string;
  @ApiProperty({ type: ProposedSecurityOfficerResponse }) securityOfficer!: ProposedSecurityOfficerResponse;
}

export class RequestedWorkerResponse {
  @ApiProperty() name!: string;
  @ApiProperty() role!: string;
}

export class SubcontractNoticeResponse {
  @ApiProperty({ enum: ['SUBCONTRACT_APPROVAL', 'SUBCONTRACT_REJECTION'] }) kind!: IssuedDocumentKind;
  @ApiProperty({ type: String, nullable: true, example: '置広情第12号' }) documentNumber!: string | null;
  @ApiProperty({ format: 'date-time' }) issuedAt!: string;
  @ApiProperty({ description: 'GET this path for the PDF' }) url!: string;
}

@ApiExtraModels(ProposedSubcontractorResponse, SubcontractNoticeResponse)
export class SubcontractResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) contractId!: string;
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description:
      'The registered sub-contractor; null until registered, and for a CONTRACTOR until the tier is APPROVED',
  })
  contractorId!: string | null;
  @ApiProperty({
    description:
      "The sub-contractor's name: as registered for staff, as proposed for a CONTRACTOR until the tier is APPROVED",
  })
  contractorName!: string;
  @ApiProperty({
    ...orNull(ProposedSubcontractorResponse),
    description: 'The sub-contractor as proposed',
  })
  proposed!: ProposedSubcontractorResponse | null;
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'null: directly under the contractor',
  })
  parentSubcontractId!: string | null;
  @ApiProperty() scope!: string;
  @ApiProperty({ type: String, nullable: true }) necessity!: string | null;
  @ApiProperty({ type: String, nullable: true }) informationHandled!: string | null;
  @ApiProperty({ type: String, nullable: true }) securityMeasures!: string | null;
  @ApiProperty({ type: RequestedWorkerResponse, isArray: true }) workers!: RequestedWorkerResponse[];
  @ApiProperty({ type: String, format: 'date', nullable: true }) plannedStartDate!: string | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Days before the start the request was due' })
  leadDays!: number | null;
  @ApiProperty({ enum: SUBCONTRACT_STATUSES }) status!: SubcontractStatus;
  @ApiProperty({ format: 'uuid' }) requestedBy!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) registeredBy!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) registeredAt!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) decidedBy!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) decidedAt!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Conditions, or the reason for a refusal or withdrawal',
  })
  decisionNote!: string | null;
  @ApiProperty({ ...orNull(SubcontractNoticeResponse), description: '承認通知書 / 不承認通知書' })
  notice!: SubcontractNoticeResponse | null;
  @ApiProperty() version!: number;
  @ApiProperty({ format: 'date-time', description: 'When it was requested' }) createdAt!: string;
}

/** What the caller may see of the registered company (a CONTRACTOR: nothing until the tier is approved). */
export interface RegisteredView {
  /** The registered name, or null where the caller may not see it. */
  name: string | null;
  showId: boolean;
}

export function toSubcontractResponse(
  s: Subcontract,
  registered: RegisteredView,
  notice: SubcontractNoticeResponse | null = null,
): SubcontractResponse {
  return {
    id: s.id,
    contractId: s.contractId,
    contractorId: registered.showId ? s.contractorId : null,
    contractorName: registered.name ?? s.proposed?.name ?? '',
    proposed: s.proposed ? copyProposal(s.proposed) : null,
    parentSubcontractId: s.parentSubcontractId,
    scope: s.scope,
    necessity: s.necessity,
    informationHandled: s.informationHandled,
    securityMeasures: s.securityMeasures,
    workers: (s.workers ?? []).map((w: RequestedWorker) => ({ name: w.name, role: w.role })),
    plannedStartDate: s.plannedStartDate,
    leadDays: s.leadDays,
    status: s.status,
    requestedBy: s.requestedBy,
    registeredBy: s.registeredBy,
    registeredAt: s.registeredAt ? s.registeredAt.toISOString() : null,
    decidedBy: s.decidedBy,
    decidedAt: s.decidedAt ? s.decidedAt.toISOString() : null,
    decisionNote: s.decisionNote,
    notice,
    version: s.version,
    createdAt: s.createdAt.toISOString(),
  };
}

function copyProposal(p: ProposedSubcontractor): ProposedSubcontractorResponse {
  return {
    name: p.name,
    corporateNumber: p.corporateNumber,
    address: p.address,
    representativeName: p.representativeName,
    securityOfficer: { ...p.securityOfficer },
  };
}
