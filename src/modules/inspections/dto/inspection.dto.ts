import { ApiExtraModels, ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
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
  Validate,
  ValidateNested,
  ValidatorConstraint,
  type ValidatorConstraintInterface,
} from 'class-validator';
import { PlainTextRule } from '../../../common/validation/plain-text';
import { nullableObject } from '../../../common/http/api-nullable';
import { PageQuery } from '../../../common/pagination/page.query';
import { IsoDateRule } from '../../contractors/dto/contractor.requests';
import { INSPECTION_RESULTS, type InspectionResult } from '../inspection-item.entity';
import {
  INSPECTION_KINDS,
  INSPECTION_STATUSES,
  type InspectionKind,
  type InspectionStatus,
} from '../inspection.entity';

/** Multi-line text that must hold something besides line breaks and spaces. */
@ValidatorConstraint({ name: 'isNotEmpty' })
class NotBlankRule implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'string' && /\S/u.test(value);
  }
  defaultMessage(): string {
    return 'must not be blank';
  }
}

export class InspectorInput {
  @ApiProperty({ maxLength: 100, example: '長井 花子', description: 'Printed on one line of the notice' })
  @IsString()
  @MaxLength(100)
  @Validate(PlainTextRule)
  name!: string;
  @ApiPropertyOptional({ format: 'uuid', description: "The body's user, when the inspector is one" })
  @IsOptional()
  @IsUUID()
  userId?: string;
}

export class PlanInspectionRequest {
  @ApiProperty({ format: 'uuid' }) @IsUUID() contractId!: string;
  @ApiProperty({ enum: INSPECTION_KINDS, description: 'ON_SITE: 立入検査; DOCUMENT: 書面監査' })
  @IsIn(INSPECTION_KINDS)
  kind!: InspectionKind;
  @ApiProperty({ format: 'date' }) @Validate(IsoDateRule) plannedOn!: string;
  @ApiProperty({
    description: 'false: unannounced (特記事項 監査及び検査 第3項); hidden from the contractor',
  })
  @IsBoolean()
  announced!: boolean;
  @ApiProperty({ type: InspectorInput, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => InspectorInput)
  inspectors!: InspectorInput[];
  @ApiPropertyOptional({
    maxLength: 200,
    description: "ON_SITE: one of the contract's work places, or the site of subcontractId",
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @Validate(PlainTextRule)
  place?: string;
  @ApiPropertyOptional({ format: 'uuid', description: "ON_SITE at an approved sub-contractor's site" })
  @IsOptional()
  @IsUUID()
  subcontractId?: string;
  @ApiPropertyOptional({ maxLength: 2000, description: '目的・重点' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  purpose?: string;
}

export class InspectionItemInput {
  @ApiProperty({ format: 'uuid' }) @IsUUID() itemId!: string;
  @ApiProperty({ enum: INSPECTION_RESULTS }) @IsIn(INSPECTION_RESULTS) result!: InspectionResult;
  @ApiPropertyOptional({ maxLength: 4000, description: 'What was found; required for NONCONFORMING' })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  note?: string;
  @ApiPropertyOptional({ maxLength: 2000, description: 'What was looked at (記録・資料・現場)' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  evidence?: string;
}

export class RecordItemsRequest {
  @ApiProperty() @IsInt() @Min(1) version!: number;
  @ApiProperty({ type: InspectionItemInput, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => InspectionItemInput)
  items!: InspectionItemInput[];
}

export class ConductInspectionRequest {
  @ApiProperty() @IsInt() @Min(1) version!: number;
  @ApiProperty({ format: 'date' }) @Validate(IsoDateRule) conductedOn!: string;
  @ApiPropertyOptional({ maxLength: 4000, description: '総評' })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  summary?: string;
}

export class ReportInspectionRequest {
  @ApiProperty() @IsInt() @Min(1) version!: number;
}

export class CancelInspectionRequest {
  @ApiProperty() @IsInt() @Min(1) version!: number;
  @ApiProperty({ maxLength: 2000 }) @IsString() @MaxLength(2000) @Validate(NotBlankRule) reason!: string;
}

export class ListInspectionsQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() contractId?: string;
  @ApiPropertyOptional({ enum: INSPECTION_STATUSES })
  @IsOptional()
  @IsIn(INSPECTION_STATUSES)
  status?: InspectionStatus;
}

export class InspectorResponse {
  @ApiProperty() name!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) userId!: string | null;
}

export class InspectionItemResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() clauseCode!: string;
  @ApiProperty({ description: '第n条 of the signed 特記事項' }) articleNo!: number;
  @ApiProperty() clauseTitle!: string;
  @ApiProperty({ type: Number, nullable: true, description: 'The paragraph (第n項) the question checks' })
  basis!: number | null;
  @ApiProperty() questionCode!: string;
  @ApiProperty() question!: string;
  @ApiProperty({ description: 'A recommendation (推奨事項), never cited as a breach' }) advisory!: boolean;
  @ApiProperty({ enum: INSPECTION_RESULTS }) result!: InspectionResult;
  @ApiProperty({ type: String, nullable: true }) note!: string | null;
  @ApiProperty({ type: String, nullable: true }) evidence!: string | null;
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The open improvement order citing this nonconformity, if any',
  })
  orderId!: string | null;
}

export class InspectionDocumentResponse {
  @ApiProperty({ type: String, nullable: true, example: '置広情第12号' }) documentNumber!: string | null;
  @ApiProperty({ format: 'date-time' }) issuedAt!: string;
  @ApiProperty({ type: String, nullable: true, description: 'SHA-256 of the PDF; null until first rendered' })
  sha256!: string | null;
}

export class InspectionCountsResponse {
  @ApiProperty() conforming!: number;
  @ApiProperty() nonconforming!: number;
  @ApiProperty() notChecked!: number;
}

@ApiExtraModels(InspectionDocumentResponse)
export class InspectionResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) contractId!: string;
  @ApiProperty() contractNumber!: string;
  @ApiProperty() contractTitle!: string;
  @ApiProperty({ format: 'uuid' }) contractorId!: string;
  @ApiProperty() contractorName!: string;
  @ApiProperty({ enum: INSPECTION_KINDS }) kind!: InspectionKind;
  @ApiProperty({ format: 'date' }) plannedOn!: string;
  @ApiProperty() announced!: boolean;
  @ApiProperty({ type: InspectorResponse, isArray: true }) inspectors!: InspectorResponse[];
  @ApiProperty({ type: String, nullable: true }) place!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) subcontractId!: string | null;
  @ApiProperty({ type: String, nullable: true }) subcontractorName!: string | null;
  @ApiProperty({ type: String, nullable: true }) purpose!: string | null;
  @ApiProperty({ enum: INSPECTION_STATUSES }) status!: InspectionStatus;
  @ApiProperty({ type: String, format: 'date', nullable: true }) conductedOn!: string | null;
  @ApiProperty({ type: String, nullable: true }) summary!: string | null;
  @ApiProperty({ type: String, nullable: true }) cancelReason!: string | null;
  @ApiProperty({ type: InspectionCountsResponse }) counts!: InspectionCountsResponse;
  @ApiProperty({
    ...nullableObject(InspectionDocumentResponse),
    description: 'The 検査結果通知書 as issued; null until reported',
  })
  document!: InspectionDocumentResponse | null;
  @ApiProperty() version!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiPropertyOptional({
    type: InspectionItemResponse,
    isArray: true,
    description: 'Only on a single inspection',
  })
  items?: InspectionItemResponse[];
}
