import { ApiProperty } from '@nestjs/swagger';
import { EXTERNAL_SERVICE_STATUSES } from '../../external-services/external-service.entity';
import { ATTENTION_KINDS } from '../../external-services/external-service-attention';

export class ExternalServiceStatusCount {
  @ApiProperty({ enum: EXTERNAL_SERVICE_STATUSES }) status!: string;
  @ApiProperty() count!: number;
}

export class ExternalServiceAttentionCount {
  @ApiProperty({
    enum: ATTENTION_KINDS,
    description:
      'ISMAP_EXPIRED / ISMAP_EXPIRING (within 60 days; not while a renewal is pending) and TERMS_RECHECK_DUE / ' +
      'REVIEW_OVERDUE for services in use; ERASURE_PENDING for services whose use ended',
  })
  kind!: string;
  @ApiProperty() count!: number;
}

/** The external services on the dashboard: how many in each status, and how many need action of each kind. */
export class ExternalServicesOverviewResponse {
  @ApiProperty({ format: 'date', description: 'Today in Japan: the date expiry and overdue are judged on' })
  asOf!: string;
  @ApiProperty({ description: 'Every registered service' }) total!: number;
  @ApiProperty({
    type: ExternalServiceStatusCount,
    isArray: true,
    description: 'Every status, in lifecycle order',
  })
  byStatus!: ExternalServiceStatusCount[];
  @ApiProperty({
    type: ExternalServiceAttentionCount,
    isArray: true,
    description: 'Every kind, in a fixed order',
  })
  needingAction!: ExternalServiceAttentionCount[];
}
