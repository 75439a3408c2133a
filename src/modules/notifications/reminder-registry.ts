import { Injectable } from '@nestjs/common';
import type { ReminderSource } from './notification.types';
import { BUILT_IN_REMINDER_SOURCES } from './reminder-sources';

/**
 * The kinds of daily reminder. Self-assessments, certifications and contracts are built in; another module
 * adds its own by importing NotificationsModule and registering a source once, e.g. from `onModuleInit`:
 * `registry.register({ name: 'improvement-orders', collect: (manager, today) => … })`.
 */
@Injectable()
export class ReminderRegistry {
  private readonly sources: ReminderSource[] = [];

  constructor() {
    for (const source of BUILT_IN_REMINDER_SOURCES) this.register(source);
  }

  register(source: ReminderSource): void {
    if (this.sources.some((s) => s.name === source.name)) {
      throw new Error(`reminder source "${source.name}" is registered twice`);
    }
    this.sources.push(source);
  }

  all(): readonly ReminderSource[] {
    return this.sources;
  }
}
