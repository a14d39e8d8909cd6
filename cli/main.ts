import { runCheck } from './check';

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
