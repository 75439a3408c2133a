import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsIn,
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
import { EMPLOYMENT_TYPES, type ContractWorker, type EmploymentType } from '../contract-worker.entity';
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

  @ApiPropertyOptional({
    enum: EMPLOYMENT_TYPES,
    default: 'EMPLOYEE',
    description:
      '雇用形態: EMPLOYEE (an officer or employee of the employer), DISPATCHED (a 派遣労働者 the employer took in; ' +
      'dispatchAgencyName required), FREELANCE (the individual who is the contracting party itself: the employer ' +
      'must be an individual, without 法人番号). Left out: EMPLOYEE',
  })
  @IsOptional()
  @IsIn(EMPLOYMENT_TYPES)
  employmentType?: EmploymentType;

  @ApiPropertyOptional({
    maxLength: 200,
    example: '株式会社置賜人材サービス',
    description: '派遣元: the agency employing a DISPATCHED worker; only for DISPATCHED',
  })
  @ValidateIf(
    (o: CreateWorkerRequest) => o.employmentType === 'DISPATCHED' || o.dispatchAgencyName !== undefined,
  )
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  dispatchAgencyName?: string;

  @ApiProperty({ maxLength: 100, example: '業務責任者' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  role!: string;

  @ApiProperty({
    maxLength: 200,
    example: '受託者本社（山形県長井市）',
    description:
      "One of the contract's workLocations (else 400 WORKER.LOCATION_NOT_ALLOWED naming them); any place while " +
      'the contract names none',
  })
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

  @ApiPropertyOptional({ enum: EMPLOYMENT_TYPES })
  @ValidateIf(sent)
  @IsIn(EMPLOYMENT_TYPES)
  employmentType?: EmploymentType;

  @ApiPropertyOptional({
    type: String,
    maxLength: 200,
    nullable: true,
    description: '派遣元 of a DISPATCHED worker; null clears it (when the worker is no longer DISPATCHED)',
  })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  dispatchAgencyName?: string | null;

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
  @ApiProperty({
    description:
      "The employer's sub-contracting tier: 0 for the contractor itself, 1 for a sub-contractor of the contractor, " +
      '2 for one of theirs, …',
  })
  employerTier!: number;
  @ApiProperty({ enum: EMPLOYMENT_TYPES }) employmentType!: EmploymentType;
  @ApiProperty({ type: String, nullable: true, description: '派遣元 (DISPATCHED only)' })
  dispatchAgencyName!: string | null;
  @ApiProperty() role!: string;
  @ApiProperty() workLocation!: string;
  @ApiProperty({ type: String, format: 'date', nullable: true }) trainingDate!: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true }) pledgeDate!: string | null;
  @ApiProperty({ description: 'No security training recorded' }) trainingMissing!: boolean;
  @ApiProperty({ description: 'No confidentiality pledge recorded' }) pledgeMissing!: boolean;
  @ApiProperty({
    description:
      "The roster's last acknowledgement (受理) covers this entry as it is now (false: added or changed since)",
  })
  acknowledged!: boolean;
  @ApiProperty() version!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

/** The employer as a worker's response shows it. */
export interface EmployerView {
  name: string;
  isPrime: boolean;
  /** 0: the contractor; n: an approved tier n levels down. */
  tier: number;
}

export function toWorkerResponse(
  w: ContractWorker,
  employer: EmployerView,
  acknowledged: boolean,
): WorkerResponse {
  return {
    id: w.id,
    contractId: w.contractId,
    name: w.name,
    employerContractorId: w.employerContractorId,
    employerName: employer.name,
    employerIsPrime: employer.isPrime,
    employerTier: employer.tier,
    employmentType: w.employmentType,
    dispatchAgencyName: w.dispatchAgencyName,
    role: w.role,
    workLocation: w.workLocation,
    trainingDate: w.trainingDate,
    pledgeDate: w.pledgeDate,
    trainingMissing: w.trainingDate === null,
    pledgeMissing: w.pledgeDate === null,
    acknowledged,
    version: w.version,
    createdAt: w.createdAt.toISOString(),
    updatedAt: w.updatedAt.toISOString(),
  };
}
