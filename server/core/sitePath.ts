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
