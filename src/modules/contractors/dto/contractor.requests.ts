import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsDefined,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
  MinLength,
  Validate,
  ValidateNested,
  ValidatorConstraint,
  type ValidatorConstraintInterface,
} from 'class-validator';
import { PageQuery, booleanQuery } from '../../../common/pagination/page.query';
import { Transform } from 'class-transformer';
import { isIsoDate } from '../../../common/clock';
import { CERTIFICATION_TYPES, type CertificationType } from '../certification.entity';
import { CONTRACTOR_STATUSES, type ContractorStatus } from '../contractor.entity';
import { isValidCorporateNumber } from '../corporate-number';

@ValidatorConstraint({ name: 'corporateNumber' })
class CorporateNumberRule implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'string' && isValidCorporateNumber(value);
  }
  defaultMessage(): string {
    return 'corporateNumber must be a 13-digit 法人番号 with a valid check digit';
  }
}

@ValidatorConstraint({ name: 'isoDate' })
export class IsoDateRule implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return isIsoDate(value);
  }
  defaultMessage(): string {
    return 'must be a calendar date in YYYY-MM-DD form';
  }
}

export class SecurityOfficerInput {
  @ApiProperty({ maxLength: 100, example: '情報 守' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name!: string;
  @ApiProperty({ maxLength: 254 }) @IsEmail() @MaxLength(254) email!: string;
  @ApiProperty({ maxLength: 30, example: '0238-00-0000' })
  @IsString()
  @Matches(/^[0-9+()\- ]{6,30}$/, { message: 'phone must contain digits, spaces, +, -, ( or ) only' })
  phone!: string;
}

export class CreateContractorRequest {
  @ApiPropertyOptional({
    example: '7000012050002',
    description: '法人番号 (13 digits, check digit verified)',
  })
  @IsOptional()
  @Validate(CorporateNumberRule)
  corporateNumber?: string;

  @ApiProperty({ maxLength: 200, example: '株式会社置賜情報サービス' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name!: string;

  @ApiPropertyOptional({ maxLength: 200, example: 'カブシキガイシャオキタマジョウホウサービス' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  nameKana?: string;

  @ApiProperty({ maxLength: 300 }) @IsString() @MinLength(1) @MaxLength(300) address!: string;
  @ApiProperty({ maxLength: 100 }) @IsString() @MinLength(1) @MaxLength(100) representativeName!: string;

  @ApiProperty({ type: SecurityOfficerInput })
  @IsDefined()
  @ValidateNested()
  @Type(() => SecurityOfficerInput)
  securityOfficer!: SecurityOfficerInput;

  @ApiPropertyOptional({ maxLength: 2000 }) @IsOptional() @IsString() @MaxLength(2000) notes?: string;
}

export class UpdateContractorRequest extends PartialType(CreateContractorRequest) {
  @ApiProperty({ description: 'The version that was read' }) @IsInt() @Min(1) version!: number;

  @ApiPropertyOptional({ enum: ['ACTIVE', 'SUSPENDED'], description: 'Archive with POST …/archive' })
  @IsOptional()
  @IsIn(['ACTIVE', 'SUSPENDED'])
  status?: Exclude<ContractorStatus, 'ARCHIVED'>;
}

export class ArchiveContractorRequest {
  @ApiProperty() @IsInt() @Min(1) version!: number;
  @ApiPropertyOptional({ maxLength: 500 }) @IsOptional() @IsString() @MaxLength(500) reason?: string;
}

export class ListContractorsQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Part of the name, kana or 法人番号', maxLength: 100 })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ enum: CONTRACTOR_STATUSES })
  @IsOptional()
  @IsIn(CONTRACTOR_STATUSES)
  status?: ContractorStatus;

  @ApiPropertyOptional({
    description: 'Only contractors with a certification expiring within 60 days or expired',
  })
  @IsOptional()
  @Transform(booleanQuery)
  @IsIn([true, false])
  certificationAttention?: boolean;
}

export class CreateCertificationRequest {
  @ApiProperty({ enum: CERTIFICATION_TYPES }) @IsIn(CERTIFICATION_TYPES) type!: CertificationType;
  @ApiProperty({ maxLength: 100, example: 'IS 123456' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  registrationNumber!: string;
  @ApiProperty({ maxLength: 200, example: '一般財団法人日本品質保証機構' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  issuer!: string;
  @ApiProperty({ format: 'date', example: '2026-04-01' }) @Validate(IsoDateRule) validFrom!: string;
  @ApiProperty({ format: 'date', example: '2029-03-31' }) @Validate(IsoDateRule) validUntil!: string;
}
