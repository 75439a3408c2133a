import type { EntityManager } from 'typeorm';

/**
 * One message to some users, before it is stored: `notify` turns it into one notification row per active user,
 * keyed `${dedupeKey}:${userId}`, so the same planned message is stored (and e-mailed) once per user however
 * often it is planned.
 */
export interface PlannedNotification {
  userIds: string[];
  /** Short machine name shown to clients for filtering and icons, e.g. `assessment-due` (40 characters). */
  kind: string;
  /** Plain text, at most 200 characters (longer subjects are cut). */
  subject: string;
  /** Plain text; the e-mail adds the app link and a footer. */
  body: string;
  /** An app path such as `/assessments/<id>`; the e-mail puts APP_URL in front of it. */
  link?: string;
  /** Identifies the occasion, e.g. `assessment-due:<id>:3`; at most 150 characters. */
  dedupeKey: string;
}

/**
 * A kind of daily reminder. `collect` reads what is due on `today` (Japan time, YYYY-MM-DD) inside the
 * reminder run's transaction and answers the notifications to create; it writes nothing itself. Planning the
 * same reminder again on a later day is harmless (the dedupe key keeps it to one), which is what lets a source
 * catch up on a day the job did not run.
 */
export interface ReminderSource {
  /** Names the source in the run's answer and audit summary, e.g. `assessments`. */
  readonly name: string;
  collect(manager: EntityManager, today: string): Promise<PlannedNotification[]>;
}
