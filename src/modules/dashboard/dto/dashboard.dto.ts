import {
  ApiExtraModels,
  ApiProperty,
  ApiPropertyOptional,
  IntersectionType,
  PickType,
} from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';
import { PageQuery } from '../../../common/pagination/page.query';
import { nullableObject } from '../../../common/http/api-nullable';
import { CONTRACTOR_STATUSES, type ContractorStatus } from '../../contractors/contractor.entity';

export class DashboardQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only this contractor (404 when unknown or archived)' })
  @IsOptional()
  @IsUUID()
  contractorId?: string;
}

/** The overview's query: one page of contractors, most urgent first (the CSV takes DashboardQuery: every row). */
export class DashboardPageQuery extends IntersectionType(
  DashboardQuery,
  PickType(PageQuery, ['limit', 'cursor'] as const),
) {}

export class LatestAssessmentResponse {
  @ApiProperty({ format: 'uuid' }) assessmentId!: string;
  @ApiProperty({ format: 'uuid' }) contractId!: string;
  @ApiProperty({ format: 'date' }) periodStart!: string;
  @ApiProperty({ format: 'date' }) periodEnd!: string;
  @ApiProperty({ type: Number, nullable: true, example: 87.5, description: 'Percentage, two decimals' })
  score!: number | null;
}

/** The counts shown for one contractor and, summed, for all of them. */
export class DashboardCounts {
  @ApiProperty({ description: 'Contracts in status ACTIVE' }) activeContracts!: number;
  @ApiProperty({
    description:
      'FINDING items (not advisory) of REVIEWED assessments that no CLOSED improvement order contains (an open, ' +
      'withdrawn or no order at all leaves a finding open)',
  })
  openFindings!: number;
  @ApiProperty({ description: 'Orders in ISSUED, PLAN_SUBMITTED, IN_PROGRESS or COMPLETION_REPORTED' })
  openOrders!: number;
  @ApiProperty({ description: 'Open orders whose due date is before today (Japan time)' })
  overdueOrders!: number;
  @ApiProperty({ description: 'Open orders flagged for measures under the contract (escalatedAt set)' })
  escalatedOrders!: number;
  @ApiProperty({ description: 'Certifications whose validUntil is before today' })
  expiredCertifications!: number;
  @ApiProperty({ description: 'Certifications still valid today that end within 60 days' })
  expiringCertifications!: number;
  @ApiProperty({
    description:
      'Self-assessments still OPEN or RETURNED whose due date is before today (Japan time): the same condition as ' +
      'GET /api/assessments?overdue=true',
  })
  overdueAssessments!: number;
}

@ApiExtraModels(LatestAssessmentResponse)
export class ContractorDashboardRow extends DashboardCounts {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: String, nullable: true, description: '法人番号' }) corporateNumber!: string | null;
  @ApiProperty({ enum: CONTRACTOR_STATUSES }) status!: ContractorStatus;
  @ApiProperty({
    ...nullableObject(LatestAssessmentResponse),
    description:
      'The REVIEWED CHECKLIST with the latest period start across the contractor’s contracts (a REPORT has no score)',
  })
  latestAssessment!: LatestAssessmentResponse | null;
  @ApiProperty({
    description:
      'Anything to act on: an escalated or overdue order, an overdue self-assessment, an expired or expiring ' +
      'certification, or an open finding',
  })
  needsAttention!: boolean;
}

export class DashboardTotals extends DashboardCounts {
  @ApiProperty({ description: 'Contractors on the dashboard (archived ones are left out)' })
  contractors!: number;
  @ApiProperty({ description: 'Of those, the contractors with anything to act on (needsAttention)' })
  needingAttention!: number;
}

export class ClauseFindingsResponse {
  @ApiProperty({ example: 'REMOVABLE_MEDIA' }) clauseCode!: string;
  @ApiProperty({ example: '外部記録媒体の管理' }) clauseTitle!: string;
  @ApiProperty() openFindings!: number;
}

export class DashboardResponse {
  @ApiProperty({ format: 'date', description: 'Today in Japan: the date overdue and expiry are judged on' })
  asOf!: string;
  @ApiProperty({
    type: ContractorDashboardRow,
    isArray: true,
    description:
      'One page of contractors, most urgent first: escalated orders, then overdue orders and self-assessments, ' +
      'expired certifications, open findings and expiring certifications (each most first), then by reading ' +
      '(フリガナ) and id. Those needing attention come first; GET /api/dashboard/contractors.csv has every row',
  })
  contractors!: ContractorDashboardRow[];
  @ApiProperty({ type: String, nullable: true, description: 'The next page’s cursor; null on the last page' })
  nextCursor!: string | null;
  @ApiProperty({ type: DashboardTotals }) totals!: DashboardTotals;
  @ApiProperty({
    type: ClauseFindingsResponse,
    isArray: true,
    description: 'Open findings per clause, most first: which requirement fails most',
  })
  findingsByClause!: ClauseFindingsResponse[];
}
