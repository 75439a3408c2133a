import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../common/auth/access.decorator';
import { ApiErrors } from '../../common/http/api-errors.decorator';
import type { Page } from '../../common/pagination/cursor';
import { pageOf } from '../../common/pagination/page.query';
import { AuditService } from './audit.service';
import { AuditEventResponse, AuditVerifyResponse, ListAuditEventsQuery } from './dto/audit.dto';

@ApiTags('audit')
@Controller('api/audit-events')
@Roles('ADMIN', 'AUDITOR')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @ApiOperation({ summary: '監査ログの一覧（新しい順）' })
  @Get()
  @ApiOkResponse({ type: pageOf(AuditEventResponse) })
  @ApiErrors(400, 401, 403)
  list(@Query() query: ListAuditEventsQuery): Promise<Page<AuditEventResponse>> {
    return this.audit.list(query);
  }

  @ApiOperation({ summary: '監査ログのハッシュチェーンを検証する' })
  @Get('verify')
  @ApiOkResponse({ type: AuditVerifyResponse })
  @ApiErrors(401, 403)
  verify(): Promise<AuditVerifyResponse> {
    return this.audit.verify();
  }
}
