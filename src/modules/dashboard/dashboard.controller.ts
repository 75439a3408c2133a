import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentActor, Roles } from '../../common/auth/access.decorator';
import type { Actor } from '../../common/auth/actor';
import { ApiErrors } from '../../common/http/api-errors.decorator';
import { attachment } from '../../common/http/attachment';
import { DashboardService } from './dashboard.service';
import { DashboardQuery, DashboardResponse } from './dto/dashboard.dto';
import { ExternalServicesOverviewResponse } from './dto/external-services-overview.dto';
import { ExternalServicesOverview } from './external-services-overview';

// Staff only: the dashboard compares contractors with one another, which no contractor may see.
const STAFF = ['OFFICER', 'ADMIN', 'AUDITOR'] as const;

@ApiTags('dashboard')
@Controller('api/dashboard')
export class DashboardController {
  constructor(
    private readonly dashboard: DashboardService,
    private readonly externalServices: ExternalServicesOverview,
  ) {}

  @Get()
  @Roles(...STAFF)
  @ApiOperation({ summary: '委託先ごとの状況（契約・点検・指摘・改善指示・認証）と条項別の未解決の指摘' })
  @ApiOkResponse({ type: DashboardResponse })
  @ApiErrors(400, 404)
  overview(@CurrentActor() actor: Actor, @Query() query: DashboardQuery): Promise<DashboardResponse> {
    return this.dashboard.overview(actor, query);
  }

  @Get('external-services')
  @Roles(...STAFF)
  @ApiOperation({
    summary:
      '外部サービスの状態ごとの件数と、対応が必要なもの（ISMAPの期限、約款の再確認、見直し、消去）の件数',
  })
  @ApiOkResponse({ type: ExternalServicesOverviewResponse })
  @ApiErrors()
  externalServicesOverview(@CurrentActor() actor: Actor): Promise<ExternalServicesOverviewResponse> {
    return this.externalServices.overview(actor);
  }

  @Get('contractors.csv')
  @Roles(...STAFF)
  @ApiOperation({ summary: '委託先ごとの状況を CSV で出力する（Excel 用の BOM 付き UTF-8）' })
  @ApiProduces('text/csv')
  @ApiOkResponse({
    description:
      "UTF-8 with a byte-order mark, CRLF, Japanese header row; formula-like cells prefixed with '",
    schema: { type: 'string', format: 'binary' },
  })
  @ApiErrors(400, 404)
  async contractorsCsv(
    @CurrentActor() actor: Actor,
    @Query() query: DashboardQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    const file = await this.dashboard.contractorsCsv(actor, query);
    void reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', attachment(file.fileName));
    return file.bytes;
  }
}
