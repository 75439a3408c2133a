import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { ATTENTION_KINDS, type AttentionKind } from '../external-service-attention';
import { EXTERNAL_SERVICE_STATUSES, type ExternalServiceStatus } from '../external-service.entity';

const toInt = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^\d+$/u.test(value) ? Number(value) : value;

/** The filters of the register's CSV and PDF: the 機密性 class handled, the status, what needs action. */
export class ExternalServiceRegisterQuery {
  @ApiPropertyOptional({ enum: EXTERNAL_SERVICE_STATUSES })
  @IsOptional()
  @IsIn(EXTERNAL_SERVICE_STATUSES)
  status?: ExternalServiceStatus;

  @ApiPropertyOptional({ enum: [1, 2, 3], description: 'The highest 機密性 class handled' })
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3)
  confidentialityClass?: number;

  @ApiPropertyOptional({
    enum: ATTENTION_KINDS,
    description: 'Only the services needing this action today (as the dashboard counts them)',
  })
  @IsOptional()
  @IsIn(ATTENTION_KINDS)
  attention?: AttentionKind;
}
