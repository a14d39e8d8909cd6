import { runCheck } from './check';
import { runAsCommand } from './command';

runAsCommand('handbook-check', runCheck);
