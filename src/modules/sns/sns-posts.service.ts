import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor } from '../../common/auth/actor';
import { StaleVersionError } from '../../common/errors/domain-error';
import { insertRows } from '../../database/insert';
import { TransactionService } from '../../database/transaction.service';
import type {
  DraftSnsPostRequest,
  SnsPostChangeRequest,
  SnsPostDecisionRequest,
  SnsPostDeletionRequest,
  SnsPostPublicationRequest,
  SnsPostResponse,
  SnsPostVersionRequest,
} from './dto/sns.dto';
import type { SnsAccount } from './sns-account.entity';
import { SnsPost } from './sns-post.entity';
import { canTakePostStep, SNS_POST_TRANSITIONS, type SnsPostStep } from './sns-post.state';
import { SnsErrors } from './sns.errors';
import { decidesFor, findAccount } from './sns.service';
import { postView } from './sns-views';

const AUDIT_ACTIONS: Readonly<Record<SnsPostStep, { action: string }>> = {
  draft: { action: 'sns_post.draft' },
  submit: { action: 'sns_post.submit' },
  approve: { action: 'sns_post.approve' },
  return: { action: 'sns_post.return' },
  publish: { action: 'sns_post.publish' },
  correct: { action: 'sns_post.correct' },
  delete: { action: 'sns_post.delete' },
};

/** Only 機密性1 (information that may be public) may go to a social-media platform. */
function checkPublic(informationClass: number): void {
  if (informationClass !== 1) throw SnsErrors.classNotPublic(informationClass);
}

/** Posts of an official account: drafted by a 発信担当, decided by the 責任者, published, corrected or deleted. */
@Injectable()
export class SnsPostsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tx: TransactionService,
  ) {}

  draft(actor: Actor, accountId: string, input: DraftSnsPostRequest): Promise<SnsPostResponse> {
    if (input.submit) checkPublic(input.informationClass);
    return this.tx.run(async (t) => {
      const account = await findAccount(t.manager, accountId);
      if (account.status === 'CLOSED') throw SnsErrors.accountClosed();
      if (!account.posterIds.includes(actor.userId)) throw SnsErrors.notPoster();
      const now = new Date();
      const post: SnsPost = {
        id: randomUUID(),
        accountId: account.id,
        text: input.text,
        plannedAt: input.plannedAt ? new Date(input.plannedAt) : null,
        informationClass: input.informationClass,
        status: input.submit ? 'SUBMITTED' : 'DRAFT',
        draftedBy: actor.userId,
        decidedBy: null,
        decidedAt: null,
        approvalKind: null,
        decisionComment: null,
        publishedUrl: null,
        publishedAt: null,
        changeReason: null,
        changedAt: null,
        version: 1,
        createdAt: now,
        updatedAt: now,
      };
      await insertRows(t.manager, SnsPost, post);
      await t.audit({
        actor,
        ...(input.submit ? AUDIT_ACTIONS.submit : AUDIT_ACTIONS.draft),
        entityType: 'sns_post',
        entityId: post.id,
        summary: { accountId: account.id, informationClass: post.informationClass, status: post.status },
      });
      return postView(post);
    });
  }

  async get(id: string): Promise<SnsPostResponse> {
    return postView(await findPost(this.dataSource.manager, id));
  }

  submit(actor: Actor, id: string, input: SnsPostVersionRequest): Promise<SnsPostResponse> {
    return this.step(actor, id, input.version, 'submit', (post) => {
      checkPublic(post.informationClass);
      return { changes: {}, summary: {} };
    });
  }

  /** The 責任者 (or ADMIN) approves or sends back; in a disaster a designated approver approves at once. */
  decide(actor: Actor, id: string, input: SnsPostDecisionRequest): Promise<SnsPostResponse> {
    const step: SnsPostStep = input.approved ? 'approve' : 'return';
    const disaster = input.approved && input.disaster === true;
    return this.step(
      actor,
      id,
      input.version,
      step,
      (post, account) => {
        if (account.status !== 'ACTIVE') throw SnsErrors.accountNotActive();
        if (input.approved) checkPublic(post.informationClass);
        if (disaster) {
          if (!account.fastPathApproverIds.includes(actor.userId) && !decidesFor(actor, account))
            throw SnsErrors.notFastPathApprover();
        } else if (!decidesFor(actor, account)) throw SnsErrors.notManager();
        return {
          changes: {
            decidedBy: actor.userId,
            decidedAt: new Date(),
            approvalKind: input.approved ? (disaster ? 'DISASTER' : 'NORMAL') : null,
            decisionComment: input.comment?.trim() ? input.comment : null,
          },
          summary: { disaster, comment: input.comment ?? null },
        };
      },
      true,
    );
  }

  publish(actor: Actor, id: string, input: SnsPostPublicationRequest): Promise<SnsPostResponse> {
    const publishedAt = new Date(input.publishedAt);
    if (publishedAt.getTime() > Date.now() + 60_000) throw SnsErrors.publishedInFuture();
    return this.step(actor, id, input.version, 'publish', (_post, account) => {
      if (account.status !== 'ACTIVE') throw SnsErrors.accountNotActive();
      return {
        changes: { publishedUrl: input.url, publishedAt },
        summary: { url: input.url, publishedAt: publishedAt.toISOString() },
      };
    });
  }

  correct(actor: Actor, id: string, input: SnsPostChangeRequest): Promise<SnsPostResponse> {
    const reason = input.reason;
    return this.step(actor, id, input.version, 'correct', (post) => {
      if (!reason.trim()) throw SnsErrors.reasonRequired();
      return {
        changes: {
          changeReason: reason,
          changedAt: new Date(),
          ...(input.text?.trim() ? { text: input.text } : {}),
        },
        summary: { reason, previousText: post.text },
      };
    });
  }

  delete(actor: Actor, id: string, input: SnsPostDeletionRequest): Promise<SnsPostResponse> {
    const reason = input.reason;
    return this.step(actor, id, input.version, 'delete', () => {
      if (!reason.trim()) throw SnsErrors.reasonRequired();
      return { changes: { changeReason: reason, changedAt: new Date() }, summary: { reason } };
    });
  }

  private step(
    actor: Actor,
    id: string,
    version: number,
    step: SnsPostStep,
    run: (
      post: SnsPost,
      account: SnsAccount,
    ) => { changes: Partial<SnsPost>; summary: Record<string, unknown> },
    partyChecked = false,
  ): Promise<SnsPostResponse> {
    return this.tx.run(async (t) => {
      const post = await findPost(t.manager, id);
      const account = await findAccount(t.manager, post.accountId);
      if (post.version !== version) throw new StaleVersionError('SNS_POST', { currentVersion: post.version });
      const transition = SNS_POST_TRANSITIONS[step];
      if (!canTakePostStep(step, post.status)) throw SnsErrors.wrongState(post.status, transition.label);
      if (!partyChecked) {
        if (transition.party === 'POSTER' && !account.posterIds.includes(actor.userId))
          throw SnsErrors.notPoster();
        if (transition.party === 'MANAGER' && !decidesFor(actor, account)) throw SnsErrors.notManager();
      }
      const { changes, summary } = run(post, account);
      const next: Partial<SnsPost> = {
        ...changes,
        status: transition.to,
        version: post.version + 1,
        updatedAt: new Date(),
      };
      const result = await t.manager.update(
        SnsPost,
        { id, version: post.version, status: post.status },
        next,
      );
      if (!result.affected) throw new StaleVersionError('SNS_POST');
      await t.audit({
        actor,
        ...AUDIT_ACTIONS[step],
        entityType: 'sns_post',
        entityId: id,
        summary: { accountId: account.id, from: post.status, to: transition.to, ...summary },
      });
      return postView({ ...post, ...next });
    });
  }
}

async function findPost(manager: EntityManager, id: string): Promise<SnsPost> {
  const post = await manager.findOneBy(SnsPost, { id });
  if (!post) throw SnsErrors.postNotFound();
  return post;
}
