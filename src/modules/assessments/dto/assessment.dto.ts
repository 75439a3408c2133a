import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  Min,
  MinLength,
  Validate,
  ValidateNested,
} from 'class-validator';
import { booleanQuery, PageQuery } from '../../../common/pagination/page.query';
import { IsoDateRule } from '../../contractors/dto/contractor.requests';
import {
  ANSWERS,
  SEVERITIES,
  VERDICTS,
  type Answer,
  type Severity,
  type Verdict,
} from '../assessment-item.entity';
import { ASSESSMENT_STATUSES, type AssessmentStatus } from '../assessment.entity';

export class ListAssessmentsQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() contractId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() contractorId?: string;
  @ApiPropertyOptional({ enum: ASSESSMENT_STATUSES })
  @IsOptional()
  @IsIn(ASSESSMENT_STATUSES)
  status?: AssessmentStatus;
  @ApiPropertyOptional({ description: 'Only assessments past their due date and not yet submitted' })
  @IsOptional()
  @Transform(booleanQuery)
  @IsBoolean()
  overdue?: boolean;
  @ApiPropertyOptional({ format: 'date', description: 'Periods starting on or after this date' })
  @IsOptional()
  @Validate(IsoDateRule)
  periodFrom?: string;
  @ApiPropertyOptional({ format: 'date', description: 'Periods starting on or before this date' })
  @IsOptional()
  @Validate(IsoDateRule)
  periodTo?: string;
}

export class GenerateAssessmentsRequest {
  @ApiPropertyOptional({
    format: 'date',
    description: 'Generate up to this date (default: today, Japan time)',
  })
  @IsOptional()
  @Validate(IsoDateRule)
  asOf?: string;
}

export class GenerationResponse {
  @ApiProperty({ format: 'date' }) asOf!: string;
  @ApiProperty() contractsChecked!: number;
  @ApiProperty() assessmentsCreated!: number;
  @ApiProperty() itemsCreated!: number;
}

export class AnswerInput {
  @ApiProperty({ format: 'uuid' }) @IsUUID() itemId!: string;
  @ApiProperty({ enum: ANSWERS }) @IsIn(ANSWERS) answer!: Answer;
  @ApiPropertyOptional({ maxLength: 4000, description: 'Required unless IMPLEMENTED' })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  comment?: string;
}

export class SaveAnswersRequest {
  @ApiProperty() @IsInt() @Min(1) version!: number;
  @ApiProperty({
    type: AnswerInput,
    isArray: true,
    minItems: 1,
    description: 'Any subset of the items (partial saves)',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => AnswerInput)
  items!: AnswerInput[];
}

export class VerdictInput {
  @ApiProperty({ format: 'uuid' }) @IsUUID() itemId!: string;
  @ApiProperty({ enum: VERDICTS }) @IsIn(VERDICTS) verdict!: Verdict;
  @ApiPropertyOptional({ maxLength: 4000, description: 'Required for a FINDING' })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  note?: string;
  @ApiPropertyOptional({ enum: SEVERITIES, description: 'Required for a FINDING' })
  @IsOptional()
  @IsIn(SEVERITIES)
  severity?: Severity;
}

export class ReviewRequest {
  @ApiProperty() @IsInt() @Min(1) version!: number;
  @ApiProperty({ type: VerdictInput, isArray: true })
  @IsArray()
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => VerdictInput)
  items!: VerdictInput[];
  @ApiPropertyOptional({
    description: 'Finish the review: every item needs a verdict; the score is computed',
  })
  @IsOptional()
  @IsBoolean()
  complete?: boolean;
}

export class ReturnRequest {
  @ApiProperty() @IsInt() @Min(1) version!: number;
  @ApiProperty({ maxLength: 2000, example: '第9条に関する回答の根拠資料を添付してください。' })
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  message!: string;
}

export class SubmitRequest {
  @ApiProperty() @IsInt() @Min(1) version!: number;
}

export class EvidenceSummary {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() fileName!: string;
  @ApiProperty() mediaType!: string;
  @ApiProperty() size!: number;
}

export class AssessmentItemResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() position!: number;
  @ApiProperty({ example: 'CONFIDENTIALITY' }) clauseCode!: string;
  @ApiProperty({ description: 'The article (第n条) of the signed 特記事項 the question comes from' })
  articleNo!: number;
  @ApiProperty({ example: '秘密の保持' }) clauseTitle!: string;
  @ApiProperty() questionCode!: string;
  @ApiProperty() question!: string;
  @ApiProperty({ enum: ANSWERS, nullable: true, type: String }) answer!: Answer | null;
  @ApiProperty({ type: String, nullable: true }) comment!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) answeredAt!: string | null;
  @ApiPropertyOptional({
    enum: VERDICTS,
    nullable: true,
    type: String,
    description: 'Hidden from the contractor until reviewed',
  })
  verdict?: Verdict | null;
  @ApiPropertyOptional({ type: String, nullable: true }) reviewNote?: string | null;
  @ApiPropertyOptional({ enum: SEVERITIES, nullable: true, type: String }) severity?: Severity | null;
  @ApiProperty({ type: EvidenceSummary, isArray: true }) evidence!: EvidenceSummary[];
}

export class AssessmentResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) contractId!: string;
  @ApiProperty() contractNumber!: string;
  @ApiProperty() contractTitle!: string;
  @ApiProperty({ format: 'uuid' }) contractorId!: string;
  @ApiProperty() contractorName!: string;
  @ApiProperty({ format: 'date' }) periodStart!: string;
  @ApiProperty({ format: 'date' }) periodEnd!: string;
  @ApiProperty({ format: 'date' }) dueDate!: string;
  @ApiProperty({ enum: ASSESSMENT_STATUSES }) status!: AssessmentStatus;
  @ApiProperty({ description: 'Past its due date (Japan time) and not submitted' }) overdue!: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) submittedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) reviewedAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) returnMessage!: string | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Percentage, once reviewed' }) score!:
    number | null;
  @ApiProperty() answeredCount!: number;
  @ApiProperty() itemCount!: number;
  @ApiProperty() version!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiPropertyOptional({
    type: AssessmentItemResponse,
    isArray: true,
    description: 'Only on a single assessment',
  })
  items?: AssessmentItemResponse[];
}
