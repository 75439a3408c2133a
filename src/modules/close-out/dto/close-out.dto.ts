import { ApiExtraModels, ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
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
import { PlainTextRule } from '../../../common/validation/plain-text';
import { IsoDateRule } from '../../contractors/dto/contractor.requests';
import { CONTRACT_STATUSES, type ContractStatus } from '../../contracts/contract.entity';
import { EvidenceResponse } from '../../evidence/dto/evidence.dto';
import { CLOSE_OUT_STATUSES, type CloseOutStatus } from '../close-out.state';

export class ReturnedItemInput {
  @ApiProperty({ maxLength: 200, example: '住民基本台帳データ（外付けハードディスク 1台）' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @Validate(PlainTextRule)
  item!: string;

  @ApiProperty({ format: 'date', example: '2027-04-05' }) @Validate(IsoDateRule) returnedOn!: string;
}

export class ErasedItemInput {
  @ApiProperty({ maxLength: 200, example: '作業用に複製した住民情報データ一式', description: '対象' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @Validate(PlainTextRule)
  object!: string;

  @ApiProperty({ maxLength: 200, example: '専用ソフトウェアによる上書き消去（3回）', description: '方法' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @Validate(PlainTextRule)
  method!: string;

  @ApiProperty({
    maxLength: 200,
    example: '作業用ノートパソコン（管理番号 PC-012）の内蔵 SSD',
    description: '媒体',
  })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @Validate(PlainTextRule)
  media!: string;

  @ApiProperty({ format: 'date', example: '2027-04-06', description: '日付' })
  @Validate(IsoDateRule)
  erasedOn!: string;

  @ApiProperty({ maxLength: 200, example: '受託者本社（山形県長井市）', description: '場所' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @Validate(PlainTextRule)
  place!: string;

  @ApiProperty({ maxLength: 100, example: '情報システム部 山田 太郎', description: '実施者' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  @Validate(PlainTextRule)
  performedBy!: string;

  @ApiProperty({ maxLength: 100, example: '情報セキュリティ責任者 佐藤 花子', description: '立会者' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  @Validate(PlainTextRule)
  witness!: string;
}

export class CloseOutSectionInput {
  @ApiPropertyOptional({
    type: String,
    format: 'uuid',
    nullable: true,
    description: "An APPROVED sub-contract of the contract; absent or null: the contractor's own section",
  })
  @IsOptional()
  @IsUUID()
  subcontractId?: string | null;

  @ApiProperty({ type: [ReturnedItemInput], description: '返還したもの (may be empty when all was erased)' })
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => ReturnedItemInput)
  returned!: ReturnedItemInput[];

  @ApiProperty({ type: [ErasedItemInput], description: '消去・廃棄したもの' })
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => ErasedItemInput)
  erased!: ErasedItemInput[];

  @ApiProperty({
    type: String,
    isArray: true,
    format: 'uuid',
    description:
      '消去証明書: evidence uploaded with closeOutId (POST /api/evidence); at least one per section',
  })
  @IsArray()
  @ArrayMaxSize(20)
  @IsUUID('all', { each: true })
  certificateEvidenceIds!: string[];
}

export class SubmitCloseOutRequest {
  @ApiProperty({ description: 'The version of the close-out that was read' })
  @IsInt()
  @Min(1)
  version!: number;

  @ApiProperty({
    type: [CloseOutSectionInput],
    description: 'One section for the contractor and one for each APPROVED sub-contractor',
  })
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => CloseOutSectionInput)
  sections!: CloseOutSectionInput[];
}

export class ConfirmCloseOutRequest {
  @ApiProperty({ description: 'The version of the close-out that was read' })
  @IsInt()
  @Min(1)
  version!: number;

  @ApiProperty({ description: 'true: confirm (the contract becomes CLOSED); false: send back with a reason' })
  @IsBoolean()
  confirmed!: boolean;

  @ApiPropertyOptional({
    maxLength: 1000,
    example: '再委託先の消去証明書に立会者の記載がないため、補正のうえ再提出してください。',
    description: 'Required when sending back (the reason); a note when confirming',
  })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  @Validate(PlainTextRule)
  note?: string;
}

export class ReturnedItemResponse {
  @ApiProperty() item!: string;
  @ApiProperty({ format: 'date' }) returnedOn!: string;
}

export class ErasedItemResponse {
  @ApiProperty() object!: string;
  @ApiProperty() method!: string;
  @ApiProperty() media!: string;
  @ApiProperty({ format: 'date' }) erasedOn!: string;
  @ApiProperty() place!: string;
  @ApiProperty() performedBy!: string;
  @ApiProperty() witness!: string;
}

export class CloseOutPartyResponse {
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: "null: the contractor's own" })
  subcontractId!: string | null;
  @ApiProperty() name!: string;
}

export class CloseOutSectionResponse extends CloseOutPartyResponse {
  @ApiProperty({ enum: ['CONTRACTOR', 'SUBCONTRACTOR'] }) party!: 'CONTRACTOR' | 'SUBCONTRACTOR';
  @ApiProperty({ type: [ReturnedItemResponse] }) returned!: ReturnedItemResponse[];
  @ApiProperty({ type: [ErasedItemResponse] }) erased!: ErasedItemResponse[];
  @ApiProperty({ type: [EvidenceResponse], description: 'The 消去証明書 files of this section' })
  certificates!: EvidenceResponse[];
}

@ApiExtraModels(EvidenceResponse)
export class CloseOutResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) contractId!: string;
  @ApiProperty() contractNumber!: string;
  @ApiProperty() contractTitle!: string;
  @ApiProperty({ enum: CONTRACT_STATUSES }) contractStatus!: ContractStatus;
  @ApiProperty({ format: 'uuid' }) contractorId!: string;
  @ApiProperty() contractorName!: string;
  @ApiProperty({ enum: CLOSE_OUT_STATUSES }) status!: CloseOutStatus;
  @ApiProperty({ enum: ['ENDED', 'TERMINATED'] }) basis!: 'ENDED' | 'TERMINATED';
  @ApiProperty({ format: 'date', description: 'The day of the end or termination (Japan time)' })
  endedOn!: string;
  @ApiProperty({ description: "The RETURN_ERASURE clause's returnDays" }) returnDays!: number;
  @ApiProperty({ format: 'date' }) dueDate!: string;
  @ApiProperty({ description: 'Past the due date and not yet submitted' }) overdue!: boolean;
  @ApiProperty({
    type: [CloseOutPartyResponse],
    description: 'Whose sections the report must have: the contractor, then each APPROVED sub-contractor',
  })
  parties!: CloseOutPartyResponse[];
  @ApiProperty({ type: [CloseOutSectionResponse], description: 'As last submitted; empty before the first' })
  sections!: CloseOutSectionResponse[];
  @ApiProperty({
    type: [EvidenceResponse],
    description: 'Every file attached to this close-out, oldest first',
  })
  attachments!: EvidenceResponse[];
  @ApiProperty() submissions!: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) submittedAt!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Why the last submission was sent back' })
  returnReason!: string | null;
  @ApiProperty({ type: String, nullable: true }) confirmationNote!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) decidedAt!: string | null;
  @ApiProperty() version!: number;
}
