import type { SnsIncidentResponse, SnsPostResponse } from './dto/sns.dto';
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
