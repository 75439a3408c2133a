import { todayInJapan } from '../../src/common/clock';
import { LeaseService } from '../../src/database/lease.service';
import { AssessmentJobsService } from '../../src/modules/assessments/assessment-jobs.service';
import { AuditCheckpointsService } from '../../src/modules/audit/audit-checkpoints.service';
import { OrderOverdueService } from '../../src/modules/improvement-orders/order-overdue.service';
import { RemindersService } from '../../src/modules/notifications/reminders.service';
import { startTestApp, type TestContext } from '../utils/test-app';

// The scheduled jobs run once a day across instances (issue 20): every instance's timer fires, a lease row lets
// the first one run the day's job and records the day. Two timers firing together in one app stand for two
// instances (each acquisition has its own holder); the cluster suite runs two real instances on Galera.
describe('scheduled jobs: once a day across instances', () => {
  let ctx: TestContext;

  beforeAll(async () => {
    ctx = await startTestApp({ JOBS_ENABLED: 'true' });
  });
  afterAll(async () => {
    await ctx?.close();
  });

  const auditCount = async (action: string): Promise<number> =>
    Number(
      (
        await ctx.dataSource.query<{ n: number | string }[]>(
          'SELECT COUNT(*) AS n FROM audit_event WHERE action = ?',
          [action],
        )
      )[0].n,
    );

  it('should run a day’s job once when two timers fire together, and not again that day', async () => {
    const leases = ctx.app.get(LeaseService);
    let runs = 0;
    const work = async (): Promise<void> => {
      runs++;
      await new Promise((resolve) => setTimeout(resolve, 100));
    };
    const ran = await Promise.all([
      leases.daily('test-job', '2026-12-06', work),
      leases.daily('test-job', '2026-12-06', work),
    ]);
    expect(ran.filter(Boolean)).toHaveLength(1);
    expect(runs).toBe(1);
    expect(await leases.daily('test-job', '2026-12-06', work)).toBe(false);
    expect(await leases.daily('test-job', '2026-12-07', work)).toBe(true);
    expect(runs).toBe(2);
  });

  it('should record each real job’s day once, with one reminders run and one checkpoint', async () => {
    const jobs = [
      ctx.app.get(AssessmentJobsService),
      ctx.app.get(RemindersService),
      ctx.app.get(OrderOverdueService),
      ctx.app.get(AuditCheckpointsService),
    ];
    await Promise.all(jobs.flatMap((job) => [job.daily(), job.daily()]));
    await Promise.all(jobs.map((job) => job.daily()));
    const rows = await ctx.dataSource.query<{ name: string; last_done: string }[]>(
      "SELECT name, last_done FROM job_lease WHERE name LIKE 'job:%' ORDER BY name",
    );
    const today = todayInJapan();
    expect(rows.filter((r) => r.name !== 'job:test-job')).toEqual([
      { name: 'job:assessment-generation', last_done: today },
      { name: 'job:audit-checkpoint', last_done: today },
      { name: 'job:notification-reminders', last_done: today },
      { name: 'job:order-overdue', last_done: today },
    ]);
    expect(await auditCount('notification.reminders')).toBe(1);
    expect(await auditCount('audit.checkpoint')).toBe(1);
  });
});
