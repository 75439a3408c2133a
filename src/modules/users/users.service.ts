import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, IsNull, type EntityManager } from 'typeorm';
import type { Actor } from '../../common/auth/actor';
import { StaleVersionError } from '../../common/errors/domain-error';
import type { Page } from '../../common/pagination/cursor';
import { mapPage, pageByCreatedAt } from '../../common/pagination/keyset';
import { TransactionService } from '../../database/transaction.service';
import { hashPassword } from '../auth/password';
import { Session } from '../auth/session.entity';
import { SessionCache } from '../auth/session-cache';
import { Contractor } from '../contractors/contractor.entity';
import { toUserResponse, type UserResponse } from './dto/user.response';
import type { CreateUserRequest, ListUsersQuery, UpdateUserRequest } from './dto/user.requests';
import { User, type Role } from './user.entity';
import { UserErrors } from './users.errors';
import { insertRows } from '../../database/insert';

@Injectable()
export class UsersService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tx: TransactionService,
    private readonly sessions: SessionCache,
  ) {}

  async list(query: ListUsersQuery): Promise<Page<UserResponse>> {
    const qb = this.dataSource.manager.createQueryBuilder(User, 'u');
    if (query.role) qb.andWhere('u.role = :role', { role: query.role });
    if (query.contractorId) qb.andWhere('u.contractorId = :cid', { cid: query.contractorId });
    return mapPage(await pageByCreatedAt(qb, query, 'ASC'), toUserResponse);
  }

  async create(actor: Actor, input: CreateUserRequest): Promise<UserResponse> {
    const passwordHash = await hashPassword(input.password);
    return this.tx.run(async (t) => {
      await this.checkContractorBinding(t.manager, input.role, input.contractorId ?? null);
      if (await t.manager.existsBy(User, { email: input.email })) throw UserErrors.emailTaken();
      const now = new Date();
      const user = t.manager.create(User, {
        id: randomUUID(),
        email: input.email,
        displayName: input.displayName,
        passwordHash,
        role: input.role,
        contractorId: input.contractorId ?? null,
        active: true,
        failedLogins: 0,
        lockedUntil: null,
        lastLoginAt: null,
        version: 1,
        createdAt: now,
        updatedAt: now,
      });
      await insertRows(t.manager, User, user);
      await t.audit({
        actor,
        action: 'user.create',
        entityType: 'user',
        entityId: user.id,
        summary: {
          email: user.email,
          displayName: user.displayName,
          role: user.role,
          contractorId: user.contractorId,
        },
      });
      return toUserResponse(user);
    });
  }

  async update(actor: Actor, id: string, input: UpdateUserRequest): Promise<UserResponse> {
    const passwordHash = input.password === undefined ? undefined : await hashPassword(input.password);
    const updated = await this.tx.run(async (t) => {
      // The caller and the target, locked in id order (so two administrators acting on each other queue, and a
      // deadlock between them is retried), and read again: the caller must still be an active administrator.
      // With the self-lockout rule this keeps at least one active administrator, the caller, whatever runs at once.
      const locked = await lockUsers(t.manager, [id, actor.userId]);
      const caller = locked.get(actor.userId);
      if (!caller?.active || caller.role !== 'ADMIN') throw UserErrors.callerNoLongerAdmin();
      const user = locked.get(id);
      if (!user) throw UserErrors.notFound();
      if (user.version !== input.version)
        throw new StaleVersionError('USER', { currentVersion: user.version });
      const role = input.role ?? user.role;
      const contractorId =
        input.contractorId !== undefined
          ? input.contractorId
          : role === 'CONTRACTOR'
            ? user.contractorId
            : null;
      if (id === actor.userId && (input.active === false || role !== 'ADMIN')) throw UserErrors.selfLockout();
      await this.checkContractorBinding(t.manager, role, contractorId);

      const changes: Partial<User> = {};
      if (input.displayName !== undefined && input.displayName !== user.displayName)
        changes.displayName = input.displayName;
      if (role !== user.role) changes.role = role;
      if (contractorId !== user.contractorId) changes.contractorId = contractorId;
      if (input.active !== undefined && input.active !== user.active) changes.active = input.active;
      if (passwordHash !== undefined) changes.passwordHash = passwordHash;

      if (Object.keys(changes).length === 0) return toUserResponse(user);

      const now = new Date();
      const result = await t.manager.update(
        User,
        { id, version: input.version },
        { ...changes, version: user.version + 1, updatedAt: now },
      );
      if (!result.affected) throw new StaleVersionError('USER');
      // Whoever loses access, or gets different access, signs in again: deactivation ends sessions at once.
      const endSessions =
        changes.active === false ||
        changes.role !== undefined ||
        changes.contractorId !== undefined ||
        passwordHash !== undefined;
      if (endSessions) {
        await t.manager.update(Session, { userId: id, revokedAt: IsNull() }, { revokedAt: now });
      }
      const { passwordHash: _secret, ...visible } = changes;
      await t.audit({
        actor,
        action: changes.active === false ? 'user.deactivate' : 'user.update',
        entityType: 'user',
        entityId: id,
        summary: {
          ...visible,
          ...(passwordHash ? { passwordChanged: true } : {}),
          sessionsEnded: endSessions,
        },
      });
      return toUserResponse({ ...user, ...changes, version: user.version + 1, updatedAt: now });
    });
    // Committed: this process stops using the user's remembered sessions now (sessions ended, or a new role).
    this.sessions.forgetUser(id);
    return updated;
  }

  private async checkContractorBinding(
    manager: EntityManager,
    role: Role,
    contractorId: string | null,
  ): Promise<void> {
    if (role !== 'CONTRACTOR') {
      if (contractorId !== null) throw UserErrors.contractorNotAllowed();
      return;
    }
    if (contractorId === null) throw UserErrors.contractorRequired();
    const contractor = await manager.findOneBy(Contractor, { id: contractorId });
    if (!contractor || contractor.status === 'ARCHIVED') throw UserErrors.contractorUnavailable();
  }
}

/** Users by id, each row locked until the transaction ends (MySQL/MariaDB; SQLite runs one writer at a time). */
async function lockUsers(manager: EntityManager, ids: string[]): Promise<Map<string, User>> {
  const query = manager
    .createQueryBuilder(User, 'u')
    .where('u.id IN (:...ids)', { ids: [...new Set(ids)] })
    .orderBy('u.id', 'ASC');
  if (manager.connection.options.type !== 'better-sqlite3') query.setLock('pessimistic_write');
  return new Map((await query.getMany()).map((u) => [u.id, u]));
}
