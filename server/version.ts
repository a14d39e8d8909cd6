import { version } from '../package.json';

/** The package's version, for `--version` and the server's `serverInfo`. */
export const VERSION: string = version;
