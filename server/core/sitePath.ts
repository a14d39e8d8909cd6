/**
 * Puts a decoded URL path in the form pages are keyed by: `.` and `..` segments applied as a
 * browser would (never above the root), a trailing slash dropped.
 */
export function normalizeUrlPath(path: string): string {
  // Most paths are already in form: no dot segments, no trailing slash.
  if (path.length > 1 && path.charCodeAt(0) === 47 && !path.endsWith('/') && !path.includes('/.')) return path;
  const segments: string[] = [];
  for (const segment of path.split('/').slice(1)) {
    if (segment === '.') continue;
    if (segment === '..') {
      segments.pop();
      continue;
    }
    segments.push(segment);
  }
  while (segments.length > 0 && segments[segments.length - 1] === '') segments.pop();
  return '/' + segments.join('/');
}

/** The first segment of a URL path (`handbook` for `/handbook/company/values`). */
export function firstSegment(urlPath: string): string {
  const slash = urlPath.indexOf('/', 1);
  return slash === -1 ? urlPath.slice(1) : urlPath.slice(1, slash);
}

/** The URL of the folder a URL sits in: `/a/b` for `/a/b/c`, `/` for `/a`. */
export function parentUrl(urlPath: string): string {
  const slash = urlPath.lastIndexOf('/');
  return slash <= 0 ? '/' : urlPath.slice(0, slash);
}

/** Percent-decodes, leaving a malformed escape as it was written rather than failing. */
export function safeDecode(text: string): string {
  if (!text.includes('%')) return text;
  try {
    return decodeURIComponent(text);
  } catch {
    return text.replace(/%[0-9A-Fa-f]{2}/g, (escape) => {
      try {
        return decodeURIComponent(escape);
      } catch {
        return escape;
      }
    });
  }
}

/** The relative URL a browser at `base` resolves to `target`: `../people/leave` from `/handbook/company/values`. */
export function relativeUrl(base: string, target: string): string {
  const from = base.slice(0, base.lastIndexOf('/') + 1).split('/').filter((segment) => segment !== '');
  const to = target.split('/').filter((segment) => segment !== '');
  let shared = 0;
  while (shared < from.length && shared < to.length && from[shared] === to[shared]) shared++;
  const up = from.length - shared;
  const rest = to.slice(shared).join('/');
  if (up === 0) return rest === '' ? './' : rest;
  return '../'.repeat(up) + rest;
}

/** The path from one content file's folder to another file, as a link between them is written. */
export function relativeFile(fromPath: string, toPath: string): string {
  const from = fromPath.split('/').slice(0, -1);
  const to = toPath.split('/');
  let shared = 0;
  while (shared < from.length && shared < to.length - 1 && from[shared] === to[shared]) shared++;
  const up = from.length - shared;
  const rest = to.slice(shared).join('/');
  return up === 0 ? rest : '../'.repeat(up) + rest;
}
