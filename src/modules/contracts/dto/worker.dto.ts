import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  Min,
  MinLength,
  Validate,
  ValidateIf,
  ValidatorConstraint,
  type ValidatorConstraintInterface,
} from 'class-validator';
import { isIsoDate, todayInJapan } from '../../../common/clock';
import { IsoDateRule } from '../../contractors/dto/contractor.requests';
import type { ContractWorker } from '../contract-worker.entity';
import { lowerCaseId } from './subcontract.dto';

/** A training or pledge cannot have happened after today (Japan time). Malformed dates are IsoDateRule's. */
@ValidatorConstraint({ name: 'notFutureDate' })
class NotFutureDateRule implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return !isIsoDate(value) || value <= todayInJapan();
  }
  defaultMessage(): string {
    return 'must not be a date in the future';
  }
}

/** PATCH: a field left out is unchanged, but a required field cannot be cleared with null. */
const sent = (_object: object, value: unknown): boolean => value !== undefined;

export class CreateWorkerRequest {
  @ApiProperty({ maxLength: 100, example: '髙橋 一郎' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name!: string;

  @ApiProperty({
    format: 'uuid',
    description: "The worker's employer: the contract's contractor or the contractor of an APPROVED tier",
  })
  @Transform(lowerCaseId)
  @IsUUID()
  employerContractorId!: string;

  @ApiProperty({ maxLength: 100, example: '業務責任者' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  role!: string;

  @ApiProperty({ maxLength: 200, example: '受託者本社（山形県長井市）' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  workLocation!: string;

  @ApiPropertyOptional({
    type: String,
    format: 'date',
    nullable: true,
    description: 'Latest security training',
  })
  @IsOptional()
  @Validate(IsoDateRule)
  @Validate(NotFutureDateRule)
  trainingDate?: string | null;

  @ApiPropertyOptional({
    type: String,
    format: 'date',
    nullable: true,
    description: 'Confidentiality pledge (誓約書) signed',
  })
  @IsOptional()
  @Validate(IsoDateRule)
  @Validate(NotFutureDateRule)
  pledgeDate?: string | null;
}

export class UpdateWorkerRequest {
  @ApiProperty({ description: 'The version that was read' }) @IsInt() @Min(1) version!: number;

  @ApiPropertyOptional({ maxLength: 100 })
  @ValidateIf(sent)
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @ValidateIf(sent)
  @Transform(lowerCaseId)
  @IsUUID()
  employerContractorId?: string;

  @ApiPropertyOptional({ maxLength: 100 })
  @ValidateIf(sent)
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  role?: string;

  @ApiPropertyOptional({ maxLength: 200 })
  @ValidateIf(sent)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  workLocation?: string;

  @ApiPropertyOptional({ type: String, format: 'date', nullable: true, description: 'null clears it' })
  @IsOptional()
  @Validate(IsoDateRule)
  @Validate(NotFutureDateRule)
  trainingDate?: string | null;

  @ApiPropertyOptional({ type: String, format: 'date', nullable: true, description: 'null clears it' })
  @IsOptional()
  @Validate(IsoDateRule)
  @Validate(NotFutureDateRule)
  pledgeDate?: string | null;
}

export class WorkerResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) contractId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ format: 'uuid' }) employerContractorId!: string;
  @ApiProperty({ description: "The employer's registered name" }) employerName!: string;
  @ApiProperty({ description: "true: the contract's contractor itself; false: an approved sub-contractor" })
  employerIsPrime!: boolean;
  @ApiProperty() role!: string;
  @ApiProperty() workLocation!: string;
  @ApiProperty({ type: String, format: 'date', nullable: true }) trainingDate!: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true }) pledgeDate!: string | null;
  @ApiProperty({ description: 'No security training recorded' }) trainingMissing!: boolean;
  @ApiProperty({ description: 'No confidentiality pledge recorded' }) pledgeMissing!: boolean;
  @ApiProperty() version!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export function toWorkerResponse(
  w: ContractWorker,
  employer: { name: string; isPrime: boolean },
): WorkerResponse {
  return {
    id: w.id,
    contractId: w.contractId,
    name: w.name,
    employerContractorId: w.employerContractorId,
    employerName: employer.name,
    employerIsPrime: employer.isPrime,
    role: w.role,
    workLocation: w.workLocation,
    trainingDate: w.trainingDate,
    pledgeDate: w.pledgeDate,
    trainingMissing: w.trainingDate === null,
    pledgeMissing: w.pledgeDate === null,
    version: w.version,
    createdAt: w.createdAt.toISOString(),
    updatedAt: w.updatedAt.toISOString(),
  };
}
