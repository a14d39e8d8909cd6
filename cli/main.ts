import { runCheck } from './check';

// Output into a pipe closed early (`| head -1`) ends the command quietly, with the status of
// what it found; any other failure to write (a full disk) is one line and status 2.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  try {
    process.stderr.write(`handbook-check: cannot write the output: ${error.message}\n`);
  } finally {
    process.exit(2);
  }
});

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
