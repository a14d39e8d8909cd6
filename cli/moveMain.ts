import { runAsCommand } from './command';
import { runMove } from './move';

runAsCommand('handbook-move', runMove);
