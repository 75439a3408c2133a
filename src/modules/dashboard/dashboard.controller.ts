import { Controller, Get, Query, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '../../common/auth/access.decorator';
import type { Actor } from '../../common/auth/actor';
import { ApiErrors } from '../../common/http/api-errors.decorator';
import { attachment } from '../../common/http/attachment';
import { DashboardService } from './dashboard.service';
import { DashboardPageQuery, DashboardQuery, DashboardResponse } from './dto/dashboard.dto';
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
  @ApiOperation({
    summary:
      '全体の件数、条項別の未解決の指摘、委託先ごとの状況（対応が必要なものから順に1ページ分。全件はCSV）',
  })
  @ApiOkResponse({ type: DashboardResponse })
  @ApiErrors(400, 404)
  overview(@CurrentActor() actor: Actor, @Query() query: DashboardPageQuery): Promise<DashboardResponse> {
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
  @ApiOperation({
    summary: '全ての委託先の状況を CSV で出力する（フリガナ順、Excel 用の BOM 付き UTF-8、順次送信）',
  })
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
  ): Promise<StreamableFile> {
    const file = await this.dashboard.contractorsCsv(actor, query);
    return new StreamableFile(file.stream, {
      type: 'text/csv; charset=utf-8',
      disposition: attachment(file.fileName),
    });
  }
}
