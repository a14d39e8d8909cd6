import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server';

// handbook-ls: the language server, for VS Code and any editor that speaks LSP.
if (process.argv.includes('--help') || process.argv.length <= 2) {
  process.stdout.write('Usage: handbook-ls --stdio\n  Starts the handbook language server on standard input and output.\n');
  process.exit(process.argv.includes('--help') ? 0 : 2);
}

const connection = createConnection(ProposedFeatures.all);
// One failing page must never take the server down: log and keep serving.
process.on('uncaughtException', (error) => connection.console.error(`Unexpected error: ${error.stack ?? error}`));
process.on('unhandledRejection', (reason) => connection.console.error(`Unexpected rejection: ${String(reason)}`));
startServer(connection);
