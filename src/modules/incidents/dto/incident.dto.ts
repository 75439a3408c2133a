import { ApiExtraModels, ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  IsDefined,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  Validate,
  ValidateNested,
  ValidatorConstraint,
  type ValidatorConstraintInterface,
} from 'class-validator';
import { nullableObject } from '../../../common/http/api-nullable';
import { booleanQuery, PageQuery } from '../../../common/pagination/page.query';
import { IsoDateRule } from '../../contractors/dto/contractor.requests';
import {
  COMMISSION_GROUNDS,
  COMMISSION_REPORT_KINDS,
  type CommissionGround,
  type CommissionReportKind,
} from '../commission-rules';
import {
  INCIDENT_KINDS,
  INCIDENT_STATUSES,
  PUBLICATION_DECISIONS,
  type IncidentKind,
  type IncidentStatus,
  type PublicationDecision,
} from '../incident.entity';

const LONG = 4000;
/** Multi-line text must hold something besides line breaks and spaces. */
const SOMETHING = /\S/u;

@ValidatorConstraint({ name: 'isNotEmpty' })
class NotBlankRule implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'string' && SOMETHING.test(value);
  }
  defaultMessage(): string {
    return 'must not be blank';
  }
}

/**
 * A moment with its offset (2026-12-05T10:30:00+09:00 or …Z): without one, the same text names a different moment
 * on a server in another time zone, and the deadlines run from it.
 */
@ValidatorConstraint({ name: 'isoDateTime' })
export class IsoDateTimeRule implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return (
      typeof value === 'string' &&
      /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2})$/u.test(value) &&
      !Number.isNaN(Date.parse(value)) &&
      validCalendarDay(value)
    );
  }
  defaultMessage(): string {
    return 'must be a date and time with its offset, e.g. 2026-12-05T10:30:00+09:00';
  }
}

/** Date.parse rolls 2026-02-30 over to March: refuse a day the month does not have. */
function validCalendarDay(value: string): boolean {
  const [y, m, d] = value.slice(0, 10).split('-').map(Number);
  const day = new Date(Date.UTC(y, m - 1, d));
  return day.getUTCMonth() === m - 1 && day.getUTCDate() === d;
}

export class PersonalInfoInput {
  @ApiProperty({ minimum: 0, maximum: 100_000_000, description: '対象となる本人の数（見込みを含む）' })
  @IsInt()
  @Min(0)
  @Max(100_000_000)
  persons!: number;
  @ApiProperty({ description: '要配慮個人情報が含まれる' }) @IsBoolean() sensitive!: boolean;
  @ApiProperty({ description: '特定個人情報（マイナンバーを含む個人情報）が含まれる' })
  @IsBoolean()
  myNumber!: boolean;
  @ApiPropertyOptional({ description: '不正に利用されることにより財産的被害が生じるおそれがある' })
  @IsOptional()
  @IsBoolean()
  financialHarm?: boolean;
  @ApiPropertyOptional({
    description: '不正の目的をもって行われたおそれがある (always so for UNAUTHORIZED_ACCESS and MALWARE)',
  })
  @IsOptional()
  @IsBoolean()
  unlawfulPurpose?: boolean;
}

/** 第一報 (特記事項 事故発生時の報告 第1項). */
export class ReportIncidentRequest {
  @ApiProperty({ format: 'uuid' }) @IsUUID() contractId!: string;
  @ApiPropertyOptional({
    format: 'date-time',
    nullable: true,
    description: 'When it happened, with its offset; absent or null when not known',
  })
  @IsOptional()
  @Validate(IsoDateTimeRule)
  occurredAt?: string | null;
  @ApiProperty({
    format: 'date-time',
    description: 'When the contractor learned of it (the deadlines run from here), with its offset',
  })
  @Validate(IsoDateTimeRule)
  detectedAt!: string;
  @ApiProperty({ enum: INCIDENT_KINDS }) @IsIn(INCIDENT_KINDS) kind!: IncidentKind;
  @ApiProperty({ maxLength: LONG, description: '事故の概要' })
  @IsString()
  @MaxLength(LONG)
  @Validate(NotBlankRule)
  summary!: string;
  @ApiProperty({ maxLength: LONG, description: '対象となった情報（情報の種類、件数、媒体等）' })
  @IsString()
  @MaxLength(LONG)
  @Validate(NotBlankRule)
  informationInvolved!: string;
  @ApiPropertyOptional({ maxLength: LONG, description: '講じた措置（被害の拡大の防止等）' })
  @IsOptional()
  @IsString()
  @MaxLength(LONG)
  containment?: string;
  @ApiPropertyOptional({
    type: PersonalInfoInput,
    nullable: true,
    description: 'Absent or null: no personal information involved',
  })
  @IsOptional()
  @IsDefined()
  @ValidateNested()
  @Type(() => PersonalInfoInput)
  personalInfo?: PersonalInfoInput | null;
}

export class ReviewIncidentRequest {
  @ApiProperty() @IsInt() @Min(1) version!: number;
  @ApiPropertyOptional({ maxLength: LONG, description: '受付の際の確認事項' })
  @IsOptional()
  @IsString()
  @MaxLength(LONG)
  note?: string;
}

export class RequestDetailedReportRequest {
  @ApiProperty() @IsInt() @Min(1) version!: number;
  @ApiProperty({
    maxLength: LONG,
    description: 'What the written report must cover (原因、被害の範囲、講じた措置、再発防止策 …)',
  })
  @IsString()
  @MaxLength(LONG)
  @Validate(NotBlankRule)
  message!: string;
}

/** 事故報告書 (第2項). */
export class DetailedReportRequest {
  @ApiProperty() @IsInt() @Min(1) version!: number;
  @ApiProperty({ maxLength: LONG, description: '事故の原因' })
  @IsString()
  @MaxLength(LONG)
  @Validate(NotBlankRule)
  cause!: string;
  @ApiProperty({ maxLength: LONG, description: '被害の範囲' })
  @IsString()
  @MaxLength(LONG)
  @Validate(NotBlankRule)
  damageScope!: string;
  @ApiProperty({ maxLength: LONG, description: '講じた措置' })
  @IsString()
  @MaxLength(LONG)
  @Validate(NotBlankRule)
  measuresTaken!: string;
  @ApiProperty({ maxLength: LONG, description: '再発防止策' })
  @IsString()
  @MaxLength(LONG)
  @Validate(NotBlankRule)
  recurrencePrevention!: string;
}

export class CloseIncidentRequest {
  @ApiProperty() @IsInt() @Min(1) version!: number;
  @ApiProperty({ maxLength: LONG, description: '確認の結果' })
  @IsString()
  @MaxLength(LONG)
  @Validate(NotBlankRule)
  note!: string;
}

/** The body's 速報 or 確報 to the 個人情報保護委員会, recorded as sent. */
export class RecordCommissionReportRequest {
  @ApiProperty() @IsInt() @Min(1) version!: number;
  @ApiProperty({ enum: COMMISSION_REPORT_KINDS, description: 'PROMPT: 速報; FINAL: 確報' })
  @IsIn(COMMISSION_REPORT_KINDS)
  kind!: CommissionReportKind;
  @ApiProperty({ format: 'date', description: 'The day the report was sent (Japan date)' })
  @Validate(IsoDateRule)
  doneDate!: string;
  @ApiPropertyOptional({ maxLength: LONG, description: '報告の方法、受付番号等' })
  @IsOptional()
  @IsString()
  @MaxLength(LONG)
  note?: string;
}

/** 公表 (特記事項 公表 clause; MIC guideline item 12): to publish or not. */
export class PublicationRequest {
  @ApiProperty() @IsInt() @Min(1) version!: number;
  @ApiProperty({ enum: PUBLICATION_DECISIONS }) @IsIn(PUBLICATION_DECISIONS) decision!: PublicationDecision;
  @ApiProperty({
    format: 'date',
    description: 'PUBLISH: the day published (or to be); NOT_PUBLISH: the day decided',
  })
  @Validate(IsoDateRule)
  date!: string;
  @ApiPropertyOptional({ maxLength: LONG, description: '判断の理由、公表の方法等' })
  @IsOptional()
  @IsString()
  @MaxLength(LONG)
  note?: string;
}

export class ListIncidentsQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() contractId?: string;
  @ApiPropertyOptional({ enum: INCIDENT_STATUSES })
  @IsOptional()
  @IsIn(INCIDENT_STATUSES)
  status?: IncidentStatus;
  @ApiPropertyOptional({ description: 'Only incidents not yet CLOSED' })
  @IsOptional()
  @Transform(booleanQuery)
  @IsBoolean()
  open?: boolean;
}

export class LatenessResponse {
  @ApiProperty({ description: 'Filed after its deadline' }) late!: boolean;
  @ApiProperty({
    description: 'How late, in whole minutes (first report) or days (written report); 0 when on time',
  })
  by!: number;
  @ApiProperty({ example: '3時間5分', description: 'How late, in words; empty when on time' })
  byText!: string;
}

export class FirstReportDeadlineResponse {
  @ApiProperty({ description: 'The contract clause’s hours' }) hours!: number;
  @ApiProperty({ format: 'date-time' }) dueAt!: string;
  @ApiProperty({ format: 'date-time' }) reportedAt!: string;
  @ApiProperty({ type: LatenessResponse }) lateness!: LatenessResponse;
}

@ApiExtraModels(LatenessResponse)
export class WrittenReportDeadlineResponse {
  @ApiProperty({ description: 'The contract clause’s days' }) days!: number;
  @ApiProperty({ format: 'date', description: 'Due by the end of this day (Japan time)' }) dueDate!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) submittedAt!: string | null;
  @ApiProperty({ ...nullableObject(LatenessResponse), description: 'null until submitted' })
  lateness!: LatenessResponse | null;
  @ApiProperty({ description: 'Not submitted and past its due date' }) overdue!: boolean;
}

export class PersonalInfoResponse {
  @ApiProperty() persons!: number;
  @ApiProperty() sensitive!: boolean;
  @ApiProperty() myNumber!: boolean;
  @ApiProperty() financialHarm!: boolean;
  @ApiProperty({ description: 'As reported, or implied by the kind' }) unlawfulPurpose!: boolean;
}

export class CommissionReportResponse {
  @ApiProperty({ enum: COMMISSION_REPORT_KINDS }) kind!: CommissionReportKind;
  @ApiProperty({ example: '速報' }) label!: string;
  @ApiProperty({ format: 'date' }) dueDate!: string;
  @ApiProperty({ type: String, format: 'date', nullable: true }) doneDate!: string | null;
  @ApiProperty({ type: String, nullable: true }) note!: string | null;
  @ApiProperty({ type: String, nullable: true }) recordedBy!: string | null;
  @ApiProperty({ type: String, nullable: true }) recordedByName!: string | null;
  @ApiProperty({ description: 'Not done and past its due date (Japan time)' }) overdue!: boolean;
}

export class PublicationResponse {
  @ApiProperty({ enum: PUBLICATION_DECISIONS }) decision!: PublicationDecision;
  @ApiProperty({ format: 'date' }) date!: string;
  @ApiProperty({ type: String, nullable: true }) note!: string | null;
  @ApiProperty() decidedBy!: string;
  @ApiProperty({ format: 'date-time' }) decidedAt!: string;
}

export class IncidentReceiptResponse {
  @ApiProperty({ type: String, nullable: true, example: '置広情第12号' }) documentNumber!: string | null;
  @ApiProperty({ format: 'date-time' }) issuedAt!: string;
  @ApiProperty({ example: '/api/incidents/…/receipt.pdf' }) url!: string;
}

export class DetailedReportResponse {
  @ApiProperty() cause!: string;
  @ApiProperty() damageScope!: string;
  @ApiProperty() measuresTaken!: string;
  @ApiProperty() recurrencePrevention!: string;
}

@ApiExtraModels(PersonalInfoResponse, DetailedReportResponse, PublicationResponse, IncidentReceiptResponse)
export class IncidentResponse {
  @ApiProperty() id!: string;
  @ApiProperty() contractId!: string;
  @ApiProperty() contractNumber!: string;
  @ApiProperty() contractTitle!: string;
  @ApiProperty() contractorId!: string;
  @ApiProperty() contractorName!: string;
  @ApiProperty() reportedBy!: string;
  @ApiProperty() reportedByName!: string;
  @ApiProperty({ enum: INCIDENT_KINDS }) kind!: IncidentKind;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) occurredAt!: string | null;
  @ApiProperty({ format: 'date-time' }) detectedAt!: string;
  @ApiProperty({ format: 'date-time' }) reportedAt!: string;
  @ApiProperty() summary!: string;
  @ApiProperty() informationInvolved!: string;
  @ApiProperty({ type: String, nullable: true }) containment!: string | null;
  @ApiProperty({ ...nullableObject(PersonalInfoResponse) }) personalInfo!: PersonalInfoResponse | null;
  @ApiProperty({ enum: INCIDENT_STATUSES }) status!: IncidentStatus;
  @ApiProperty({ type: FirstReportDeadlineResponse }) firstReport!: FirstReportDeadlineResponse;
  @ApiProperty({ type: WrittenReportDeadlineResponse }) writtenReport!: WrittenReportDeadlineResponse;
  @ApiProperty({ ...nullableObject(DetailedReportResponse) })
  detailedReport!: DetailedReportResponse | null;
  @ApiProperty({ type: String, nullable: true }) reviewNote!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) reviewedAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) detailRequest!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) detailRequestedAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) closingNote!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) closedAt!: string | null;
  @ApiProperty({
    enum: COMMISSION_GROUNDS,
    isArray: true,
    description:
      'Why the body must report to the 個人情報保護委員会; empty: it need not (staff only: empty for a contractor)',
  })
  commissionGrounds!: CommissionGround[];
  @ApiProperty({
    type: CommissionReportResponse,
    isArray: true,
    description: "The body's 速報 and 確報 (staff only: empty for a contractor)",
  })
  commissionReports!: CommissionReportResponse[];
  @ApiProperty({ ...nullableObject(PublicationResponse) }) publication!: PublicationResponse | null;
  @ApiProperty({
    ...nullableObject(IncidentReceiptResponse),
    description: '事故報告受付通知書, issued when the report is taken up',
  })
  receipt!: IncidentReceiptResponse | null;
  @ApiProperty() version!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class CommissionTaskResponse extends CommissionReportResponse {
  @ApiProperty() incidentId!: string;
  @ApiProperty() contractNumber!: string;
  @ApiProperty() contractorName!: string;
  @ApiProperty({ enum: INCIDENT_KINDS }) incidentKind!: IncidentKind;
}
