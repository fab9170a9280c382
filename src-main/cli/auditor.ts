/** Entry point of the `auditor` bundle (bin/auditor.js loads it). */
import { runCli } from './main';
import { restartWithFixedMallocThreshold } from './mallocThreshold';

restartWithFixedMallocThreshold();

runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr }).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`auditor: ${(error as Error).message}\n`);
    process.exitCode = 1;
  },
);
