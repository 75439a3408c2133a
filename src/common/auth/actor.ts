import type { Role } from '../../modules/users/user.entity';

/** Who is calling, as services see it: every service method takes one. */
export interface Actor {
  userId: string;
  role: Role;
  /** Set for CONTRACTOR users: the only company whose rows they may reach. */
  contractorId: string | null;
  sessionId: string;
  requestId: string;
  ip: string;
}

/** For audit rows written without a signed-in user (failed sign-ins, the scheduler). */
export interface RequestOrigin {
  requestId: string | null;
  ip: string | null;
}
