// npm run bench: every benchmark, each figure printed beside its baseline measured in the same run.
import { runAssessmentBench } from './assessments/assessments.bench';
import { runContractBench } from './contracts/contracts.bench';
import { runDocumentBench } from './documents/documents.bench';

async function main(): Promise<void> {
  console.log(`itaku-guard benchmarks — node ${process.version}, ${new Date().toISOString()}`);
  await runDocumentBench();
  await runContractBench();
  await runAssessmentBench();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
