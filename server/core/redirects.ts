import { readLinkTarget } from './linkTarget';
import { normalizeUrlPath } from './sitePath';

/** A redirect or rewrite rule of the site's host (Netlify's `netlify.toml` or `_redirects`), as written. */
export interface RedirectRule {
  /** The path it matches: `/old`, `/news/:year/:slug`, `/plugins/*`. */
  from: string;
  /** Where it sends: a path or URL, with `:splat` and `:placeholder`s filled in, maybe an anchor. */
  to: string;
  /** 301 unless written; 200 is a rewrite (the destination's content served at the source). */
  status: number;
  /** Applies even where a page exists at the source (`force = true`, `301!`). */
  force: boolean;
  /** Where it is written: `netlify.toml:12`. */
  origin: string;
}

/** One step a rule takes a URL. */
export interface RedirectHop {
  from: string;
  to: string;
  rule: RedirectRule;
}

/** Where a site URL leads once the host's rules have run. */
export type Landing =
  /** No rule applies: the URL is served (or not) as it is. */
  | { kind: 'direct' }
  /**
   * Rules take it to `path` (anchor `anchor`, when the last rule names one); `rewritten` when
   * every hop was a rewrite, so the browser stays at the link's URL.
   */
  | { kind: 'redirected'; hops: RedirectHop[]; path: string; anchor?: string; rewritten: boolean }
  /** A rule sends it to another site: not judged. */
  | { kind: 'external'; hops: RedirectHop[] }
  /** The rules send it round in a circle, or on for more than MAX_HOPS. */
  | { kind: 'loop'; hops: RedirectHop[] };

/** Redirects a browser follows before it gives up. */
export const MAX_HOPS = 10;

interface CompiledRule {
  rule: RedirectRule;
  order: number;
  segments: string[];
  splat: boolean;
}

/**
 * The host's rules, as Netlify applies them: the first rule that matches wins; a rule whose
 * source is a page that exists applies only when forced. Paths are matched case-sensitively,
 * trailing slash ignored; `:name` matches one segment and `*`, at the end, the rest.
 */
export class Redirects {
  /** Rules by their first segment, and those whose first segment matches any: a URL tries only its own. */
  private readonly byFirstSegment = new Map<string, CompiledRule[]>();
  private readonly anyFirstSegment: CompiledRule[] = [];
  readonly size: number;

  constructor(
    rules: RedirectRule[],
    private readonly siteUrl: string,
  ) {
    // Only redirects (3xx) and rewrites (200) take a link anywhere; a 404 rule serves a not-found page.
    const applying = rules.filter((rule) => rule.status === 200 || (rule.status >= 300 && rule.status < 400));
    this.size = applying.length;
    applying.forEach((rule, order) => {
      const path = normalizeUrlPath(rule.from.trim());
      const segments = path.split('/').filter((segment) => segment !== '');
      const splat = segments[segments.length - 1] === '*';
      if (splat) segments.pop();
      const compiled = { rule, order, segments, splat };
      const first = segments[0];
      if (first === undefined || first.startsWith(':')) this.anyFirstSegment.push(compiled);
      else this.byFirstSegment.set(first, [...(this.byFirstSegment.get(first) ?? []), compiled]);
    });
  }

  /**
   * Where a site URL path lands. `exists` says whether the site serves a URL by itself (a
   * page or a route), which keeps a rule that is not forced from applying there.
   */
  follow(path: string, exists: (path: string) => boolean): Landing {
    if (this.size === 0) return { kind: 'direct' };
    const hops: RedirectHop[] = [];
    const seen = new Set([path]);
    let current = path;
    let anchor: string | undefined;
    for (;;) {
      const step = this.firstApplying(current, exists(current));
      if (!step) break;
      const target = readLinkTarget(step.to, current, this.siteUrl);
      hops.push({ from: current, to: step.to, rule: step.rule });
      if (target.kind !== 'site') return { kind: 'external', hops };
      if (target.anchor) anchor = target.anchor;
      if (seen.has(target.path) || hops.length > MAX_HOPS) return { kind: 'loop', hops };
      seen.add(target.path);
      current = target.path;
    }
    if (hops.length === 0) return { kind: 'direct' };
    return { kind: 'redirected', hops, path: current, anchor, rewritten: hops.every((hop) => hop.rule.status === 200) };
  }

  /** The first rule that applies to a path, with its destination filled in. */
  private firstApplying(path: string, pageExists: boolean): { rule: RedirectRule; to: string } | undefined {
    const segments = path.split('/').filter((segment) => segment !== '');
    const candidates = mergeByOrder(this.byFirstSegment.get(segments[0] ?? '') ?? [], this.anyFirstSegment);
    for (const compiled of candidates) {
      if (pageExists && !compiled.rule.force) continue;
      const to = destinationFor(compiled, segments);
      if (to !== undefined) return { rule: compiled.rule, to };
    }
    return undefined;
  }
}

/** The rule's destination for these path segments, or undefined when it does not match them. */
function destinationFor(compiled: CompiledRule, segments: string[]): string | undefined {
  const { segments: pattern, splat } = compiled;
  if (splat ? segments.length < pattern.length : segments.length !== pattern.length) return undefined;
  const values = new Map<string, string>();
  for (let i = 0; i < pattern.length; i++) {
    if (pattern[i].startsWith(':')) values.set(pattern[i].slice(1), segments[i]);
    else if (pattern[i] !== segments[i]) return undefined;
  }
  if (splat) values.set('splat', segments.slice(pattern.length).join('/'));
  return compiled.rule.to.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, (written, name: string) => values.get(name) ?? written);
}

function mergeByOrder(a: CompiledRule[], b: CompiledRule[]): CompiledRule[] {
  if (b.length === 0) return a;
  if (a.length === 0) return b;
  return [...a, ...b].sort((x, y) => x.order - y.order);
}
