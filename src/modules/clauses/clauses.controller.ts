import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { SignedIn } from '../../common/auth/access.decorator';
import { ClauseCatalogueService } from './clause-catalogue.service';
import { ClauseCatalogueResponse } from './dto/clause.response';

@ApiTags('clauses')
@Controller('api/clauses')
export class ClausesController {
  constructor(private readonly catalogue: ClauseCatalogueService) {}

  @Get()
  @SignedIn()
  @ApiOperation({ summary: 'セキュリティ条項カタログ（特記事項の条項と自己点検の設問）' })
  @ApiOkResponse({ type: ClauseCatalogueResponse })
  list(): ClauseCatalogueResponse {
    return { version: this.catalogue.version, items: this.catalogue.list() };
  }
}
