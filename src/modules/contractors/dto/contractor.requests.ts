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
import { Omittable } from '../../../common/validation/omittable';
import { Transform } from 'class-transformer';
import { isIsoDate } from '../../../common/clock';
import { CERTIFICATION_TYPES, type CertificationType } from '../certification.entity';
import { CONTRACTOR_STATUSES, type ContractorStatus } from '../contractor.entity';
import { isValidCorporateNumber } from '../corporate-number';
import { DigitsOnly, KanaText, KatakanaRule, NumberText } from '../../../common/validation/japanese-input';

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
  @ApiProperty({
    maxLength: 30,
    example: '0238-00-0000',
    description:
      'Stored in ASCII: full-width digits, dashes (－ ‐ – —, ー between digits) and spaces are converted',
  })
  @NumberText()
  @IsString()
  @Matches(/^[0-9+()\- ]{6,30}$/, { message: 'phone must contain digits, spaces, +, -, ( or ) only' })
  phone!: string;
}

export class CreateContractorRequest {
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: '7000012050002',
    description:
      '法人番号 (13 digits, check digit verified); none for a sole proprietor. On PATCH, null clears it. ' +
      'Full-width digits, spaces and hyphens are accepted and stored as 13 ASCII digits',
  })
  @DigitsOnly()
  @IsOptional()
  @Validate(CorporateNumberRule)
  corporateNumber?: string | null;

  @ApiProperty({ maxLength: 200, example: '株式会社置賜情報サービス' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name!: string;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: 200,
    example: 'カブシキガイシャオキタマジョウホウサービス',
    description:
      'フリガナ in full-width katakana (full-width spaces between words allowed); hiragana and half-width ' +
      'katakana are converted, anything else is refused (rule katakana). On PATCH, null clears it',
  })
  @KanaText()
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @Validate(KatakanaRule)
  nameKana?: string | null;

  @ApiProperty({ maxLength: 300 }) @IsString() @MinLength(1) @MaxLength(300) address!: string;
  @ApiProperty({ maxLength: 100 }) @IsString() @MinLength(1) @MaxLength(100) representativeName!: string;

  @ApiProperty({ type: SecurityOfficerInput })
  @IsDefined()
  @ValidateNested()
  @Type(() => SecurityOfficerInput)
  securityOfficer!: SecurityOfficerInput;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: 2000,
    description: 'On PATCH, null clears it',
  })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  notes?: string | null;
}

/**
 * Any of the registration fields plus the version read. A field left out stays as it is; a field sent is
 * validated, null included (as Omittable does), so null on a required field is refused with 400 here, while
 * the optional ones above (@IsOptional, documented nullable) take null and are cleared.
 */
export class UpdateContractorRequest extends PartialType(CreateContractorRequest, {
  skipNullProperties: false,
}) {
  @ApiProperty({ description: 'The version that was read' }) @IsInt() @Min(1) version!: number;

  @ApiPropertyOptional({ enum: ['ACTIVE', 'SUSPENDED'], description: 'Archive with POST …/archive' })
  @Omittable()
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
  @ApiPropertyOptional({
    maxLength: 1000,
    description: '適用範囲 as the certificate states it (sites and activities covered)',
    example: '本社（山形県長井市）における情報システムの開発及び運用保守業務',
  })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  scope?: string;
}
