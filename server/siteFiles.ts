import { existsSync, readFileSync, statSync } from 'fs';
import * as path from 'path';

/** The handbook this product ships: the values page and the routes its links rely on. */
export const BUNDLED_CONTENT = path.resolve(__dirname, '..', 'content');
export const BUNDLED_ROUTES = path.join(BUNDLED_CONTENT, 'routes.txt');

/**
 * The content folder of a site: the configured one, else `contents/`, then `content/` at
 * the site root. Undefined when there is none (a folder with no handbook).
 */
export function findContentRoot(siteRoot: string | undefined, configured: string | undefined): string | undefined {
  if (configured && configured.trim() !== '') {
    return path.resolve(siteRoot ?? process.cwd(), configured.trim());
  }
  if (!siteRoot) return undefined;
  for (const name of ['contents', 'content']) {
    const candidate = path.join(siteRoot, name);
    if (isFolder(candidate)) return candidate;
  }
  return undefined;
}

/** Reads a routes file: one URL path a line; blank lines and `#` comments are skipped. */
export function readRoutesFile(file: string): string[] {
  return parseRoutes(readFileSync(file, 'utf8'));
}

function parseRoutes(text: string): string[] {
  return text
    .split(/\r\n|\r|\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => (line.startsWith('/') ? line : '/' + line));
}

/** The bundled routes, or none if the bundle lacks its list. */
export function bundledRoutes(): string[] {
  return existsSync(BUNDLED_ROUTES) ? readRoutesFile(BUNDLED_ROUTES) : [];
}

function isFolder(candidate: string): boolean {
  try {
    return statSync(candidate).isDirectory();
  } catch {
    return false;
  }
}
