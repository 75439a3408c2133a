import { ApiExtraModels, ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  Matches,
  MaxLength,
  Min,
  Validate,
  ValidateNested,
  ValidatorConstraint,
  type ValidatorConstraintInterface,
} from 'class-validator';
import { nullableEnum, nullableObject } from '../../../common/http/api-nullable';
import { PageQuery } from '../../../common/pagination/page.query';
import { PlainTextRule } from '../../../common/validation/plain-text';
import { IsoDateRule } from '../../contractors/dto/contractor.requests';
import { IsoDateTimeRule } from '../../incidents/dto/incident.dto';
import {
  SNS_ACCOUNT_STATUSES,
  SNS_PLATFORMS,
  TWO_FACTOR_METHODS,
  type SnsAccountStatus,
  type SnsPlatform,
  type TwoFactorMethod,
} from '../sns-account.entity';
import { SNS_INCIDENT_KINDS, type SnsIncidentKind } from '../sns-incident.entity';
import {
  INFORMATION_CLASSES,
  SNS_APPROVAL_KINDS,
  SNS_POST_STATUSES,
  type SnsApprovalKind,
  type SnsPostStatus,
} from '../sns-post.entity';

/** Text that must hold something besides blanks and line breaks. */
@ValidatorConstraint({ name: 'isNotBlank' })
class NotBlankRule implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'string' && /\S/u.test(value);
  }
  defaultMessage(): string {
    return 'must not be blank';
  }
}

const URL_OPTIONS = { protocols: ['https', 'http'], require_protocol: true, require_tld: false };
const CODE = /^[A-Z][A-Z0-9_]{1,39}$/u;

export class SnsAccountFields {
  @ApiProperty({ enum: SNS_PLATFORMS }) @IsIn(SNS_PLATFORMS) platform!: SnsPlatform;
  @ApiProperty({ maxLength: 100, example: '@okitama_koiki' })
  @IsString()
  @Validate(NotBlankRule)
  @MaxLength(100)
  @Validate(PlainTextRule)
  handle!: string;
  @ApiProperty({ maxLength: 500, format: 'uri', example: 'https://x.com/okitama_koiki' })
  @IsString()
  @MaxLength(500)
  @IsUrl(URL_OPTIONS)
  url!: string;
  @ApiProperty({ maxLength: 100, example: '置賜広域行政事務組合' })
  @IsString()
  @Validate(NotBlankRule)
  @MaxLength(100)
  @Validate(PlainTextRule)
  displayName!: string;
  @ApiProperty({
    maxLength: 100,
    description: 'The operating unit (課・係) as residents see it',
    example: '総務課',
  })
  @IsString()
  @Validate(NotBlankRule)
  @MaxLength(100)
  @Validate(PlainTextRule)
  operatorName!: string;
  @ApiProperty({ maxLength: 2000 }) @IsString() @Validate(NotBlankRule) @MaxLength(2000) purpose!: string;
  @ApiProperty({ maxLength: 200, example: '圏域の住民' })
  @IsString()
  @Validate(NotBlankRule)
  @MaxLength(200)
  @Validate(PlainTextRule)
  audience!: string;
  @ApiProperty({ type: [String], description: 'Codes of ALLOWED categories (templates/sns/)' })
  @IsArray()
  @ArrayMaxSize(50)
  @Matches(CODE, { each: true })
  allowedCategories!: string[];
  @ApiProperty({ type: [String], description: 'Codes of FORBIDDEN categories (templates/sns/)' })
  @IsArray()
  @ArrayMaxSize(50)
  @Matches(CODE, { each: true })
  forbiddenCategories!: string[];
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true, description: '責任者' })
  @IsOptional()
  @IsUUID()
  managerId?: string | null;
  @ApiProperty({ type: [String], description: '発信担当 (user ids)' })
  @IsArray()
  @ArrayMaxSize(20)
  @IsUUID('all', { each: true })
  posterIds!: string[];
  @ApiPropertyOptional({ type: [String], description: 'Who may approve at once in a disaster (user ids)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsUUID('all', { each: true })
  fastPathApproverIds?: string[];
  @ApiPropertyOptional({ type: String, maxLength: 100, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  @Validate(PlainTextRule)
  credentialCustodian?: string | null;
  @ApiPropertyOptional({ type: [String], description: 'The devices used to sign in' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(200, { each: true })
  loginDevices?: string[];
  @ApiProperty() @IsBoolean() twoFactorEnabled!: boolean;
  @ApiPropertyOptional(nullableEnum(TWO_FACTOR_METHODS))
  @IsOptional()
  @IsIn(TWO_FACTOR_METHODS)
  twoFactorMethod?: TwoFactorMethod | null;
  @ApiProperty({ description: 'The platform shows a verified badge' }) @IsBoolean() verified!: boolean;
  @ApiPropertyOptional({
    type: String,
    maxLength: 2000,
    nullable: true,
    description: 'Why there is no badge',
  })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  unverifiedReason?: string | null;
  @ApiPropertyOptional({
    type: String,
    maxLength: 500,
    format: 'uri',
    nullable: true,
    example: 'https://www.okitama.example.lg.jp/sns.html',
    description: "The body's page listing it",
  })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  @IsUrl(URL_OPTIONS)
  websiteListingUrl?: string | null;
  @ApiPropertyOptional({
    type: String,
    maxLength: 2000,
    nullable: true,
    description: 'Profile text (names the operator)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  profileText?: string | null;
  @ApiPropertyOptional({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The platform in the external-service register (約款型)',
  })
  @IsOptional()
  @IsUUID()
  externalServiceId?: string | null;
}

export class CreateSnsAccountRequest extends SnsAccountFields {}

export class UpdateSnsAccountRequest extends PartialType(SnsAccountFields) {
  @ApiProperty() @IsInt() @Min(1) version!: number;
}

export class SnsAccountStepRequest {
  @ApiProperty() @IsInt() @Min(1) version!: number;
}

export class SnsAccountReasonRequest {
  @ApiProperty() @IsInt() @Min(1) version!: number;
  @ApiProperty({ maxLength: 2000, description: 'Why the account is suspended or closed' })
  @IsString()
  @MaxLength(2000)
  @Validate(NotBlankRule)
  reason!: string;
}

export class ListSnsAccountsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: SNS_ACCOUNT_STATUSES })
  @IsOptional()
  @IsIn(SNS_ACCOUNT_STATUSES)
  status?: SnsAccountStatus;
}

export class DraftSnsPostRequest {
  @ApiProperty({ maxLength: 5000 }) @IsString() @Validate(NotBlankRule) @MaxLength(5000) text!: string;
  @ApiPropertyOptional({ format: 'date-time' }) @IsOptional() @Validate(IsoDateTimeRule) plannedAt?: string;
  @ApiProperty({ enum: INFORMATION_CLASSES, description: '機密性 class; only 1 may be submitted' })
  @IsIn(INFORMATION_CLASSES)
  informationClass!: number;
  @ApiPropertyOptional({ description: 'Submit for approval at once' })
  @IsOptional()
  @IsBoolean()
  submit?: boolean;
}

export class SnsPostVersionRequest {
  @ApiProperty() @IsInt() @Min(1) version!: number;
}

export class SnsPostDecisionRequest {
  @ApiProperty() @IsInt() @Min(1) version!: number;
  @ApiProperty({ description: 'true: approve; false: send back' }) @IsBoolean() approved!: boolean;
  @ApiPropertyOptional({ maxLength: 2000 }) @IsOptional() @IsString() @MaxLength(2000) comment?: string;
  @ApiPropertyOptional({ description: 'Disaster fast path: a designated person approves at once' })
  @IsOptional()
  @IsBoolean()
  disaster?: boolean;
}

export class SnsPostPublicationRequest {
  @ApiProperty() @IsInt() @Min(1) version!: number;
  @ApiProperty({ maxLength: 500, format: 'uri', example: 'https://x.com/okitama_koiki/status/1' })
  @IsString()
  @MaxLength(500)
  @IsUrl(URL_OPTIONS)
  url!: string;
  @ApiProperty({ format: 'date-time' }) @Validate(IsoDateTimeRule) publishedAt!: string;
}

export class SnsPostChangeRequest {
  @ApiProperty() @IsInt() @Min(1) version!: number;
  @ApiProperty({ maxLength: 2000 }) @IsString() @MaxLength(2000) @Validate(NotBlankRule) reason!: string;
  @ApiPropertyOptional({ maxLength: 5000, description: 'The corrected text (correction only)' })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  text?: string;
}

export class SnsPostDeletionRequest {
  @ApiProperty() @IsInt() @Min(1) version!: number;
  @ApiProperty({ maxLength: 2000 }) @IsString() @MaxLength(2000) @Validate(NotBlankRule) reason!: string;
}

export class SnsTimelineInput {
  @ApiProperty({ format: 'date-time' }) @Validate(IsoDateTimeRule) at!: string;
  @ApiProperty({ maxLength: 1000 }) @IsString() @Validate(NotBlankRule) @MaxLength(1000) note!: string;
}

export class ReportSnsIncidentRequest {
  @ApiProperty({ enum: SNS_INCIDENT_KINDS }) @IsIn(SNS_INCIDENT_KINDS) kind!: SnsIncidentKind;
  @ApiProperty({ format: 'date-time' }) @Validate(IsoDateTimeRule) detectedAt!: string;
  @ApiProperty({ maxLength: 4000 }) @IsString() @Validate(NotBlankRule) @MaxLength(4000) summary!: string;
  @ApiPropertyOptional({
    maxLength: 500,
    format: 'uri',
    example: 'https://x.com/okitama_fake',
    description: "IMPERSONATION: the impostor's URL",
  })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  @IsUrl(URL_OPTIONS)
  impostorUrl?: string;
  @ApiPropertyOptional({ format: 'date', description: 'IMPERSONATION: reported to the platform on' })
  @IsOptional()
  @Validate(IsoDateRule)
  reportedToPlatformOn?: string;
  @ApiPropertyOptional({ maxLength: 1000, description: 'IMPERSONATION: where residents were warned' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  residentsWarnedWhere?: string;
  @ApiPropertyOptional({ description: 'TAKEOVER: credentials reset' })
  @IsOptional()
  @IsBoolean()
  credentialsReset?: boolean;
  @ApiPropertyOptional({ description: 'TAKEOVER: sessions revoked' })
  @IsOptional()
  @IsBoolean()
  sessionsRevoked?: boolean;
  @ApiPropertyOptional({ description: 'TAKEOVER: posts checked' })
  @IsOptional()
  @IsBoolean()
  postsChecked?: boolean;
  @ApiProperty({ type: SnsTimelineInput, isArray: true })
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => SnsTimelineInput)
  timeline!: SnsTimelineInput[];
}

export class SnsCategoryResponse {
  @ApiProperty() code!: string;
  @ApiProperty({ enum: ['ALLOWED', 'FORBIDDEN'] }) kind!: string;
  @ApiProperty() title!: string;
  @ApiProperty() description!: string;
}

export class SnsUserResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() displayName!: string;
}

export class SnsPostResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) accountId!: string;
  @ApiProperty() text!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) plannedAt!: string | null;
  @ApiProperty({ enum: INFORMATION_CLASSES }) informationClass!: number;
  @ApiProperty({ enum: SNS_POST_STATUSES }) status!: SnsPostStatus;
  @ApiProperty({ format: 'uuid' }) draftedBy!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) decidedBy!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) decidedAt!: string | null;
  @ApiProperty(nullableEnum(SNS_APPROVAL_KINDS)) approvalKind!: SnsApprovalKind | null;
  @ApiProperty({ type: String, nullable: true }) decisionComment!: string | null;
  @ApiProperty({ type: String, nullable: true }) publishedUrl!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) publishedAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) changeReason!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) changedAt!: string | null;
  @ApiProperty() version!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class SnsTimelineResponse {
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty() note!: string;
}

export class SnsIncidentResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) accountId!: string;
  @ApiProperty({ enum: SNS_INCIDENT_KINDS }) kind!: SnsIncidentKind;
  @ApiProperty({ format: 'date-time' }) detectedAt!: string;
  @ApiProperty() summary!: string;
  @ApiProperty({ type: String, nullable: true }) impostorUrl!: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true }) reportedToPlatformOn!: string | null;
  @ApiProperty({ type: String, nullable: true }) residentsWarnedWhere!: string | null;
  @ApiProperty() credentialsReset!: boolean;
  @ApiProperty() sessionsRevoked!: boolean;
  @ApiProperty() postsChecked!: boolean;
  @ApiProperty({ type: SnsTimelineResponse, isArray: true }) timeline!: SnsTimelineResponse[];
  @ApiProperty({ format: 'uuid' }) reportedBy!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class SnsPolicyDocumentResponse {
  @ApiProperty({ type: String, nullable: true, example: '置広情第7号' }) documentNumber!: string | null;
  @ApiProperty({ format: 'date-time' }) issuedAt!: string;
}

@ApiExtraModels(SnsUserResponse, SnsPolicyDocumentResponse)
export class SnsAccountResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: SNS_PLATFORMS }) platform!: SnsPlatform;
  @ApiProperty() handle!: string;
  @ApiProperty() url!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty() operatorName!: string;
  @ApiProperty() purpose!: string;
  @ApiProperty() audience!: string;
  @ApiProperty({ type: SnsCategoryResponse, isArray: true }) allowedCategories!: SnsCategoryResponse[];
  @ApiProperty({ type: SnsCategoryResponse, isArray: true }) forbiddenCategories!: SnsCategoryResponse[];
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) managerId!: string | null;
  @ApiProperty({ type: String, nullable: true }) managerName!: string | null;
  @ApiProperty({ type: SnsUserResponse, isArray: true }) posters!: SnsUserResponse[];
  @ApiProperty({ type: SnsUserResponse, isArray: true }) fastPathApprovers!: SnsUserResponse[];
  @ApiProperty({ type: String, nullable: true }) credentialCustodian!: string | null;
  @ApiProperty({ type: [String] }) loginDevices!: string[];
  @ApiProperty() twoFactorEnabled!: boolean;
  @ApiProperty(nullableEnum(TWO_FACTOR_METHODS)) twoFactorMethod!: TwoFactorMethod | null;
  @ApiProperty() verified!: boolean;
  @ApiProperty({ type: String, nullable: true }) unverifiedReason!: string | null;
  @ApiProperty({ type: String, nullable: true }) websiteListingUrl!: string | null;
  @ApiProperty({ type: String, nullable: true }) profileText!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) externalServiceId!: string | null;
  @ApiProperty({ type: String, nullable: true }) externalServiceName!: string | null;
  @ApiProperty({ enum: SNS_ACCOUNT_STATUSES }) status!: SnsAccountStatus;
  @ApiProperty({ type: String, nullable: true }) statusReason!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) activatedAt!: string | null;
  @ApiProperty({
    ...nullableObject(SnsPolicyDocumentResponse),
    description: 'The 運用方針 issued at activation',
  })
  policyDocument!: SnsPolicyDocumentResponse | null;
  @ApiProperty() version!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiPropertyOptional({
    type: SnsPostResponse,
    isArray: true,
    description: 'The latest 100 posts (one account)',
  })
  posts?: SnsPostResponse[];
  @ApiPropertyOptional({
    type: SnsIncidentResponse,
    isArray: true,
    description: 'The latest 100 incidents (one account)',
  })
  incidents?: SnsIncidentResponse[];
}
