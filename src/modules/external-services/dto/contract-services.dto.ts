import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayUnique, IsArray, IsInt, IsUUID, Min } from 'class-validator';
import {
  EXTERNAL_SERVICE_STATUSES,
  SERVICE_MODELS,
  type ExternalServiceStatus,
  type ServiceModel,
} from '../external-service.entity';

export const MAX_NAMED_SERVICES = 20;

export class SetContractServicesRequest {
  @ApiProperty({ description: "The contract's version that was read" }) @IsInt() @Min(1) version!: number;
  @ApiProperty({
    type: String,
    format: 'uuid',
    isArray: true,
    maxItems: MAX_NAMED_SERVICES,
    description: 'The registered external services the contract uses, in the order the clause cites them',
  })
  @IsArray()
  @ArrayMaxSize(MAX_NAMED_SERVICES)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  serviceIds!: string[];
}

export class NamedServiceResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() providerName!: string;
  @ApiProperty({ enum: SERVICE_MODELS }) model!: ServiceModel;
  @ApiProperty({ enum: [1, 2, 3] }) confidentialityClass!: number;
  @ApiProperty({ enum: EXTERNAL_SERVICE_STATUSES }) status!: ExternalServiceStatus;
}

export class ContractServicesResponse {
  @ApiProperty({ format: 'uuid' }) contractId!: string;
  @ApiProperty({ description: "The contract's version (naming services changes the draft)" })
  contractVersion!: number;
  @ApiProperty() usesCloud!: boolean;
  @ApiProperty({ type: NamedServiceResponse, isArray: true }) services!: NamedServiceResponse[];
}
