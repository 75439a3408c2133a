import { In, type EntityManager } from 'typeorm';
import { ConflictError, RuleViolation } from '../../common/errors/domain-error';
import type { CitedService } from '../clauses/catalogue';
import type { Contract } from '../contracts/contract.entity';
import { ContractExternalService, ExternalService } from './external-service.entity';

/** Statuses a service may be named from: a service rejected or whose use has ended cannot be. */
const NAMEABLE = ['DRAFT', 'APPLIED', 'APPROVED', 'SUSPENDED'] as const;

export const ContractServiceErrors = {
  notDraft: () =>
    new ConflictError(
      'CONTRACT.EXTERNAL_SERVICES_LOCKED',
      '利用する外部サービスは、契約が下書きの間に限り指定できます。',
    ),
  notCloud: () =>
    new RuleViolation(
      'CONTRACT.NOT_CLOUD',
      'クラウドサービスを利用しない契約には、外部サービスを指定できません。',
    ),
  unknown: (serviceIds: string[]) =>
    new RuleViolation(
      'CONTRACT.EXTERNAL_SERVICE_UNKNOWN',
      '指定された外部サービスは、外部サービスの台帳に登録されていないか、利用を終了し、又は不承認とされたものです。',
      { serviceIds },
    ),
  notApproved: (services: { id: string; name: string; status: string }[]) =>
    new RuleViolation(
      'CONTRACT.EXTERNAL_SERVICE_NOT_APPROVED',
      `この契約で利用する外部サービスのうち、利用が承認されていないもの（${services
        .map((s) => `「${s.name}」`)
        .join('、')}）があるため、契約を確定できません。`,
      { services },
    ),
};

/** The services a contract names, in the order given. */
export async function namedServices(manager: EntityManager, contractId: string): Promise<ExternalService[]> {
  const links = await manager.find(ContractExternalService, {
    where: { contractId },
    order: { position: 'ASC' },
  });
  if (links.length === 0) return [];
  const services = await manager.find(ExternalService, {
    where: { id: In(links.map((l) => l.externalServiceId)) },
  });
  const byId = new Map(services.map((s) => [s.id, s]));
  return links.flatMap((l) => {
    const s = byId.get(l.externalServiceId);
    return s ? [s] : [];
  });
}

/** The services as the cloud clause cites them (for `contractFacts`). */
export async function citedServices(manager: EntityManager, contract: Contract): Promise<CitedService[]> {
  if (!contract.usesCloud) return [];
  return (await namedServices(manager, contract.id)).map((s) => ({
    name: s.name,
    providerName: s.providerName,
  }));
}

/** Contract approval: every service the contract names must be APPROVED (Article 6(6)(イ)). */
export async function assertNamedServicesApproved(manager: EntityManager, contract: Contract): Promise<void> {
  const pending = (await namedServices(manager, contract.id)).filter((s) => s.status !== 'APPROVED');
  if (pending.length)
    throw ContractServiceErrors.notApproved(
      pending.map((s) => ({ id: s.id, name: s.name, status: s.status })),
    );
}

/** Checks the services to name: each registered and still nameable. */
export async function checkNameable(manager: EntityManager, serviceIds: string[]): Promise<void> {
  const found = serviceIds.length
    ? await manager.find(ExternalService, {
        select: { id: true, status: true },
        where: { id: In(serviceIds) },
      })
    : [];
  const ok = new Set(
    found.filter((s) => (NAMEABLE as readonly string[]).includes(s.status)).map((s) => s.id),
  );
  const bad = serviceIds.filter((id) => !ok.has(id));
  if (bad.length) throw ContractServiceErrors.unknown(bad);
}
