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
import { nullableEnum } from '../../../common/http/api-nullable';
import { booleanQuery, LIST_SORTS, PageQuery, type ListSort } from '../../../common/pagination/page.query';
import { IsoDateRule } from '../../contractors/dto/contractor.requests';
import {
  ANSWERS,
  SEVERITIES,
  VERDICTS,
  type Answer,
  type Severity,
  type Verdict,
} from '../assessment-item.entity';
import {
  ASSESSMENT_KINDS,
  ASSESSMENT_STATUSES,
  GRADES,
  type AssessmentKind,
  type AssessmentStatus,
  type Grade,
} from '../assessment.entity';

const SCORE_FORMULA =
  'CHECKLIST only, set when the review is complete. Advisory items and NOT_APPLICABLE answers are left out; ' +
  'each other item counts IMPLEMENTED 1, PARTIAL 0.5, NOT_IMPLEMENTED 0, and 0 whatever the answer when the ' +
  'reviewer recorded a FINDING on it; score = 100 × points / items counted (two decimals). A HIGH finding caps ' +
  'the score at 59, a MEDIUM finding at 74. Grade: A ≥ 90, B ≥ 75, C ≥ 60, D below (so any HIGH finding is D).';

export class ListAssessmentsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ASSESSMENT_KINDS })
  @IsOptional()
  @IsIn(ASSESSMENT_KINDS)
  kind?: AssessmentKind;
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
  @ApiPropertyOptional({
    enum: LIST_SORTS,
    default: 'newest',
    description: 'newest: newest first (by creation); due: by due date, the latest first',
  })
  @IsOptional()
  @IsIn(LIST_SORTS)
  sort?: ListSort;
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

export class CreateAssessmentRequest {
  @ApiProperty({ format: 'uuid', description: 'An ACTIVE contract' }) @IsUUID() contractId!: string;
  @ApiPropertyOptional({
    format: 'date',
    description: 'Default: CHECKLIST_DUE_DAYS after today (Japan time); not before today',
  })
  @IsOptional()
  @Validate(IsoDateRule)
  dueDate?: string;
}

export class GenerationResponse {
  @ApiProperty({ format: 'date' }) asOf!: string;
  @ApiProperty() contractsChecked!: number;
  @ApiProperty() assessmentsCreated!: number;
  @ApiProperty() itemsCreated!: number;
}

export class AnswerInput {
  @ApiProperty({ format: 'uuid' }) @IsUUID() itemId!: string;
  @ApiProperty({
    enum: ANSWERS,
    description:
      'A CHECKLIST takes IMPLEMENTED, PARTIAL, NOT_IMPLEMENTED or NOT_APPLICABLE; a REPORT YES or NO',
  })
  @IsIn(ANSWERS)
  answer!: Answer;
  @ApiPropertyOptional({
    maxLength: 4000,
    description:
      'Required unless IMPLEMENTED (or IMPLEMENTED where the item requiresComment); on a REPORT item, required for YES',
  })
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
  @ApiProperty({
    type: Number,
    nullable: true,
    description:
      'The paragraph (第n項) of the article that imposes the duty; null when advisory or not named',
  })
  basis!: number | null;
  @ApiProperty({ description: 'A recommendation (推奨事項): not a duty of the contract, not scored' })
  advisory!: boolean;
  @ApiProperty({ description: 'A comment is needed even with IMPLEMENTED' }) requiresComment!: boolean;
  @ApiProperty({ description: 'At least one evidence file is needed with IMPLEMENTED or PARTIAL' })
  requiresEvidence!: boolean;
  @ApiProperty({
    ...nullableEnum(['roster-training', 'roster-changes']),
    description: 'The answer the review compares with the worker roster',
  })
  crossCheck!: 'roster-training' | 'roster-changes' | null;
  @ApiProperty(nullableEnum(ANSWERS)) answer!: Answer | null;
  @ApiProperty({ type: String, nullable: true }) comment!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) answeredAt!: string | null;
  @ApiPropertyOptional({
    ...nullableEnum(VERDICTS),
    description: 'Hidden from the contractor until reviewed',
  })
  verdict?: Verdict | null;
  @ApiPropertyOptional({ type: String, nullable: true }) reviewNote?: string | null;
  @ApiPropertyOptional(nullableEnum(SEVERITIES)) severity?: Severity | null;
  @ApiProperty({ type: EvidenceSummary, isArray: true }) evidence!: EvidenceSummary[];
}

export class CrossCheckResponse {
  @ApiProperty({ format: 'uuid' }) itemId!: string;
  @ApiProperty({ enum: ['roster-training', 'roster-changes'] }) check!: 'roster-training' | 'roster-changes';
  @ApiProperty({ description: 'What contradicts the answer, in Japanese' }) message!: string;
  @ApiProperty({ type: String, isArray: true, description: 'The roster entries concerned' })
  workers!: string[];
}

export class AssessmentResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({
    enum: ASSESSMENT_KINDS,
    description: 'CHECKLIST: every question, yearly and on demand; REPORT: 定期報告 of the period',
  })
  kind!: AssessmentKind;
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
  @ApiProperty({ type: Number, nullable: true, description: `Percentage. ${SCORE_FORMULA}` })
  score!: number | null;
  @ApiProperty({ ...nullableEnum(GRADES), description: 'A–D beside the score' })
  grade!: Grade | null;
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
  @ApiPropertyOptional({
    type: CrossCheckResponse,
    isArray: true,
    description:
      'Only on a single assessment, for the body: answers the worker roster contradicts (training answered as ' +
      'done while workers have no training date; no staff change reported while the roster changed in the period)',
  })
  crossChecks?: CrossCheckResponse[];
}
