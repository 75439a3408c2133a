import { randomUUID } from 'node:crypto';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource, In, type EntityManager } from 'typeorm';
import type { Actor } from '../../common/auth/actor';
import { StaleVersionError } from '../../common/errors/domain-error';
import type { Page } from '../../common/pagination/cursor';
import { mapPage, pageByCreatedAt } from '../../common/pagination/keyset';
import { insertRows } from '../../database/insert';
import { TransactionService, type Tx } from '../../database/transaction.service';
import { IssuedDocuments } from '../documents/issued-documents.service';
import { renderSnsPolicyPdf } from '../documents/sns-policy.pdf';
import type { SnsPolicyInput } from '../documents/sns-policy';
import { ExternalService } from '../external-services/external-service.entity';
import { IssuerSettingsService } from '../settings/issuer-settings.service';
import { User } from '../users/user.entity';
import type {
  CreateSnsAccountRequest,
  ListSnsAccountsQuery,
  SnsAccountReasonRequest,
  SnsAccountResponse,
  SnsAccountStepRequest,
  UpdateSnsAccountRequest,
} from './dto/sns.dto';
import { SnsAccount } from './sns-account.entity';
import { canTakeAccountStep, SNS_ACCOUNT_TRANSITIONS, type SnsAccountStep } from './sns-account.state';
import { loadSnsCategories, snsCategoriesDir, type SnsCategoryCatalogue } from './sns-categories';
import { SnsIncident } from './sns-incident.entity';
import { SnsPost } from './sns-post.entity';
import { SnsErrors } from './sns.errors';
import { recordSnsPolicy, SNS_POLICY_OWNER } from './sns-policy-record';
import { accountViews, incidentView, postView } from './sns-views';

/** The audit action of each account step, written out so every code is found where it is written. */
const AUDIT_ACTIONS: Readonly<Record<SnsAccountStep, { action: string }>> = {
  register: { action: 'sns_account.register' },
  edit: { action: 'sns_account.edit' },
  activate: { action: 'sns_account.activate' },
  suspend: { action: 'sns_account.suspend' },
  close: { action: 'sns_account.close' },
};

/** Whether the actor decides for the account: its 責任者, or an ADMIN. */
export function decidesFor(actor: Actor, account: SnsAccount): boolean {
  return actor.role === 'ADMIN' || account.managerId === actor.userId;
}

export async function findAccount(manager: EntityManager, id: string): Promise<SnsAccount> {
  const account = await manager.findOneBy(SnsAccount, { id });
  if (!account) throw SnsErrors.accountNotFound();
  return account;
}

/** The account register (第6条第6号ウ): registration, editing, activation, suspension, closing, incidents. */
@Injectable()
export class SnsService implements OnModuleInit {
  private catalogue!: SnsCategoryCatalogue;

  constructor(
    private readonly dataSource: DataSource,
    private readonly tx: TransactionService,
    private readonly documents: IssuedDocuments,
    private readonly settings: IssuerSettingsService,
  ) {}

  /** Loaded at start-up: a broken catalogue stops the service (CatalogueError lists every problem). */
  onModuleInit(): void {
    this.catalogue = loadSnsCategories(snsCategoriesDir());
  }

  categories(): SnsCategoryCatalogue {
    return this.catalogue;
  }

  async register(actor: Actor, input: CreateSnsAccountRequest): Promise<SnsAccountResponse> {
    const fields = this.checkFields(input);
    return this.tx.run(async (t) => {
      await this.checkUsers(t.manager, fields);
      await checkExternalService(t.manager, input.externalServiceId);
      const now = new Date();
      const account: SnsAccount = {
        id: randomUUID(),
        platform: input.platform,
        handle: input.handle,
        url: input.url,
        displayName: input.displayName,
        operatorName: input.operatorName,
        purpose: input.purpose,
        audience: input.audience,
        allowedCategories: fields.allowedCategories,
        forbiddenCategories: fields.forbiddenCategories,
        managerId: fields.managerId,
        posterIds: fields.posterIds,
        fastPathApproverIds: fields.fastPathApproverIds,
        credentialCustodian: input.credentialCustodian ?? null,
        loginDevices: input.loginDevices ?? [],
        twoFactorEnabled: input.twoFactorEnabled,
        twoFactorMethod: input.twoFactorEnabled ? (input.twoFactorMethod ?? null) : null,
        verified: input.verified,
        unverifiedReason: input.verified ? null : (input.unverifiedReason ?? null),
        websiteListingUrl: input.websiteListingUrl ?? null,
        profileText: input.profileText ?? null,
        externalServiceId: input.externalServiceId ?? null,
        status: 'DRAFT',
        statusReason: null,
        activatedAt: null,
        createdBy: actor.userId,
        version: 1,
        createdAt: now,
        updatedAt: now,
      };
      await insertRows(t.manager, SnsAccount, account);
      await t.audit({
        actor,
        ...AUDIT_ACTIONS.register,
        entityType: 'sns_account',
        entityId: account.id,
        summary: { platform: account.platform, handle: account.handle },
      });
      return this.respond(t.manager, account, true);
    });
  }

  async list(query: ListSnsAccountsQuery): Promise<Page<SnsAccountResponse>> {
    const manager = this.dataSource.manager;
    const qb = manager.createQueryBuilder(SnsAccount, 'a');
    if (query.status) qb.andWhere('a.status = :status', { status: query.status });
    const page = await pageByCreatedAt(qb, query, 'DESC');
    const view = await accountViews(manager, this.catalogue, page.rows);
    return mapPage(page, view);
  }

  async get(id: string): Promise<SnsAccountResponse> {
    const manager = this.dataSource.manager;
    return this.respond(manager, await findAccount(manager, id), true);
  }

  /** The ACTIVE accounts, for the public list (platform, handle, URL, operator). */
  async officialAccounts(): Promise<SnsAccount[]> {
    return this.dataSource.manager.find(SnsAccount, {
      where: { status: 'ACTIVE' },
      order: { platform: 'ASC', handle: 'ASC' },
      take: 500,
    });
  }

  update(actor: Actor, id: string, input: UpdateSnsAccountRequest): Promise<SnsAccountResponse> {
    return this.step(actor, id, input.version, 'edit', async (t, account) => {
      const merged = { ...account, ...stripUndefined(input) };
      const fields = this.checkFields(merged);
      await this.checkUsers(t.manager, fields);
      await checkExternalService(t.manager, input.externalServiceId);
      const changes: Partial<SnsAccount> = {
        ...stripUndefined({
          platform: input.platform,
          handle: input.handle,
          url: input.url,
          displayName: input.displayName,
          operatorName: input.operatorName,
          purpose: input.purpose,
          audience: input.audience,
          credentialCustodian: input.credentialCustodian,
          loginDevices: input.loginDevices,
          twoFactorEnabled: input.twoFactorEnabled,
          verified: input.verified,
          websiteListingUrl: input.websiteListingUrl,
          profileText: input.profileText,
          externalServiceId: input.externalServiceId,
        }),
        ...fields,
        twoFactorMethod: merged.twoFactorEnabled ? (merged.twoFactorMethod ?? null) : null,
        unverifiedReason: merged.verified ? null : (merged.unverifiedReason ?? null),
      };
      // An ACTIVE account keeps what activation required.
      if (account.status === 'ACTIVE') this.checkActivation({ ...account, ...changes });
      const { version: _version, ...named } = input;
      return { changes, summary: { fields: Object.keys(named) } };
    });
  }

  activate(actor: Actor, id: string, input: SnsAccountStepRequest): Promise<SnsAccountResponse> {
    return this.step(actor, id, input.version, 'activate', async (t, account) => {
      this.checkActivation(account);
      const now = new Date();
      // The 運用方針 is issued when the account first goes into operation; a reactivation keeps it in force.
      const issued = await this.documents.find(t.manager, SNS_POLICY_OWNER, account.id, 'SNS_POLICY');
      const policy =
        issued ??
        (await recordSnsPolicy(
          this.settings,
          this.documents,
          this.catalogue,
          t.manager,
          account,
          actor.userId,
          now,
        ));
      return {
        changes: { activatedAt: now, statusReason: null },
        summary: { policyDocumentNumber: policy.documentNumber, policyIssued: issued === null },
      };
    });
  }

  suspend(actor: Actor, id: string, input: SnsAccountReasonRequest): Promise<SnsAccountResponse> {
    return this.step(actor, id, input.version, 'suspend', () => withReason(input.reason));
  }

  close(actor: Actor, id: string, input: SnsAccountReasonRequest): Promise<SnsAccountResponse> {
    return this.step(actor, id, input.version, 'close', () => withReason(input.reason));
  }

  /** The account's 運用方針 as issued: rendered once from its record, then the stored bytes. */
  async policyPdf(id: string): Promise<{ bytes: Buffer; fileName: string }> {
    const manager = this.dataSource.manager;
    const account = await findAccount(manager, id);
    const record = await this.documents.find(manager, SNS_POLICY_OWNER, account.id, 'SNS_POLICY');
    if (!record) throw SnsErrors.noPolicy();
    const { bytes } = await this.documents.pdf<SnsPolicyInput>(manager, record, (input) =>
      Promise.resolve(renderSnsPolicyPdf(input)),
    );
    return { bytes, fileName: `sns-unyou-houshin-${account.platform.toLowerCase()}.pdf` };
  }

  /** Activation needs a 責任者, two-factor authentication and the body's website listing the account. */
  private checkActivation(account: SnsAccount): void {
    if (!account.managerId) throw SnsErrors.activationNoManager();
    if (!account.twoFactorEnabled || !account.twoFactorMethod) throw SnsErrors.activationNoTwoFactor();
    if (!account.websiteListingUrl) throw SnsErrors.activationNoWebsiteListing();
  }

  private checkFields(input: {
    allowedCategories: string[];
    forbiddenCategories: string[];
    managerId?: string | null;
    posterIds: string[];
    fastPathApproverIds?: string[];
    twoFactorEnabled: boolean;
    twoFactorMethod?: string | null;
    verified: boolean;
    unverifiedReason?: string | null;
  }): Pick<
    SnsAccount,
    'allowedCategories' | 'forbiddenCategories' | 'managerId' | 'posterIds' | 'fastPathApproverIds'
  > {
    const wrong = [
      ...input.allowedCategories.filter((c) => this.catalogue.byCode.get(c)?.kind !== 'ALLOWED'),
      ...input.forbiddenCategories.filter((c) => this.catalogue.byCode.get(c)?.kind !== 'FORBIDDEN'),
    ];
    if (wrong.length) throw SnsErrors.unknownCategory(wrong);
    if (input.twoFactorEnabled && !input.twoFactorMethod) throw SnsErrors.twoFactorMethodMissing();
    if (!input.verified && !input.unverifiedReason?.trim()) throw SnsErrors.unverifiedReasonMissing();
    return {
      allowedCategories: [...new Set(input.allowedCategories)],
      forbiddenCategories: [...new Set(input.forbiddenCategories)],
      managerId: input.managerId ?? null,
      posterIds: [...new Set(input.posterIds)],
      fastPathApproverIds: [...new Set(input.fastPathApproverIds ?? [])],
    };
  }

  /** 責任者, 発信担当 and fast-path approvers are active users of the body (never a contractor's). */
  private async checkUsers(
    manager: EntityManager,
    fields: Pick<SnsAccount, 'managerId' | 'posterIds' | 'fastPathApproverIds'>,
  ): Promise<void> {
    const ids = [
      ...new Set([
        ...(fields.managerId ? [fields.managerId] : []),
        ...fields.posterIds,
        ...fields.fastPathApproverIds,
      ]),
    ];
    if (ids.length === 0) return;
    const users = await manager.find(User, {
      select: { id: true, role: true, active: true },
      where: { id: In(ids) },
    });
    const known = new Set(users.filter((u) => u.role !== 'CONTRACTOR' && u.active).map((u) => u.id));
    const unknown = ids.filter((i) => !known.has(i));
    if (unknown.length) throw SnsErrors.userInvalid(unknown);
  }

  private step(
    actor: Actor,
    id: string,
    version: number,
    step: SnsAccountStep,
    run: (
      t: Tx,
      account: SnsAccount,
    ) => Promise<{ changes?: Partial<SnsAccount>; summary: Record<string, unknown> }>,
  ): Promise<SnsAccountResponse> {
    return this.tx.run(async (t) => {
      const account = await findAccount(t.manager, id);
      if (account.version !== version)
        throw new StaleVersionError('SNS_ACCOUNT', { currentVersion: account.version });
      const transition = SNS_ACCOUNT_TRANSITIONS[step];
      if (!canTakeAccountStep(step, account.status))
        throw SnsErrors.wrongState(account.status, transition.label);
      if (transition.managerOnly && !decidesFor(actor, account)) throw SnsErrors.notManager();
      const { changes, summary } = await run(t, account);
      const next: Partial<SnsAccount> = {
        ...changes,
        ...(transition.to ? { status: transition.to } : {}),
        version: account.version + 1,
        updatedAt: new Date(),
      };
      const result = await t.manager.update(
        SnsAccount,
        { id, version: account.version, status: account.status },
        next,
      );
      if (!result.affected) throw new StaleVersionError('SNS_ACCOUNT');
      await t.audit({
        actor,
        ...AUDIT_ACTIONS[step],
        entityType: 'sns_account',
        entityId: id,
        summary: { from: account.status, to: next.status ?? account.status, ...summary },
      });
      return this.respond(t.manager, { ...account, ...next }, true);
    });
  }

  async respond(manager: EntityManager, account: SnsAccount, detail: boolean): Promise<SnsAccountResponse> {
    const view = await accountViews(manager, this.catalogue, [account]);
    const base = view(account);
    if (!detail) return base;
    const [posts, incidents] = await Promise.all([
      manager.find(SnsPost, { where: { accountId: account.id }, order: { createdAt: 'DESC' }, take: 100 }),
      manager.find(SnsIncident, {
        where: { accountId: account.id },
        order: { createdAt: 'DESC' },
        take: 100,
      }),
    ]);
    return { ...base, posts: posts.map(postView), incidents: incidents.map(incidentView) };
  }
}

/** Suspending or closing states why; checked after the account is found (a missing one answers 404 first). */
function withReason(
  raw: string,
): Promise<{ changes: Partial<SnsAccount>; summary: Record<string, unknown> }> {
  if (!raw.trim()) throw SnsErrors.reasonRequired();
  return Promise.resolve({ changes: { statusReason: raw }, summary: { reason: raw } });
}

async function checkExternalService(manager: EntityManager, id: string | null | undefined): Promise<void> {
  if (!id) return;
  if (!(await manager.existsBy(ExternalService, { id }))) throw SnsErrors.externalServiceInvalid();
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
