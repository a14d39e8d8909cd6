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
  /** The lines it is written on (1-based), and the column after its last line's end, to report a finding on the rule itself. */
  place?: { file: string; line: number; endLine: number; endColumn: number };
  /**
   * How `from` is written: Netlify's (`:name` one segment, `*` at the end the rest, `:splat`
   * in `to`), or path-to-regexp's, as Vercel reads it (`:name`, `:name*`, `:name+`,
   * `:name?`, `:name(regex)`, bare `(regex)` groups, `$1` in `to`). Netlify's unless given.
   */
  syntax?: 'netlify' | 'path-to-regexp';
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

export interface CompiledRule {
  rule: RedirectRule;
  order: number;
  /** The source as matched: normalized, no trailing slash. */
  source: string;
  /** Matches a path without its trailing slash; its groups fill in `to`. */
  pattern: RegExp;
}

/**
 * The host's rules in the order it applies them: the first rule that matches wins; a rule
 * whose source is a page that exists applies only when forced (Netlify's `force`; every
 * Vercel redirect, which runs before pages, where its rewrites run after). Paths are matched
 * case-sensitively, trailing slash ignored.
 */
export class Redirects {
  /** Rules by their first segment, and those whose first segment matches any: a URL tries only its own. */
  private readonly byFirstSegment = new Map<string, CompiledRule[]>();
  private readonly anyFirstSegment: CompiledRule[] = [];
  /** Every rule that applies (3xx and 200), in the host's order. */
  readonly ordered: readonly CompiledRule[];
  readonly size: number;

  constructor(
    rules: RedirectRule[],
    private readonly siteUrl: string,
  ) {
    // Only redirects (3xx) and rewrites (200) take a link anywhere; a 404 rule serves a not-found page.
    const applying = rules.filter((rule) => rule.status === 200 || (rule.status >= 300 && rule.status < 400));
    this.size = applying.length;
    const ordered: CompiledRule[] = [];
    this.ordered = ordered;
    applying.forEach((rule, order) => {
      const source = normalizeUrlPath(rule.from.trim()).replace(/(.)\/$/, '$1');
      const compiled = { rule, order, source, pattern: compilePattern(source, rule.syntax ?? 'netlify') };
      ordered.push(compiled);
      const first = /^\/([^/:*()?+]+)(?=\/|$)/.exec(source)?.[1];
      if (first === undefined) {
        this.anyFirstSegment.push(compiled);
        return;
      }
      const bucket = this.byFirstSegment.get(first);
      if (bucket) bucket.push(compiled);
      else this.byFirstSegment.set(first, [compiled]);
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
    const bare = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
    const first = bare.split('/')[1] ?? '';
    const candidates = mergeByOrder(this.byFirstSegment.get(first) ?? [], this.anyFirstSegment);
    for (const compiled of candidates) {
      if (pageExists && !compiled.rule.force) continue;
      const match = compiled.pattern.exec(bare);
      if (match) return { rule: compiled.rule, to: fillIn(compiled.rule.to, match) };
    }
    return undefined;
  }
}

const escape = (text: string) => text.replace(/[.+?^${}()|[\]\\*]/g, '\\$&');

/** A rule's source as a regular expression over paths without a trailing slash. */
function compilePattern(source: string, syntax: 'netlify' | 'path-to-regexp'): RegExp {
  let body = '';
  if (syntax === 'netlify') {
    const splat = source.endsWith('/*') || source === '*';
    const fixed = splat ? source.slice(0, source.lastIndexOf('*')).replace(/\/$/, '') : source;
    body = fixed.split(/(:[A-Za-z_]\w*)/).map((part) => (part.startsWith(':') ? `(?<${part.slice(1)}>[^/]+)` : escape(part))).join('');
    if (splat) body += '(?:/(?<splat>.*))?';
  } else {
    // `/:name` with an optional `(regex)` and modifier; a bare `(regex)` is a numbered group.
    const token = /(\/?):([A-Za-z_]\w*)(?:\(((?:[^()\\]|\\.)*)\))?([*+?])?|\(((?:[^()\\]|\\.)*)\)/g;
    let at = 0;
    for (let match = token.exec(source); match; match = token.exec(source)) {
      body += escape(source.slice(at, match.index));
      at = token.lastIndex;
      const [, slash, name, custom, modifier, bare] = match;
      if (name === undefined) {
        body += `(${bare})`;
        continue;
      }
      const one = custom ?? '[^/]+';
      const lead = slash ? '/' : '';
      if (modifier === '*') body += `(?:${lead}(?<${name}>${custom ?? '.*'}))?`;
      else if (modifier === '+') body += `${lead}(?<${name}>${custom ?? '.+'})`;
      else if (modifier === '?') body += `(?:${lead}(?<${name}>${one}))?`;
      else body += `${lead}(?<${name}>${one})`;
    }
    body += escape(source.slice(at));
  }
  try {
    return new RegExp(`^${body === '' ? '/' : body}$`);
  } catch {
    // A pattern no engine could read matches nothing.
    return /(?!)/;
  }
}

/** A rule's destination with the source's parts put in: `:name` (and `:name*`), `$1`. */
function fillIn(to: string, match: RegExpExecArray): string {
  const groups = match.groups ?? {};
  return to
    .replace(/:([A-Za-z_]\w*)[*+?]?/g, (written, name: string) => (name in groups ? (groups[name] ?? '') : written))
    .replace(/\$(\d+)/g, (written, number: string) => match[Number(number)] ?? written);
}

function mergeByOrder(a: CompiledRule[], b: CompiledRule[]): CompiledRule[] {
  if (b.length === 0) return a;
  if (a.length === 0) return b;
  return [...a, ...b].sort((x, y) => x.order - y.order);
}
