import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsEmail,
  IsInt,
  IsString,
  Matches,
  MaxLength,
  Min,
  Validate,
  ValidateIf,
  ValidateNested,
  ValidatorConstraint,
  type ValidatorConstraintInterface,
} from 'class-validator';
import { isDocumentNumberPattern } from '../../../config/env';
import { MaxCodePointsRule, PlainTextRule } from '../../../common/validation/plain-text';
import { NumberText } from '../../../common/validation/japanese-input';
import type { SignedDocumentKind, Signer } from '../issuer-settings.entity';

@ValidatorConstraint({ name: 'documentNumberPattern' })
class DocumentNumberPatternRule implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'string' && isDocumentNumberPattern(value);
  }
  defaultMessage(): string {
    return 'documentNumberPattern must contain {n} exactly once (the serial of the fiscal year) and no other braces';
  }
}

/** Blank is allowed while the ADMIN has not filled it in; otherwise printable text of at most `max`. */
const optionalText = (max: number): PropertyDecorator[] => [
  IsString(),
  ValidateIf((_o, v) => v !== ''),
  Validate(PlainTextRule),
  Validate(MaxCodePointsRule, [max]),
];

function apply(decorators: PropertyDecorator[]): PropertyDecorator {
  return (target, key) => decorators.forEach((d) => d(target, key));
}

export class SignerDto implements Signer {
  @ApiProperty({ maxLength: 50, example: '情報セキュリティ管理者' })
  @IsString()
  @Validate(PlainTextRule)
  @Validate(MaxCodePointsRule, [50])
  title!: string;
  @ApiProperty({ maxLength: 100, example: '置賜 一郎', description: 'May be blank until set' })
  @apply(optionalText(100))
  name!: string;
}

export class SignersDto implements Record<SignedDocumentKind, Signer> {
  @ApiProperty({
    type: SignerDto,
    description: '改善指示書・事故報告受付通知書・検査結果通知書・外部サービスの利用許可通知書等',
  })
  @ValidateNested()
  @Type(() => SignerDto)
  IMPROVEMENT_NOTICE!: SignerDto;
  @ApiProperty({ type: SignerDto, description: '再委託 承認通知書・不承認通知書' })
  @ValidateNested()
  @Type(() => SignerDto)
  SUBCONTRACT_DECISION!: SignerDto;
}

export class IssuerSettingsFields {
  @ApiProperty({ maxLength: 100, example: '置賜広域行政事務組合' })
  @IsString()
  @Validate(PlainTextRule)
  @Validate(MaxCodePointsRule, [100])
  orgName!: string;
  @ApiProperty({ maxLength: 200, example: '山形県長井市○○町1番1号', description: 'May be blank until set' })
  @apply(optionalText(200))
  orgAddress!: string;
  @ApiProperty({ maxLength: 50, example: '管理者' })
  @IsString()
  @Validate(PlainTextRule)
  @Validate(MaxCodePointsRule, [50])
  representativeTitle!: string;
  @ApiProperty({ maxLength: 100, example: '置賜 太郎', description: 'May be blank until set' })
  @apply(optionalText(100))
  representativeName!: string;
  @ApiProperty({ type: SignersDto, description: 'The signer of each document kind (専決規程)' })
  @ValidateNested()
  @Type(() => SignersDto)
  signers!: SignersDto;
  @ApiProperty({ description: 'Print 公印省略 instead of a place for the seal' })
  @IsBoolean()
  sealOmitted!: boolean;
  @ApiProperty({ maxLength: 50, example: '置広情第{n}号', description: '{n}: the serial of the fiscal year' })
  @IsString()
  @Validate(DocumentNumberPatternRule)
  documentNumberPattern!: string;
  @ApiProperty({ maxLength: 100, example: '総務課情報政策係', description: '課・係; may be blank until set' })
  @apply(optionalText(100))
  contactSection!: string;
  @ApiProperty({ maxLength: 100, example: '置賜 花子', description: '担当者; may be blank until set' })
  @apply(optionalText(100))
  contactPerson!: string;
  @ApiProperty({
    maxLength: 30,
    example: '0238-00-0000',
    description:
      'May be blank until set. Stored in ASCII: full-width digits, dashes (－ ‐ – —, ー between digits) and spaces are converted',
  })
  @NumberText()
  @IsString()
  @Matches(/^$|^[0-9+()\- ]{6,30}$/, {
    message: 'contactPhone must contain digits, spaces, +, -, ( or ) only',
  })
  contactPhone!: string;
  @ApiProperty({ maxLength: 254, example: 'joho@example.lg.jp', description: 'May be blank until set' })
  @IsString()
  @ValidateIf((_o, v) => v !== '')
  @IsEmail()
  @MaxLength(254)
  contactEmail!: string;
}

export class UpdateIssuerSettingsRequest extends IssuerSettingsFields {
  @ApiProperty({ description: 'The version read (0 while the defaults have never been saved)' })
  @IsInt()
  @Min(0)
  version!: number;
}

export class IssuerSettingsResponse extends IssuerSettingsFields {
  @ApiProperty({ description: '0 while the defaults from the environment are in force' }) version!: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) updatedAt!: string | null;
  @ApiProperty({
    type: String,
    isArray: true,
    description: 'Blank fields that documents would print empty (Japanese labels)',
  })
  missing!: string[];
}
