import { ApiExtraModels, ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
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
} from 'class-validator';
import { nullableObject } from '../../../common/http/api-nullable';
import { booleanQuery, LIST_SORTS, PageQuery, type ListSort } from '../../../common/pagination/page.query';
import { SEVERITIES, type Severity } from '../../assessments/assessment-item.entity';
import { IsoDateRule } from '../../contractors/dto/contractor.requests';
import { ORDER_EVENT_TYPES, type OrderEventType } from '../improvement-order-event.entity';
import { ORDER_STATUSES, type OrderStatus } from '../improvement-order.entity';
import { ORDER_SOURCES, type OrderSource } from '../order-origin';

export class IssueOrderRequest {
  @ApiProperty({ format: 'uuid' }) @IsUUID() contractId!: string;
  @ApiPropertyOptional({
    type: String,
    isArray: true,
    format: 'uuid',
    description: 'Findings of one contract',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @IsUUID('all', { each: true })
  findingItemIds?: string[];
  @ApiPropertyOptional({
    format: 'uuid',
    description:
      'Source INSPECTION: a REPORTED inspection of the contract whose nonconformities the order cites',
  })
  @IsOptional()
  @IsUUID()
  inspectionId?: string;
  @ApiPropertyOptional({
    type: String,
    isArray: true,
    format: 'uuid',
    description:
      'The nonconformities (items) of inspectionId the order cites; absent: every one not yet ordered',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @IsUUID('all', { each: true })
  nonconformityItemIds?: string[];
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Source INCIDENT: an incident of the contract the order answers (cite the clause breached)',
  })
  @IsOptional()
  @IsUUID()
  incidentId?: string;
  @ApiPropertyOptional({
    format: 'date',
    description:
      'Source OTHER (no findings, inspection or incident): the day the facts were found; required there',
  })
  @IsOptional()
  @Validate(IsoDateRule)
  foundOn?: string;
  @ApiPropertyOptional({
    maxLength: 500,
    example: '乙からの電話による報告及び甲の職員による現地確認',
    description: 'Source OTHER: how the facts were found; required there',
  })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  foundHow?: string;
  @ApiPropertyOptional({ example: 'ENCRYPTION', description: 'The clause cited by a free-standing order' })
  @IsOptional()
  @IsString()
  @MaxLength(60)
  clauseCode?: string;
  @ApiPropertyOptional({
    type: Number,
    isArray: true,
    example: [2],
    description:
      'The paragraphs (第n項) of clauseCode not met, each one that puts a duty on the contractor; absent: the article as a whole',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsInt({ each: true })
  @Min(1, { each: true })
  clauseParagraphs?: number[];
  @ApiPropertyOptional({
    maxLength: 4000,
    example: '令和8年7月1日の立入検査において、作業場所の入退室記録が作成されていないことを確認した。',
    description:
      'The facts found and how (確認した事実及び確認の方法), printed in the notice; required without findings',
  })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  facts?: string;
  @ApiProperty({ maxLength: 200, example: '持ち出し媒体の暗号化の徹底' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  title!: string;
  @ApiProperty({ maxLength: 4000 }) @IsString() @MinLength(1) @MaxLength(4000) description!: string;
  @ApiProperty({ enum: SEVERITIES }) @IsIn(SEVERITIES) severity!: Severity;
  @ApiProperty({ format: 'date' }) @Validate(IsoDateRule) dueDate!: string;
}

export class PlanRequest {
  @ApiProperty() @IsInt() @Min(1) version!: number;
  @ApiProperty({ maxLength: 4000, description: '原因' })
  @IsString()
  @MinLength(1)
  @MaxLength(4000)
  rootCause!: string;
  @ApiProperty({ maxLength: 4000, description: '是正措置' })
  @IsString()
  @MinLength(1)
  @MaxLength(4000)
  correctiveAction!: string;
  @ApiProperty({ maxLength: 4000, description: '再発防止策' })
  @IsString()
  @MinLength(1)
  @MaxLength(4000)
  preventiveAction!: string;
  @ApiProperty({ format: 'date' }) @Validate(IsoDateRule) plannedCompletionDate!: string;
}

export class PlanDecisionRequest {
  @ApiProperty() @IsInt() @Min(1) version!: number;
  @ApiProperty() @IsBoolean() accepted!: boolean;
  @ApiPropertyOptional({ maxLength: 4000, description: 'Required when the plan is sent back' })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  note?: string;
}

export class CompletionRequest {
  @ApiProperty() @IsInt() @Min(1) version!: number;
  @ApiProperty({ maxLength: 4000, description: '完了報告' })
  @IsString()
  @MinLength(1)
  @MaxLength(4000)
  report!: string;
  @ApiPropertyOptional({
    type: String,
    isArray: true,
    format: 'uuid',
    description: 'Evidence uploaded for this order',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true })
  evidenceIds?: string[];
}

export class VerificationRequest {
  @ApiProperty() @IsInt() @Min(1) version!: number;
  @ApiProperty({ description: 'true closes the order; false sends it back to work' })
  @IsBoolean()
  accepted!: boolean;
  @ApiPropertyOptional({
    maxLength: 4000,
    description: 'The effectiveness check; required when not accepted',
  })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  effectivenessNote?: string;
}

export class WithdrawalRequest {
  @ApiProperty() @IsInt() @Min(1) version!: number;
  @ApiProperty({ maxLength: 4000 }) @IsString() @MinLength(1) @MaxLength(4000) reason!: string;
}

export class ListOrdersQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() contractId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() contractorId?: string;
  @ApiPropertyOptional({ enum: ORDER_STATUSES }) @IsOptional() @IsIn(ORDER_STATUSES) status?: OrderStatus;
  @ApiPropertyOptional({ description: 'Only open orders past their due date' })
  @IsOptional()
  @Transform(booleanQuery)
  @IsBoolean()
  overdue?: boolean;
  @ApiPropertyOptional({
    enum: LIST_SORTS,
    default: 'newest',
    description: 'newest: newest first (by creation); due: by due date, the latest first',
  })
  @IsOptional()
  @IsIn(LIST_SORTS)
  sort?: ListSort;
}

export class CheckOverdueRequest {
  @ApiPropertyOptional({ format: 'date', description: 'Default: today, Japan time' })
  @IsOptional()
  @Validate(IsoDateRule)
  today?: string;
}

export class CheckOverdueResponse {
  @ApiProperty() overdue!: number;
  @ApiProperty() escalated!: number;
}

export class OrderBasisResponse {
  @ApiProperty() clauseCode!: string;
  @ApiProperty({ description: '第n条 of the signed 特記事項' }) articleNo!: number;
  @ApiProperty() title!: string;
  @ApiProperty({
    type: Number,
    isArray: true,
    description: 'The paragraphs (第n項) the findings name; empty: the article as a whole',
  })
  paragraphs!: number[];
}

export class OrderFindingResponse {
  @ApiProperty({ format: 'uuid' }) itemId!: string;
  @ApiProperty({ format: 'uuid' }) assessmentId!: string;
  @ApiProperty({ format: 'date' }) periodStart!: string;
  @ApiProperty() clauseCode!: string;
  @ApiProperty() articleNo!: number;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'The paragraph (第n項) the question checks; null when the signed question named none',
  })
  basis!: number | null;
  @ApiProperty() clauseTitle!: string;
  @ApiProperty() question!: string;
  @ApiProperty({ type: String, nullable: true }) answer!: string | null;
  @ApiProperty({ type: String, nullable: true }) comment!: string | null;
  @ApiProperty({ type: String, nullable: true }) reviewNote!: string | null;
  @ApiProperty({ type: String, nullable: true }) severity!: string | null;
}

export class OrderSourceItemResponse {
  @ApiProperty({ format: 'uuid' }) itemId!: string;
  @ApiProperty() clauseCode!: string;
  @ApiProperty() articleNo!: number;
  @ApiProperty({ type: Number, nullable: true, description: 'The paragraph (第n項) the item checks' })
  basis!: number | null;
  @ApiProperty() clauseTitle!: string;
  @ApiProperty() question!: string;
  @ApiProperty({ type: String, nullable: true, description: 'What was found' }) note!: string | null;
}

export class OrderEvidenceResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() fileName!: string;
  @ApiProperty() mediaType!: string;
  @ApiProperty() size!: number;
}

export class OrderEventResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ORDER_EVENT_TYPES }) type!: OrderEventType;
  @ApiProperty({ type: String, nullable: true }) actorId!: string | null;
  @ApiProperty({ type: String, nullable: true }) actorRole!: string | null;
  @ApiProperty({ type: String, nullable: true }) body!: string | null;
  @ApiProperty({ type: String, nullable: true }) rootCause!: string | null;
  @ApiProperty({ type: String, nullable: true }) correctiveAction!: string | null;
  @ApiProperty({ type: String, nullable: true }) preventiveAction!: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true }) plannedCompletionDate!: string | null;
  @ApiProperty({ type: String, nullable: true }) effectivenessNote!: string | null;
  @ApiProperty({ type: OrderEvidenceResponse, isArray: true }) evidence!: OrderEvidenceResponse[];
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class OrderNoticeResponse {
  @ApiProperty({
    type: String,
    nullable: true,
    example: '置広情第12号',
    description: '文書番号; null for a notice recorded before numbers were kept',
  })
  documentNumber!: string | null;
  @ApiProperty({ format: 'date-time' }) issuedAt!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'SHA-256 of the PDF; null until first rendered',
  })
  sha256!: string | null;
}

@ApiExtraModels(OrderNoticeResponse)
export class OrderResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'R8-改善-0001' }) orderNumber!: string;
  @ApiProperty() fiscalYear!: number;
  @ApiProperty({ format: 'uuid' }) contractId!: string;
  @ApiProperty() contractNumber!: string;
  @ApiProperty() contractTitle!: string;
  @ApiProperty({ format: 'uuid' }) contractorId!: string;
  @ApiProperty() contractorName!: string;
  @ApiProperty({ type: String, nullable: true }) clauseCode!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The facts found and how, as the notice prints them; null when only findings show them',
  })
  facts!: string | null;
  @ApiProperty({ enum: ORDER_SOURCES, description: 'Where the facts were found' }) source!: OrderSource;
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: "The inspection's or the incident's id; null for ASSESSMENT and OTHER",
  })
  sourceId!: string | null;
  @ApiProperty({
    type: String,
    format: 'date',
    nullable: true,
    description: 'OTHER: the day the facts were found',
  })
  foundOn!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'OTHER: how the facts were found' })
  foundHow!: string | null;
  @ApiProperty({
    type: String,
    isArray: true,
    description: 'How and when the facts were found, as the notice states them (empty for ASSESSMENT)',
  })
  factsHow!: string[];
  @ApiProperty() title!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ enum: SEVERITIES }) severity!: Severity;
  @ApiProperty({ format: 'date' }) dueDate!: string;
  @ApiProperty({ enum: ORDER_STATUSES }) status!: OrderStatus;
  @ApiProperty({ description: 'Open and past its due date (Japan time)' }) overdue!: boolean;
  @ApiProperty({ description: 'Overdue long enough to call for measures under the contract' })
  escalated!: boolean;
  @ApiProperty({ format: 'uuid' }) issuedBy!: string;
  @ApiProperty({ format: 'date-time' }) issuedAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) closedAt!: string | null;
  @ApiProperty() version!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiProperty({ type: OrderBasisResponse, isArray: true, description: 'The articles the order is based on' })
  basis!: OrderBasisResponse[];
  @ApiPropertyOptional({
    ...nullableObject(OrderNoticeResponse),
    description: 'Only on a single order: the 改善指示書 as issued (null until recorded)',
  })
  notice?: OrderNoticeResponse | null;
  @ApiPropertyOptional({ type: OrderFindingResponse, isArray: true, description: 'Only on a single order' })
  findings?: OrderFindingResponse[];
  @ApiPropertyOptional({
    type: OrderSourceItemResponse,
    isArray: true,
    description: "Only on a single order: the source's items cited (an inspection's nonconformities)",
  })
  sourceItems?: OrderSourceItemResponse[];
  @ApiPropertyOptional({ type: OrderEventResponse, isArray: true, description: 'The timeline, oldest first' })
  events?: OrderEventResponse[];
}
