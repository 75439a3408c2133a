// npm run bench: every benchmark, each figure printed beside its baseline measured in the same run.
import { runAssessmentBench } from './assessments/assessments.bench';
import { runAuditVerifyBench } from './audit/audit-verify.bench';
import { runContractBench } from './contracts/contracts.bench';
import { runDocumentBench } from './documents/documents.bench';
import { runNationalBench } from './national/national.bench';
import { runStorageBench } from './storage/storage.bench';

async function main(): Promise<void> {
  console.log(`itaku-guard benchmarks — node ${process.version}, ${new Date().toISOString()}`);
  await runDocumentBench();
  // STORAGE=folder beside STORAGE=database (on MariaDB/MySQL too when BENCH_DATABASE_URL is set).
  await runStorageBench();
  await runContractBench();
  await runAssessmentBench();
  // 100,000 audit events; 1,000,000 at national scale (÷ NATIONAL_BENCH_DIVISOR).
  await runAuditVerifyBench();
  console.log('a plain MariaDB node against a three-node Galera cluster (issue 20): npm run bench:cluster');
  if (process.env.BENCH_SCALE === 'national') await runNationalBench();
  else
    console.log(
      'national scale (issue 7): BENCH_SCALE=national [BENCH_DATABASE_URL=mariadb://…] npm run bench',
    );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
