import { ApiExtraModels, ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { nullableEnum, nullableObject } from '../../../common/http/api-nullable';
import { CERTIFICATION_TYPES, type CertificationType } from '../../contractors/certification.entity';
import { PROCUREMENT_METHODS, type ProcurementMethod } from '../contractor-selection.entity';

export class CriterionAnswerRequest {
  @ApiProperty({ example: 'SECURITY_CERTIFICATION', maxLength: 40, pattern: '^[A-Z][A-Z0-9_]{1,39}$' })
  @IsString()
  @MaxLength(40)
  @Matches(/^[A-Z][A-Z0-9_]{1,39}$/u)
  code!: string;
  @ApiProperty({ description: 'The criterion is met' }) @IsBoolean() met!: boolean;
  @ApiPropertyOptional({ maxLength: 2000, description: 'Required when met is false' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
  @ApiPropertyOptional({ maxLength: 500, description: 'What was checked (document, register entry)' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  evidence?: string;
}

export class PutSelectionRequest {
  @ApiProperty({ enum: PROCUREMENT_METHODS }) @IsIn(PROCUREMENT_METHODS) method!: ProcurementMethod;
  @ApiProperty({
    type: CriterionAnswerRequest,
    isArray: true,
    description: 'Answered criteria (may be partial)',
  })
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => CriterionAnswerRequest)
  criteria!: CriterionAnswerRequest[];
  @ApiProperty({ maxLength: 4000, description: '選定理由 (may be empty while drafting)' })
  @IsString()
  @MaxLength(4000)
  reason!: string;
  @ApiPropertyOptional({
    minimum: 0,
    description: 'The version read (0 or absent: nothing recorded yet); required once a record exists',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  version?: number;
}

export class CertificationFlagResponse {
  @ApiProperty({ enum: ['EXPIRED', 'NOT_YET_VALID', 'SCOPE_NOT_RECORDED', 'SCOPE_MISSING_SITE'] })
  code!: string;
  @ApiProperty({ description: 'The reason, in Japanese' }) message!: string;
}

export class SelectionCertificationResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: CERTIFICATION_TYPES }) type!: CertificationType;
  @ApiProperty() registrationNumber!: string;
  @ApiProperty() issuer!: string;
  @ApiProperty({ format: 'date' }) validFrom!: string;
  @ApiProperty({ format: 'date' }) validUntil!: string;
  @ApiProperty({ type: String, nullable: true }) scope!: string | null;
  @ApiProperty({ type: CertificationFlagResponse, isArray: true }) flags!: CertificationFlagResponse[];
}

export class SelectionCriterionResponse {
  @ApiProperty() code!: string;
  @ApiProperty() title!: string;
  @ApiProperty() requirement!: string;
  @ApiProperty({ type: Boolean, nullable: true, description: 'null: not answered yet' }) met!: boolean | null;
  @ApiProperty({ type: String, nullable: true }) note!: string | null;
  @ApiProperty({ type: String, nullable: true }) evidence!: string | null;
  @ApiProperty({ type: SelectionCertificationResponse, isArray: true })
  certifications!: SelectionCertificationResponse[];
}

export class SelectionPersonResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() displayName!: string;
}

export class SelectionDocumentResponse {
  @ApiProperty({ type: String, nullable: true }) documentNumber!: string | null;
  @ApiProperty({ format: 'date-time' }) issuedAt!: string;
}

@ApiExtraModels(SelectionPersonResponse, SelectionDocumentResponse)
export class SelectionResponse {
  @ApiProperty({ format: 'uuid' }) contractId!: string;
  @ApiProperty({ description: 'Editable: the contract is a draft' }) editable!: boolean;
  @ApiProperty(nullableEnum(PROCUREMENT_METHODS)) method!: ProcurementMethod | null;
  @ApiProperty({ type: String, nullable: true, description: '調達方法 in Japanese' }) methodLabel!:
    string | null;
  @ApiProperty({ type: String, nullable: true }) reason!: string | null;
  @ApiProperty({
    type: SelectionCriterionResponse,
    isArray: true,
    description: 'The criteria applying to the contract',
  })
  criteria!: SelectionCriterionResponse[];
  @ApiProperty({ description: 'Every applicable criterion answered, a method and a reason' })
  complete!: boolean;
  @ApiProperty({ type: String, isArray: true, description: 'method, reason, criteria.<CODE>' })
  missing!: string[];
  @ApiProperty(nullableObject(SelectionPersonResponse)) decidedBy!: SelectionPersonResponse | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) decidedAt!: string | null;
  @ApiProperty({ description: '0: nothing recorded yet' }) version!: number;
  @ApiProperty({
    ...nullableObject(SelectionDocumentResponse),
    description: 'The 選定調書, issued at approval',
  })
  document!: SelectionDocumentResponse | null;
}
