import { AssessmentItem } from '../modules/assessments/assessment-item.entity';
import { Assessment } from '../modules/assessments/assessment.entity';
import { OpenFinding, OpenFindingCount } from '../modules/assessments/open-finding.entity';
import { AuditCheckpoint } from '../modules/audit/audit-checkpoint.entity';
import { ContractCloseOut } from '../modules/close-out/close-out.entity';
import { AuditChainHead, AuditEvent } from '../modules/audit/audit-event.entity';
import { LoginThrottle } from '../modules/auth/login-throttle.entity';
import { Session } from '../modules/auth/session.entity';
import { ContractClause } from '../modules/contracts/contract-clause.entity';
import { ContractRoster } from '../modules/contracts/contract-roster.entity';
import { ContractWorker } from '../modules/contracts/contract-worker.entity';
import { Contract } from '../modules/contracts/contract.entity';
import { Subcontract } from '../modules/contracts/subcontract.entity';
import { Certification } from '../modules/contractors/certification.entity';
import { Contractor } from '../modules/contractors/contractor.entity';
import { ImprovementOrderEvent } from '../modules/improvement-orders/improvement-order-event.entity';
import { ImprovementOrderFinding } from '../modules/improvement-orders/improvement-order-finding.entity';
import { ImprovementOrder } from '../modules/improvement-orders/improvement-order.entity';
import { OrderNumberCounter } from '../modules/improvement-orders/order-counter.entity';
import { Notification } from '../modules/notifications/notification.entity';
import { InspectionItem } from '../modules/inspections/inspection-item.entity';
import { Inspection } from '../modules/inspections/inspection.entity';
import { ImprovementOrderNonconformity } from '../modules/inspections/order-nonconformity.entity';
import {
  ContractExternalService,
  ExternalService,
} from '../modules/external-services/external-service.entity';
import { Evidence } from '../modules/evidence/evidence.entity';
import { ContractorSelection } from '../modules/selection/contractor-selection.entity';
import { IncidentCommissionReport } from '../modules/incidents/incident-commission-report.entity';
import { SnsAccount } from '../modules/sns/sns-account.entity';
import { SnsIncident } from '../modules/sns/sns-incident.entity';
import { SnsPost } from '../modules/sns/sns-post.entity';
import { Incident } from '../modules/incidents/incident.entity';
import { DocumentNumberCounter, IssuedDocument } from '../modules/documents/issued-document.entity';
import { IssuerSettings } from '../modules/settings/issuer-settings.entity';
import { User } from '../modules/users/user.entity';

/** Every entity, listed once: the app, the migration CLI and the tests all take them from here. */
export const ENTITIES = [
  User,
  Session,
  LoginThrottle,
  Contractor,
  Certification,
  AuditEvent,
  AuditChainHead,
  AuditCheckpoint,
  Contract,
  ContractClause,
  Subcontract,
  ContractWorker,
  ContractRoster,
  ContractorSelection,
  ContractCloseOut,
  Assessment,
  AssessmentItem,
  Evidence,
  ImprovementOrder,
  ImprovementOrderFinding,
  ImprovementOrderEvent,
  OrderNumberCounter,
  Inspection,
  InspectionItem,
  ImprovementOrderNonconformity,
  IssuerSettings,
  IssuedDocument,
  DocumentNumberCounter,
  OpenFinding,
  OpenFindingCount,
  Notification,
  Incident,
  IncidentCommissionReport,
  SnsAccount,
  SnsPost,
  SnsIncident,
  ExternalService,
  ContractExternalService,
];
