import { Platform1795780000000 } from './1795780000000-Platform';
import { Contracts1795790000000 } from './1795790000000-Contracts';
import { Assessments1795800000000 } from './1795800000000-Assessments';
import { ImprovementOrders1795810000000 } from './1795810000000-ImprovementOrders';
import { AssessmentItemAnswerIndex1795820000000 } from './1795820000000-AssessmentItemAnswerIndex';
import { FindingIndex1795830000000 } from './1795830000000-FindingIndex';
import { OpenFinding1795840000000 } from './1795840000000-OpenFinding';
import { LatestAssessmentIndex1795850000000 } from './1795850000000-LatestAssessmentIndex';
import { ExactChain1795860000000 } from './1795860000000-ExactChain';
import { IssuerSettings1795870000000 } from './1795870000000-IssuerSettings';
import { IssuedDocuments1795880000000 } from './1795880000000-IssuedDocuments';
import { ContractContentSha2561795890000000 } from './1795890000000-ContractContentSha256';
import { SubcontractRequest1795900000000 } from './1795900000000-SubcontractRequest';
import { WorkerRoster1795910000000 } from './1795910000000-WorkerRoster';
import { OfficialNotice1795920000000 } from './1795920000000-OfficialNotice';
import { OneOrderPerFinding1795930000000 } from './1795930000000-OneOrderPerFinding';
import { AuditCheckpoints1795940000000 } from './1795940000000-AuditCheckpoints';
import { ContractorSelection1795950000000 } from './1795950000000-ContractorSelection';
import { Incidents1795960000000 } from './1795960000000-Incidents';
import { OrderSource1795970000000 } from './1795970000000-OrderSource';
import { Inspections1795971000000 } from './1795971000000-Inspections';
import { CloseOut1795980000000 } from './1795980000000-CloseOut';
import { ExternalServices1796000000000 } from './1796000000000-ExternalServices';
import { SnsAccounts1796010000000 } from './1796010000000-SnsAccounts';
import { StoredBlobs1796100000000 } from './1796100000000-StoredBlobs';
import { JobLease1796110000000 } from './1796110000000-JobLease';
import { AuditKeyId1796112000000 } from './1796112000000-AuditKeyId';
import { DashboardCoveringIndexes1796125000000 } from './1796125000000-DashboardCoveringIndexes';
import { OpenFindingCount1796126000000 } from './1796126000000-OpenFindingCount';
import { AuditCheckpointKeyId1796130000000 } from './1796130000000-AuditCheckpointKeyId';

/** Applied in this order at start-up. */
export const MIGRATIONS = [
  Platform1795780000000,
  Contracts1795790000000,
  Assessments1795800000000,
  ImprovementOrders1795810000000,
  AssessmentItemAnswerIndex1795820000000,
  FindingIndex1795830000000,
  OpenFinding1795840000000,
  LatestAssessmentIndex1795850000000,
  ExactChain1795860000000,
  IssuerSettings1795870000000,
  IssuedDocuments1795880000000,
  ContractContentSha2561795890000000,
  SubcontractRequest1795900000000,
  WorkerRoster1795910000000,
  OfficialNotice1795920000000,
  OneOrderPerFinding1795930000000,
  AuditCheckpoints1795940000000,
  ContractorSelection1795950000000,
  Incidents1795960000000,
  OrderSource1795970000000,
  Inspections1795971000000,
  CloseOut1795980000000,
  ExternalServices1796000000000,
  SnsAccounts1796010000000,
  StoredBlobs1796100000000,
  JobLease1796110000000,
  AuditKeyId1796112000000,
  DashboardCoveringIndexes1796125000000,
  OpenFindingCount1796126000000,
  AuditCheckpointKeyId1796130000000,
];
