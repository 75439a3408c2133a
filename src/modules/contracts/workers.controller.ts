import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentActor, Roles } from '../../common/auth/access.decorator';
import type { Actor } from '../../common/auth/actor';
import { ApiErrors } from '../../common/http/api-errors.decorator';
import type { Page } from '../../common/pagination/cursor';
import { PageQuery, pageOf } from '../../common/pagination/page.query';
import { UuidPipe } from '../../common/validation/uuid.pipe';
import { CreateWorkerRequest, UpdateWorkerRequest, WorkerResponse } from './dto/worker.dto';
import { WorkersService } from './workers.service';

@ApiTags('workers')
@Controller('api/contracts/:id/workers')
export class WorkersController {
  constructor(private readonly workers: WorkersService) {}

  @ApiOperation({ summary: '従事者名簿の一覧' })
  @Get()
  @Roles('OFFICER', 'ADMIN', 'AUDITOR', 'CONTRACTOR')
  @ApiOkResponse({
    type: pageOf(WorkerResponse),
    description: 'Oldest first; a CONTRACTOR sees only its own',
  })
  @ApiErrors(400, 401, 403, 404)
  list(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Query() query: PageQuery,
  ): Promise<Page<WorkerResponse>> {
    return this.workers.list(actor, id, query);
  }

  @ApiOperation({ summary: '従事者を名簿に登録する' })
  @Post()
  @Roles('CONTRACTOR', 'OFFICER', 'ADMIN')
  @ApiCreatedResponse({ type: WorkerResponse })
  @ApiErrors(400, 401, 403, 404, 409, 422)
  add(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Body() body: CreateWorkerRequest,
  ): Promise<WorkerResponse> {
    return this.workers.add(actor, id, body);
  }

  @ApiOperation({ summary: '従事者の登録内容を変更する' })
  @Patch(':workerId')
  @Roles('CONTRACTOR', 'OFFICER', 'ADMIN')
  @ApiOkResponse({ type: WorkerResponse })
  @ApiErrors(400, 401, 403, 404, 409, 422)
  update(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Param('workerId', UuidPipe) workerId: string,
    @Body() body: UpdateWorkerRequest,
  ): Promise<WorkerResponse> {
    return this.workers.update(actor, id, workerId, body);
  }

  @ApiOperation({ summary: '従事者を名簿から削除する' })
  @Delete(':workerId')
  @HttpCode(204)
  @Roles('CONTRACTOR', 'OFFICER', 'ADMIN')
  @ApiNoContentResponse()
  @ApiErrors(400, 401, 403, 404, 409)
  remove(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Param('workerId', UuidPipe) workerId: string,
  ): Promise<void> {
    return this.workers.remove(actor, id, workerId);
  }
}
