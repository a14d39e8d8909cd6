import { readLinkTarget } from './linkTarget';
import type { CompiledRule, RedirectRule } from './redirects';
import type { SiteIndex } from './siteIndex';

/** Stable codes of findings on the host's rules themselves. */
export type RuleFindingCode = 'redirect.missing-destination' | 'redirect.loop' | 'redirect.pre-empted' | 'redirect.duplicate' | 'redirect.shadowed';

/** Findings that do no harm on the live site (a rule that never applies where it was not needed): notes, not problems. */
export const HARMLESS_RULE_FINDINGS: ReadonlySet<RuleFindingCode> = new Set(['redirect.duplicate', 'redirect.shadowed']);

/** A problem with one redirect or rewrite rule, as plain facts; wording and severity are chosen at the edge. */
export interface RuleFinding {
  code: RuleFindingCode;
  rule: RedirectRule;
  /** Where the rule (and the rules after it) send its source, when no page serves it. */
  landing?: string;
  /** The anchor the rule's destination names, when the page it lands on has none such. */
  anchor?: string;
  /** The earlier rule that takes every URL this one would. */
  earlier?: RedirectRule;
  /** For a loop, each step, with the rule that takes it; for a destination that later rules take on, those steps. */
  redirects?: { from: string; to: string; origin: string }[];
}

/** A source with none of the parts that match many paths: `/old/page`, not `/old/:slug` or `/old/*`. */
function isLiteral(source: string): boolean {
  return !/[:*()?+]/.test(source);
}

/** A destination with nothing filled in from the source. */
function isFixed(to: string): boolean {
  return !/:[A-Za-z_]|\$\d|\*/.test(to);
}

/**
 * Paths that between them stand for every path a simple source matches: a `:name` becomes
 * a segment no real path has, a trailing `*` both nothing and two such segments (it matches
 * `/a` as well as `/a/x/y`). Undefined for a source too intricate to stand for this way.
 */
function representatives(compiled: CompiledRule): string[] | undefined {
  const { source } = compiled;
  if (isLiteral(source)) return [source];
  if ((compiled.rule.syntax ?? 'netlify') !== 'netlify') return undefined;
  const sample = '\u0001';
  const named = source.replace(/:[A-Za-z_]\w*/g, sample);
  if (!named.includes('*')) return [named];
  if (!named.endsWith('/*') || named.indexOf('*') !== named.length - 1) return undefined;
  const base = named.slice(0, -2);
  return [base === '' ? '/' : base, `${base}/${sample}/${sample}`];
}

/**
 * The host's rules checked against the site: a destination no page serves (or an anchor it
 * lacks), a source that leads round in a loop, a rule an earlier one always takes first,
 * (the same rule again, or one meant to send elsewhere), and a rule that is not forced whose
 * source the site serves (the page wins, always: Netlify's shadowing, Vercel's rewrites).
 * A rule whose destination is filled in from its source is checked only for being pre-empted.
 */
export function checkRedirectRules(index: SiteIndex): RuleFinding[] {
  const findings: RuleFinding[] = [];
  const ordered = index.hostRules.ordered;
  const served = (path: string) => {
    const kind = index.resolve(path).kind;
    return kind === 'page' || kind === 'route';
  };
  for (const compiled of ordered) {
    const { rule, source } = compiled;
    const covered = representatives(compiled);
    const earlier = covered && ordered.slice(0, compiled.order).find((other) => (other.rule.force || !rule.force) && covered.every((path) => other.pattern.test(path)));
    if (earlier) {
      // The same rule written twice does nothing wrong; a later rule meant to send elsewhere does.
      const duplicate = earlier.source === source && earlier.rule.to === rule.to && earlier.rule.status === rule.status;
      findings.push({ code: duplicate ? 'redirect.duplicate' : 'redirect.pre-empted', rule, earlier: earlier.rule });
      continue;
    }
    if (isLiteral(source) && !rule.force && served(source)) {
      findings.push({ code: 'redirect.shadowed', rule });
      continue;
    }
    if (isLiteral(source)) {
      const landing = index.landingOf(source);
      if (landing.kind === 'loop' && landing.hops[0]?.rule === rule) {
        findings.push({ code: 'redirect.loop', rule, redirects: landing.hops.map((hop) => ({ from: hop.from, to: hop.to, origin: hop.rule.origin })) });
        continue;
      }
    }
    if (!isFixed(rule.to)) continue;
    const target = readLinkTarget(rule.to, isLiteral(source) ? source : '/', index.settings.siteUrl);
    if (target.kind !== 'site') continue;
    const landing = index.landingOf(target.path);
    if (landing.kind === 'external' || landing.kind === 'loop') continue;
    const path = landing.kind === 'redirected' ? landing.path : target.path;
    const anchor = target.anchor || (landing.kind === 'redirected' ? landing.anchor : undefined);
    const resolution = index.resolve(path);
    const onward = landing.kind === 'redirected' ? { redirects: landing.hops.map((hop) => ({ from: hop.from, to: hop.to, origin: hop.rule.origin })) } : {};
    if (resolution.kind === 'missing') {
      findings.push({ code: 'redirect.missing-destination', rule, landing: path, ...onward });
    } else if (resolution.kind === 'page' && anchor && !resolution.page.outline.generatedAnchors) {
      const anchors = index.anchorsOf(resolution.page.outline, resolution.page.path, resolution.page.layer);
      if (!anchors.has(anchor)) findings.push({ code: 'redirect.missing-destination', rule, landing: path, anchor, ...onward });
    }
  }
  return findings;
}
