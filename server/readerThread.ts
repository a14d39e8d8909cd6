/**
 * The body of the reader thread that `handbook-check` and `handbook-ls` read pages ahead in (see `PageReader`): it waits for its plan, then
 * reads the plan's pages ahead of the parser. Bundled on its own (dist/reader.js), so that it
 * loads nothing else. Once every page is sent, nothing keeps the thread alive, so it ends.
 */
import { parentPort } from 'worker_threads';
import { readAll, type ReaderPlan } from './pageReader';

const port = parentPort;
port?.once('message', (plan: ReaderPlan) => void readAll(plan, (batch) => port.postMessage(batch)));
