// Response bodies as the tests read them: the API's own response types, plus the error shape with its details.
import type { FieldProblem } from '../../src/common/validation/validation.pipe';

export type { Page as PageBody } from '../../src/common/pagination/cursor';
export type { AuditEventResponse as AuditEventBody } from '../../src/modules/audit/dto/audit.dto';
export type {
  CertificationResponse as CertificationBody,
  ContractorResponse as ContractorBody,
} from '../../src/modules/contractors/dto/contractor.response';
export type { UserResponse as UserBody } from '../../src/modules/users/dto/user.response';

export interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  details?: { fields?: FieldProblem[]; currentVersion?: number };
  requestId: string;
}
