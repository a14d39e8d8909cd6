/** How a command runs as a process: its output, its exit status, and a write that fails. */
export function runAsCommand(name: string, run: (argv: string[], out: (text: string) => void, err: (text: string) => void) => Promise<number>): void {
  // Output into a pipe closed early (`| head -1`) ends the command quietly, with the status of
  // what it found; any other failure to write (a full disk) is one line and status 2.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    try {
      process.stderr.write(`${name}: cannot write the output: ${error.message}\n`);
    } finally {
      process.exit(2);
    }
  });

  run(
    process.argv.slice(2),
    (text) => process.stdout.write(text),
    (text) => process.stderr.write(text),
  ).then(
    (status) => {
      process.exitCode = status;
    },
    (error) => {
      process.stderr.write(`${name}: unexpected error: ${error instanceof Error ? error.stack : String(error)}\n`);
      process.exitCode = 2;
    },
  );
}

/**
 * Arguments as the commands read them: `--name=value` as `--name value`, and everything after
 * `--` as paths (so a file named `--fix` can be checked), marked by a leading `--` entry.
 */
export function normalizeArguments(argv: string[]): string[] {
  const result: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const argument = argv[i];
    if (argument === '--') return [...result, '--', ...argv.slice(i + 1)];
    const equals = argument.indexOf('=');
    if (argument.startsWith('--') && equals > 2) result.push(argument.slice(0, equals), argument.slice(equals + 1));
    else result.push(argument);
  }
  return result;
}
