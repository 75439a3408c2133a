import { In, type EntityManager } from 'typeorm';
import { IssuedDocument } from '../documents/issued-document.entity';
import { ExternalService } from '../external-services/external-service.entity';
import { User } from '../users/user.entity';
import type { SnsAccountResponse, SnsIncidentResponse, SnsPostResponse } from './dto/sns.dto';
import type { SnsAccount } from './sns-account.entity';
import type { SnsCategoryCatalogue } from './sns-categories';
import { SNS_POLICY_OWNER } from './sns-policy-record';
import type { SnsIncident } from './sns-incident.entity';
import type { SnsPost } from './sns-post.entity';

export function postView(p: SnsPost): SnsPostResponse {
  return {
    id: p.id,
    accountId: p.accountId,
    text: p.text,
    plannedAt: p.plannedAt?.toISOString() ?? null,
    informationClass: p.informationClass,
    status: p.status,
    draftedBy: p.draftedBy,
    decidedBy: p.decidedBy,
    decidedAt: p.decidedAt?.toISOString() ?? null,
    approvalKind: p.approvalKind,
    decisionComment: p.decisionComment,
    publishedUrl: p.publishedUrl,
    publishedAt: p.publishedAt?.toISOString() ?? null,
    changeReason: p.changeReason,
    changedAt: p.changedAt?.toISOString() ?? null,
    version: p.version,
    createdAt: p.createdAt.toISOString(),
  };
}

export function incidentView(i: SnsIncident): SnsIncidentResponse {
  return {
    id: i.id,
    accountId: i.accountId,
    kind: i.kind,
    detectedAt: i.detectedAt.toISOString(),
    summary: i.summary,
    impostorUrl: i.impostorUrl,
    reportedToPlatformOn: i.reportedToPlatformOn,
    residentsWarnedWhere: i.residentsWarnedWhere,
    credentialsReset: i.credentialsReset,
    sessionsRevoked: i.sessionsRevoked,
    postsChecked: i.postsChecked,
    timeline: i.timeline,
    reportedBy: i.reportedBy,
    createdAt: i.createdAt.toISOString(),
  };
}

/** Views of accounts: people by name, categories with their titles, the linked service and the 運用方針. */
export async function accountViews(
  manager: EntityManager,
  catalogue: SnsCategoryCatalogue,
  rows: SnsAccount[],
): Promise<(a: SnsAccount) => SnsAccountResponse> {
  const ids = [
    ...new Set(
      rows.flatMap((r) => [...(r.managerId ? [r.managerId] : []), ...r.posterIds, ...r.fastPathApproverIds]),
    ),
  ];
  const serviceIds = [...new Set(rows.flatMap((r) => (r.externalServiceId ? [r.externalServiceId] : [])))];
  const [users, services] = await Promise.all([
    ids.length ? manager.find(User, { select: { id: true, displayName: true }, where: { id: In(ids) } }) : [],
    serviceIds.length
      ? manager.find(ExternalService, { select: { id: true, name: true }, where: { id: In(serviceIds) } })
      : [],
  ]);
  const serviceName = new Map(services.map((s) => [s.id, s.name]));
  const policies = rows.length
    ? await manager.find(IssuedDocument, {
        select: { ownerId: true, documentNumber: true, issuedAt: true },
        where: { ownerType: SNS_POLICY_OWNER, ownerId: In(rows.map((r) => r.id)), kind: 'SNS_POLICY' },
      })
    : [];
  const policyOf = new Map(policies.map((d) => [d.ownerId, d]));
  const nameOf = new Map(users.map((u) => [u.id, u.displayName]));
  const person = (id: string) => ({ id, displayName: nameOf.get(id) ?? '' });
  const category = (code: string) => {
    const c = catalogue.byCode.get(code);
    return { code, kind: c?.kind ?? 'ALLOWED', title: c?.title ?? code, description: c?.description ?? '' };
  };
  return (a) => ({
    id: a.id,
    platform: a.platform,
    handle: a.handle,
    url: a.url,
    displayName: a.displayName,
    operatorName: a.operatorName,
    purpose: a.purpose,
    audience: a.audience,
    allowedCategories: a.allowedCategories.map(category),
    forbiddenCategories: a.forbiddenCategories.map(category),
    managerId: a.managerId,
    managerName: a.managerId ? (nameOf.get(a.managerId) ?? null) : null,
    posters: a.posterIds.map(person),
    fastPathApprovers: a.fastPathApproverIds.map(person),
    credentialCustodian: a.credentialCustodian,
    loginDevices: a.loginDevices,
    twoFactorEnabled: a.twoFactorEnabled,
    twoFactorMethod: a.twoFactorMethod,
    verified: a.verified,
    unverifiedReason: a.unverifiedReason,
    websiteListingUrl: a.websiteListingUrl,
    profileText: a.profileText,
    externalServiceId: a.externalServiceId,
    externalServiceName: a.externalServiceId ? (serviceName.get(a.externalServiceId) ?? null) : null,
    status: a.status,
    statusReason: a.statusReason,
    activatedAt: a.activatedAt?.toISOString() ?? null,
    policyDocument: policyOf.has(a.id)
      ? {
          documentNumber: policyOf.get(a.id)?.documentNumber ?? null,
          issuedAt: policyOf.get(a.id)?.issuedAt.toISOString() ?? '',
        }
      : null,
    version: a.version,
    createdAt: a.createdAt.toISOString(),
    updatedAt: a.updatedAt.toISOString(),
  });
}
