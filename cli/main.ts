import { isMainThread } from 'worker_threads';
import { runCheck } from './check';
import { runShardWorker } from './shard';

// The same script runs the command and, in worker threads, the shards of a large check.
if (isMainThread) runCommand();
else runShardWorker();

function runCommand(): void {
  runCheck(
    process.argv.slice(2),
    (text) => process.stdout.write(text),
    (text) => process.stderr.write(text),
  ).then(
    (status) => {
      process.exitCode = status;
    },
    (error) => {
      process.stderr.write(`handbook-check: unexpected error: ${error instanceof Error ? error.stack : String(error)}\n`);
      process.exitCode = 2;
    },
  );
}
