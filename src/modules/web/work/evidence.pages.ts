import { Body, Controller, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentActor, Roles } from '../../../common/auth/access.decorator';
import type { Actor } from '../../../common/auth/actor';
import type { ErrorKind } from '../../../common/errors/domain-error';
import { UuidPipe } from '../../../common/validation/uuid.pipe';
import { readEvidenceUpload, type EvidenceUpload } from '../../evidence/dto/evidence.dto';
import { EvidenceErrors } from '../../evidence/evidence.errors';
import { EvidenceService } from '../../evidence/evidence.service';
import { confirmFirst } from '../confirmation';
import { WebPage } from '../web-page';
import { AssessmentPageView } from './assessment-page.view';
import { OrderPageView } from './order-page.view';
import { itemField, refusalOf } from './work-forms';

/** Besides the form refusals, a file too large or of a type the store does not take is the user's to fix. */
const UPLOAD_REFUSALS: readonly ErrorKind[] = [
  'INVALID',
  'RULE',
  'CONFLICT',
  'FORBIDDEN',
  'TOO_LARGE',
  'UNSUPPORTED_MEDIA',
];

/**
 * 証跡ファイル from the pages: multipart uploads (their CSRF token comes in the action URL, the body being read
 * here) for an assessment item or an improvement order, and removal of an item's file. Downloads are the API's
 * `GET /api/evidence/:id`, which takes the session cookie.
 */
@ApiExcludeController()
@Controller()
export class EvidencePages {
  constructor(
    private readonly evidence: EvidenceService,
    private readonly assessmentView: AssessmentPageView,
    private readonly orderView: OrderPageView,
    private readonly page: WebPage,
  ) {}

  @Post('assessments/:id/items/:itemId/evidence')
  @Roles('CONTRACTOR', 'OFFICER', 'ADMIN')
  async uploadForItem(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Param('itemId', UuidPipe) itemId: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    try {
      await this.evidence.upload(actor, await uploadOf(request, (u) => u.itemId === itemId));
    } catch (error) {
      const { status, form } = refusalOf(error, {}, UPLOAD_REFUSALS);
      const errors = { [itemField('evidence', itemId)]: form.formError ?? '' };
      await this.assessmentView.render(actor, reply, id, { errors, formError: UPLOAD_FAILED }, status);
      return;
    }
    // The jump back to the item shows the message there, not at the top it scrolls away (partials/flash-at.hbs).
    await reply
      .status(303)
      .redirect(`/assessments/${id}?flash=evidence-added&at=item-${itemId}#item-${itemId}`);
  }

  @Post('assessments/:id/evidence/:evidenceId/remove')
  @Roles('CONTRACTOR', 'OFFICER', 'ADMIN')
  async removeFromItem(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Param('evidenceId', UuidPipe) evidenceId: string,
    @Body() body: Record<string, unknown>,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const file = await this.evidence.get(actor, evidenceId);
    const confirmed = await confirmFirst(this.page, actor, reply, body, {
      title: '証跡ファイルの削除の確認',
      what: `証跡ファイル「${file.fileName}」を削除します。`,
      consequences: [
        '削除したファイルは自己点検票から外れ、元に戻すことはできません。必要な場合は、改めて添付してください。',
      ],
      back: `/assessments/${id}`,
      danger: true,
    });
    if (!confirmed) return;
    try {
      await this.evidence.remove(actor, evidenceId);
    } catch (error) {
      const { status, form } = refusalOf(error);
      await this.assessmentView.render(actor, reply, id, form, status);
      return;
    }
    await reply.status(303).redirect(`/assessments/${id}?flash=evidence-removed`);
  }

  @Post('orders/:id/evidence')
  @Roles('CONTRACTOR', 'OFFICER', 'ADMIN')
  async uploadForOrder(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    try {
      await this.evidence.upload(actor, await uploadOf(request, (u) => u.orderId === id));
    } catch (error) {
      const { status, form } = refusalOf(error, {}, UPLOAD_REFUSALS);
      const errors = { file: form.formError ?? '' };
      await this.orderView.render(actor, reply, id, { errors, formError: UPLOAD_FAILED }, status);
      return;
    }
    await reply.status(303).redirect(`/orders/${id}?flash=saved`);
  }
}

const UPLOAD_FAILED = '証跡ファイルを添付できませんでした。';

/** The upload, which must be for the item or order of the page it was sent from. */
async function uploadOf(
  request: FastifyRequest,
  isForPage: (upload: EvidenceUpload) => boolean,
): Promise<EvidenceUpload> {
  const upload = await readEvidenceUpload(request);
  if (!isForPage(upload)) throw EvidenceErrors.ownerRequired();
  return upload;
}
