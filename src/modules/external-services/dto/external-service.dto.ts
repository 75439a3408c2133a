import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  Validate,
  ValidateNested,
} from 'class-validator';
import { Transform } from 'class-transformer';
import { nullableEnum } from '../../../common/http/api-nullable';
import { PageQuery } from '../../../common/pagination/page.query';
import { ATTENTION_KINDS, type AttentionKind } from '../external-service-attention';
import { PlainTextRule } from '../../../common/validation/plain-text';
import { IsoDateRule } from '../../contractors/dto/contractor.requests';
import {
  CONTRACT_FORMS,
  EXTERNAL_SERVICE_STATUSES,
  ISMAP_KINDS,
  SERVICE_MODELS,
  type ContractForm,
  type ExternalServiceStatus,
  type IsmapKind,
  type ServiceModel,
} from '../external-service.entity';

const URL_PATTERN = /^https?:\/\/\S+$/u;

export class TermsChecklistInput {
  @ApiProperty({ type: Boolean, nullable: true, description: 'The provider keeps the data confidential' })
  @IsOptional()
  @IsBoolean()
  confidentiality!: boolean | null;
  @ApiProperty({ type: Boolean, nullable: true, description: 'No use of the data for other purposes' })
  @IsOptional()
  @IsBoolean()
  noSecondaryUse!: boolean | null;
  @ApiProperty({
    type: Boolean,
    nullable: true,
    description: 'The provider may change the terms alone (true: a risk to note)',
  })
  @IsOptional()
  @IsBoolean()
  unilateralChanges!: boolean | null;
  @ApiProperty({ type: Boolean, nullable: true, description: 'The data is erased at the end of the use' })
  @IsOptional()
  @IsBoolean()
  erasureAtEnd!: boolean | null;
}

/** A service as the officer registers it. Nullable fields take null (cleared) in a PATCH. */
export class CreateExternalServiceRequest {
  @ApiProperty({ maxLength: 200, example: '電子申請サービス' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @Validate(PlainTextRule)
  name!: string;
  @ApiProperty({ maxLength: 200, example: '株式会社置賜クラウド' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @Validate(PlainTextRule)
  providerName!: string;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: 13,
    pattern: '^\\d{13}$',
    description: '法人番号',
  })
  @IsOptional()
  @Matches(/^\d{13}$/u)
  providerCorporateNumber?: string | null;
  @ApiProperty({ enum: SERVICE_MODELS, description: 'TERMS: 約款型' })
  @IsIn(SERVICE_MODELS)
  model!: ServiceModel;
  @ApiProperty({ enum: CONTRACT_FORMS, description: 'INDIVIDUAL: 個別契約; TERMS: 約款' })
  @IsIn(CONTRACT_FORMS)
  contractForm!: ContractForm;
  @ApiProperty({ maxLength: 100, example: '総務課情報政策係' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  @Validate(PlainTextRule)
  department!: string;
  @ApiProperty({ maxLength: 2000 }) @IsString() @MinLength(1) @MaxLength(2000) purpose!: string;
  @ApiProperty({ enum: [1, 2, 3], description: 'The highest 機密性 class handled' })
  @IsInt()
  @Min(1)
  @Max(3)
  confidentialityClass!: 1 | 2 | 3;
  @ApiProperty() @IsBoolean() personalInfo!: boolean;
  @ApiProperty({ description: '特定個人情報 (マイナンバー)' }) @IsBoolean() specificPersonalInfo!: boolean;
  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 200, example: '国内（東京・大阪）' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @Validate(PlainTextRule)
  dataLocation?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 100, example: '日本法' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  @Validate(PlainTextRule)
  governingLaw?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 200, example: '東京地方裁判所' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @Validate(PlainTextRule)
  court?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 500, format: 'uri' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  @Matches(URL_PATTERN)
  termsUrl?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 200, description: 'Version or hash read' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @Validate(PlainTextRule)
  termsVersion?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, format: 'date' })
  @IsOptional()
  @Validate(IsoDateRule)
  termsCheckedOn?: string | null;
  @ApiPropertyOptional({ type: TermsChecklistInput })
  @IsOptional()
  @ValidateNested()
  @Type(() => TermsChecklistInput)
  termsChecklist?: TermsChecklistInput;
  @ApiPropertyOptional(nullableEnum(ISMAP_KINDS))
  @IsOptional()
  @IsIn(ISMAP_KINDS)
  ismapKind?: IsmapKind | null;
  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 50, description: 'ISMAP 登録番号' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(50)
  @Validate(PlainTextRule)
  ismapNumber?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 2000, description: '言明対象範囲' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  ismapScope?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, format: 'date' })
  @IsOptional()
  @Validate(IsoDateRule)
  ismapValidUntil?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, format: 'date' })
  @IsOptional()
  @Validate(IsoDateRule)
  ismapCheckedOn?: string | null;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: 500,
    format: 'uri',
    description: 'Where the registration was read (typed by hand; never fetched)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  @Matches(URL_PATTERN)
  ismapSourceUrl?: string | null;
  @ApiPropertyOptional({ description: 'A renewal is under decision (the registration stays valid)' })
  @IsOptional()
  @IsBoolean()
  ismapRenewalPending?: boolean;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: 4000,
    description: 'The evaluation standing in for ISMAP (what was checked, by whom, when)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  alternativeEvaluation?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  otherCertifications?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 4000 })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  fallbackAndBackup?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, format: 'uuid', description: '外部サービス管理者' })
  @IsOptional()
  @IsUUID()
  managerUserId?: string | null;
  @ApiPropertyOptional({ minimum: 1, maximum: 36, default: 12 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(36)
  reviewIntervalMonths?: number;
}

export class UpdateExternalServiceRequest extends PartialType(CreateExternalServiceRequest, {
  skipNullProperties: false,
}) {
  @ApiProperty({ description: 'The version that was read' }) @IsInt() @Min(1) version!: number;
}

export class ApplyExternalServiceRequest {
  @ApiProperty() @IsInt() @Min(1) version!: number;
}

export const DECISIONS = ['APPROVE', 'REJECT'] as const;
export class DecideExternalServiceRequest {
  @ApiProperty() @IsInt() @Min(1) version!: number;
  @ApiProperty({ enum: DECISIONS }) @IsIn(DECISIONS) decision!: (typeof DECISIONS)[number];
  @ApiPropertyOptional({
    maxLength: 2000,
    description: 'APPROVE: the conditions of use (required); printed in the 利用許可通知書',
  })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  conditions?: string;
  @ApiPropertyOptional({ maxLength: 2000, description: 'REJECT: the reason (required)' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string;
}

export const REVIEW_OUTCOMES = ['CONTINUE', 'SUSPEND'] as const;
export class ReviewExternalServiceRequest {
  @ApiProperty() @IsInt() @Min(1) version!: number;
  @ApiProperty({ enum: REVIEW_OUTCOMES }) @IsIn(REVIEW_OUTCOMES) outcome!: (typeof REVIEW_OUTCOMES)[number];
  @ApiProperty({ maxLength: 4000, description: 'What the review looked at and found' })
  @IsString()
  @MinLength(1)
  @MaxLength(4000)
  note!: string;
}

export class EndExternalServiceRequest {
  @ApiProperty() @IsInt() @Min(1) version!: number;
  @ApiProperty({ format: 'date', description: 'The last day of use (Japan date)' })
  @Validate(IsoDateRule)
  endedOn!: string;
}

export class ConfirmErasureRequest {
  @ApiProperty() @IsInt() @Min(1) version!: number;
  @ApiProperty({
    maxLength: 4000,
    description: "How the erasure was confirmed (the provider's certificate …)",
  })
  @IsString()
  @MinLength(1)
  @MaxLength(4000)
  note!: string;
}

const toInt = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^\d$/u.test(value) ? Number(value) : value;

export class ListExternalServicesQuery extends PageQuery {
  @ApiPropertyOptional({ enum: EXTERNAL_SERVICE_STATUSES })
  @IsOptional()
  @IsIn(EXTERNAL_SERVICE_STATUSES)
  status?: ExternalServiceStatus;
  @ApiPropertyOptional({ enum: [1, 2, 3], description: 'The highest 機密性 class handled' })
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3)
  confidentialityClass?: number;
  @ApiPropertyOptional({
    enum: ATTENTION_KINDS,
    description: 'Only the services needing this action today (ISMAP, 約款 re-check, review, erasure)',
  })
  @IsOptional()
  @IsIn(ATTENTION_KINDS)
  attention?: AttentionKind;
}

export class TermsChecklistResponse {
  @ApiProperty({ type: Boolean, nullable: true }) confidentiality!: boolean | null;
  @ApiProperty({ type: Boolean, nullable: true }) noSecondaryUse!: boolean | null;
  @ApiProperty({ type: Boolean, nullable: true }) unilateralChanges!: boolean | null;
  @ApiProperty({ type: Boolean, nullable: true }) erasureAtEnd!: boolean | null;
}

export class RuleVerdictResponse {
  @ApiProperty({ example: 'EXTERNAL_SERVICE.ISMAP_REQUIRED' }) code!: string;
  @ApiProperty({ description: 'false: the rule does not apply (機密性1)' }) applies!: boolean;
  @ApiProperty() met!: boolean;
}

export class ExternalServiceResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() providerName!: string;
  @ApiProperty({ type: String, nullable: true }) providerCorporateNumber!: string | null;
  @ApiProperty({ enum: SERVICE_MODELS }) model!: ServiceModel;
  @ApiProperty({ enum: CONTRACT_FORMS }) contractForm!: ContractForm;
  @ApiProperty() department!: string;
  @ApiProperty() purpose!: string;
  @ApiProperty({ enum: [1, 2, 3] }) confidentialityClass!: number;
  @ApiProperty() personalInfo!: boolean;
  @ApiProperty() specificPersonalInfo!: boolean;
  @ApiProperty({ type: String, nullable: true }) dataLocation!: string | null;
  @ApiProperty({ type: String, nullable: true }) governingLaw!: string | null;
  @ApiProperty({ type: String, nullable: true }) court!: string | null;
  @ApiProperty({ type: String, nullable: true }) termsUrl!: string | null;
  @ApiProperty({ type: String, nullable: true }) termsVersion!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date' }) termsCheckedOn!: string | null;
  @ApiProperty({ type: TermsChecklistResponse }) termsChecklist!: TermsChecklistResponse;
  @ApiProperty(nullableEnum(ISMAP_KINDS)) ismapKind!: IsmapKind | null;
  @ApiProperty({ type: String, nullable: true }) ismapNumber!: string | null;
  @ApiProperty({ type: String, nullable: true }) ismapScope!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date' }) ismapValidUntil!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date' }) ismapCheckedOn!: string | null;
  @ApiProperty({ type: String, nullable: true }) ismapSourceUrl!: string | null;
  @ApiProperty() ismapRenewalPending!: boolean;
  @ApiProperty({ description: 'ISMAP / ISMAP-LIU valid today (Japan date), a pending renewal included' })
  ismapValid!: boolean;
  @ApiProperty({ description: 'A recorded registration past its validity, no renewal pending: flagged' })
  ismapLapsed!: boolean;
  @ApiProperty({ type: String, nullable: true }) alternativeEvaluation!: string | null;
  @ApiProperty({ type: String, nullable: true }) otherCertifications!: string | null;
  @ApiProperty({ type: String, nullable: true }) fallbackAndBackup!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) managerUserId!: string | null;
  @ApiProperty({ type: String, nullable: true }) managerName!: string | null;
  @ApiProperty() reviewIntervalMonths!: number;
  @ApiProperty({ type: String, nullable: true }) conditions!: string | null;
  @ApiProperty({ type: String, nullable: true }) decisionReason!: string | null;
  @ApiProperty({ enum: EXTERNAL_SERVICE_STATUSES }) status!: ExternalServiceStatus;
  @ApiProperty({
    type: RuleVerdictResponse,
    isArray: true,
    description: "The selection rules' verdicts today (Japan date)",
  })
  verdicts!: RuleVerdictResponse[];
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) appliedAt!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) decidedBy!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) decidedAt!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) reviewedAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) reviewNote!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date' }) nextReviewOn!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date' }) endedOn!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) erasureConfirmedAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) erasureNote!: string | null;
  @ApiProperty() version!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}
