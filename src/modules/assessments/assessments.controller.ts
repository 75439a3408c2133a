import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '../../common/auth/access.decorator';
import type { Actor } from '../../common/auth/actor';
import { todayInJapan } from '../../common/clock';
import { ApiErrors } from '../../common/http/api-errors.decorator';
import type { Page } from '../../common/pagination/cursor';
import { pageOf } from '../../common/pagination/page.query';
import { UuidPipe } from '../../common/validation/uuid.pipe';
import { AssessmentGeneratorService } from './assessment-generator.service';
import { AssessmentWorkflowService } from './assessment-workflow.service';
import { AssessmentsService } from './assessments.service';
import {
  AssessmentResponse,
  CreateAssessmentRequest,
  GenerateAssessmentsRequest,
  GenerationResponse,
  ListAssessmentsQuery,
  ReturnRequest,
  ReviewRequest,
  SaveAnswersRequest,
  SubmitRequest,
} from './dto/assessment.dto';

@ApiTags('assessments')
@Controller('api/assessments')
export class AssessmentsController {
  constructor(
    private readonly assessments: AssessmentsService,
    private readonly workflow: AssessmentWorkflowService,
    private readonly generator: AssessmentGeneratorService,
  ) {}

  @Get()
  @Roles('OFFICER', 'ADMIN', 'AUDITOR', 'CONTRACTOR')
  @ApiOperation({ summary: '自己点検の一覧（受託者には対応が必要なものから）' })
  @ApiOkResponse({ type: pageOf(AssessmentResponse) })
  @ApiErrors(400)
  list(
    @CurrentActor() actor: Actor,
    @Query() query: ListAssessmentsQuery,
  ): Promise<Page<AssessmentResponse>> {
    return this.assessments.list(actor, query);
  }

  @Post()
  @Roles('OFFICER', 'ADMIN')
  @ApiOperation({
    summary: '自己点検票（CHECKLIST）の提出を随時求める（履行中の契約、1契約につき1日1件）',
  })
  @ApiCreatedResponse({ type: AssessmentResponse })
  @ApiErrors(400, 404, 409, 422)
  request(@CurrentActor() actor: Actor, @Body() body: CreateAssessmentRequest): Promise<AssessmentResponse> {
    return this.workflow.requestChecklist(actor, body);
  }

  @Post('generate')
  @HttpCode(200)
  @Roles('ADMIN')
  @ApiOperation({ summary: '有効な契約の自己点検を期間ごとに作成する（何度実行しても重複しない）' })
  @ApiOkResponse({ type: GenerationResponse })
  @ApiErrors(400, 409)
  generate(
    @CurrentActor() actor: Actor,
    @Body() body: GenerateAssessmentsRequest,
  ): Promise<GenerationResponse> {
    return this.generator.generate(body.asOf ?? todayInJapan(), actor);
  }

  @Get(':id')
  @Roles('OFFICER', 'ADMIN', 'AUDITOR', 'CONTRACTOR')
  @ApiOperation({ summary: '自己点検の詳細（設問と回答）' })
  @ApiOkResponse({ type: AssessmentResponse })
  @ApiErrors(400, 404)
  get(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string): Promise<AssessmentResponse> {
    return this.assessments.get(actor, id);
  }

  @Put(':id/items')
  @Roles('CONTRACTOR')
  @ApiOperation({ summary: '回答を保存する（一部だけの保存も可）' })
  @ApiOkResponse({ type: AssessmentResponse })
  @ApiErrors(400, 404, 409)
  saveAnswers(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Body() body: SaveAnswersRequest,
  ): Promise<AssessmentResponse> {
    return this.workflow.saveAnswers(actor, id, body);
  }

  @Post(':id/submit')
  @HttpCode(200)
  @Roles('CONTRACTOR')
  @ApiOperation({ summary: '自己点検を提出する（全設問の回答が必要）' })
  @ApiOkResponse({ type: AssessmentResponse })
  @ApiErrors(400, 404, 409, 422)
  submit(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Body() body: SubmitRequest,
  ): Promise<AssessmentResponse> {
    return this.workflow.submit(actor, id, body);
  }

  @Post(':id/review')
  @HttpCode(200)
  @Roles('OFFICER', 'ADMIN')
  @ApiOperation({ summary: '設問ごとに判定する（complete: true で確認を完了し、点数を確定）' })
  @ApiOkResponse({ type: AssessmentResponse })
  @ApiErrors(400, 404, 409, 422)
  review(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Body() body: ReviewRequest,
  ): Promise<AssessmentResponse> {
    return this.workflow.review(actor, id, body);
  }

  @Post(':id/return')
  @HttpCode(200)
  @Roles('OFFICER', 'ADMIN')
  @ApiOperation({ summary: '受託者に差し戻す' })
  @ApiOkResponse({ type: AssessmentResponse })
  @ApiErrors(400, 404, 409)
  returnToContractor(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Body() body: ReturnRequest,
  ): Promise<AssessmentResponse> {
    return this.workflow.returnToContractor(actor, id, body);
  }
}
