import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
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
import { booleanQuery, PageQuery } from '../../../common/pagination/page.query';

/** The orders of the contract list (newest first, or by the start of the term). */
const CONTRACT_SORTS = ['newest', 'start'] as const;
import { Omittable } from '../../../common/validation/omittable';
import { MaxCodePointsRule, PlainTextRule } from '../../../common/validation/plain-text';
import { IsoDateRule } from '../../contractors/dto/contractor.requests';
import {
  ASSESSMENT_FREQUENCIES,
  CONTRACT_STATUSES,
  type AssessmentFrequency,
  type ContractStatus,
} from '../contract.entity';

/** Places a contract may name: enough for a body's sites and the contractor's, short enough to print in one clause. */
export const MAX_WORK_LOCATIONS = 10;

const toInt = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^\d{1,4}$/.test(value) ? Number(value) : value;

export class CreateContractRequest {
  @ApiProperty({ maxLength: 50, example: 'R8-情政-0012' })
  @IsString()
  @MinLength(1)
  @MaxLength(50)
  @Matches(/^\S(.*\S)?$/, { message: 'contractNumber must not start or end with spaces' })
  contractNumber!: string;

  @ApiProperty({ maxLength: 200, example: '住民情報システム運用保守業務委託' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  title!: string;

  @ApiProperty({ format: 'uuid' }) @IsUUID() contractorId!: string;

  @ApiProperty({ maxLength: 100, example: '総務課情報政策係' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  department!: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The responsible officer; defaults to the caller' })
  @IsOptional()
  @IsUUID()
  officerUserId?: string;

  @ApiProperty({ format: 'date', example: '2026-04-01' }) @Validate(IsoDateRule) startDate!: string;
  @ApiProperty({ format: 'date', example: '2027-03-31' }) @Validate(IsoDateRule) endDate!: string;

  @ApiProperty({ enum: [1, 2, 3], description: '機密性 1–3' })
  @IsInt()
  @Min(1)
  @Max(3)
  confidentialityClass!: 1 | 2 | 3;

  @ApiProperty() @IsBoolean() handlesPersonalInfo!: boolean;
  @ApiProperty() @IsBoolean() usesCloud!: boolean;

  @ApiPropertyOptional({
    type: String,
    isArray: true,
    maxItems: MAX_WORK_LOCATIONS,
    example: ['置賜広域行政事務組合本庁舎3階電算室', '乙の本社（山形県長井市）'],
    description:
      'The work places (作業場所) the contract names, each at most 200 characters, printed into the 特記事項 ' +
      '(「A、B及びC」) and the only places a roster entry may name. Empty or left out: none named',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_WORK_LOCATIONS)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(200, { each: true })
  @Validate(PlainTextRule, { each: true })
  @Validate(MaxCodePointsRule, [200], { each: true })
  workLocations?: string[];

  @ApiPropertyOptional({
    maxLength: 200,
    example: '乙の本社（山形県長井市）',
    deprecated: true,
    description: 'One work place: the same as workLocations with one element (not both)',
  })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @Validate(PlainTextRule)
  @Validate(MaxCodePointsRule, [200])
  workLocation?: string;

  @ApiPropertyOptional({
    enum: ASSESSMENT_FREQUENCIES,
    description: 'Default from the class: 3 → QUARTERLY, 2 → SEMIANNUAL, 1 → ANNUAL',
  })
  @IsOptional()
  @IsIn(ASSESSMENT_FREQUENCIES)
  assessmentFrequency?: AssessmentFrequency;
}

/** Any of the creation fields (a draft only) plus the version read. */
export class UpdateContractRequest {
  @ApiProperty() @IsInt() @Min(1) version!: number;
  @ApiPropertyOptional({ maxLength: 50 })
  @Omittable()
  @IsString()
  @MinLength(1)
  @MaxLength(50)
  @Matches(/^\S(.*\S)?$/)
  contractNumber?: string;
  @ApiPropertyOptional({ maxLength: 200 })
  @Omittable()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  title?: string;
  @ApiPropertyOptional({ maxLength: 100 })
  @Omittable()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  department?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @Omittable() @IsUUID() officerUserId?: string;
  @ApiPropertyOptional({ format: 'date' }) @Omittable() @Validate(IsoDateRule) startDate?: string;
  @ApiPropertyOptional({ format: 'date' }) @Omittable() @Validate(IsoDateRule) endDate?: string;
  @ApiPropertyOptional({ enum: [1, 2, 3] }) @Omittable() @IsInt() @Min(1) @Max(3) confidentialityClass?:
    1 | 2 | 3;
  @ApiPropertyOptional() @Omittable() @IsBoolean() handlesPersonalInfo?: boolean;
  @ApiPropertyOptional() @Omittable() @IsBoolean() usesCloud?: boolean;
  @ApiPropertyOptional({
    type: String,
    isArray: true,
    maxItems: MAX_WORK_LOCATIONS,
    description:
      'Replaces the list of work places; [] names none (the 作業場所 clause then prints its default). Refused ' +
      '(422) while a roster entry is at a place the new list leaves out',
  })
  @Omittable()
  @IsArray()
  @ArrayMaxSize(MAX_WORK_LOCATIONS)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(200, { each: true })
  @Validate(PlainTextRule, { each: true })
  @Validate(MaxCodePointsRule, [200], { each: true })
  workLocations?: string[];

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: 200,
    deprecated: true,
    description: 'One work place (the same as workLocations: [it]); null names none (workLocations: [])',
  })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @Validate(PlainTextRule)
  @Validate(MaxCodePointsRule, [200])
  workLocation?: string | null;
  @ApiPropertyOptional({ enum: ASSESSMENT_FREQUENCIES })
  @Omittable()
  @IsIn(ASSESSMENT_FREQUENCIES)
  assessmentFrequency?: AssessmentFrequency;
}

export class ClauseChoice {
  @ApiProperty({ example: 'INCIDENT_REPORT', maxLength: 60 }) @IsString() @MaxLength(60) code!: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { oneOf: [{ type: 'integer' }, { type: 'string' }] },
    example: { reportHours: 1 },
    description: 'Parameter values; unset ones take the catalogue default',
  })
  @IsOptional()
  @IsObject()
  params?: Record<string, unknown>;
}

export class PutContractClausesRequest {
  @ApiProperty() @IsInt() @Min(1) version!: number;

  @ApiProperty({
    type: ClauseChoice,
    isArray: true,
    description: 'The whole selection (replaces the current one)',
  })
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => ClauseChoice)
  clauses!: ClauseChoice[];
}

export class VersionRequest {
  @ApiProperty({ description: 'The version that was read' }) @IsInt() @Min(1) version!: number;
}

export class CloseContractRequest extends VersionRequest {
  @ApiProperty({ maxLength: 1000, example: '委託期間の満了による。' })
  @IsString()
  @MinLength(1)
  @MaxLength(1000)
  reason!: string;
}

export class ListContractsQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() contractorId?: string;
  @ApiPropertyOptional({ enum: CONTRACT_STATUSES })
  @IsOptional()
  @IsIn(CONTRACT_STATUSES)
  status?: ContractStatus;
  @ApiPropertyOptional({ maxLength: 100 }) @IsOptional() @IsString() @MaxLength(100) department?: string;

  @ApiPropertyOptional({ description: 'Only ACTIVE contracts ending within this many days (Japan time)' })
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(3650)
  endingWithinDays?: number;

  @ApiPropertyOptional({
    description:
      'true: only contracts ended or terminated whose 返還・廃棄報告 is not yet confirmed (not CLOSED)',
  })
  @IsOptional()
  @Transform(booleanQuery)
  @IsBoolean()
  closeOutPending?: boolean;

  @ApiPropertyOptional({ description: 'Part of the contract number or title', maxLength: 100 })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({
    enum: CONTRACT_SORTS,
    default: 'newest',
    description: 'newest: newest first (by registration); start: by the start of the term, the latest first',
  })
  @IsOptional()
  @IsIn(CONTRACT_SORTS)
  sort?: ContractSort;
}

/** Orders the contract list may take. */
export type ContractSort = (typeof CONTRACT_SORTS)[number];
