import { readLinkTarget, type LinkTarget } from './linkTarget';
import { namesFile } from './servedFiles';
import { silences, type Suppression } from './suppressions';
import type { RedirectHop } from './redirects';
import type { PageLink } from './page';
import type { Landing } from './redirects';
import type { IndexedPage, LinkSource, SiteIndex } from './siteIndex';
import { relativeFile, safeDecode } from './sitePath';
import { closestMatch } from './suggest';
import type { Span } from './text';
import { isValuesPageAt, valueDestination, valuesPageProblems, type SiteValues } from './values';

/** Stable codes: editors, CI and settings refer to findings by these. */
export type FindingCode =
  | 'link.missing-page'
  | 'link.missing-anchor'
  | 'link.missing-file'
  | 'link.redirected'
  | 'link.redirect-loop'
  | 'frontmatter.invalid'
  | 'suppression.unused'
  | 'value.renamed'
  | 'value.unlinked-mention'
  | 'value.duplicate'
  | 'value.no-definition';

/** A problem in a page, as plain facts; wording and severity are chosen at the edge. */
export interface Finding {
  code: FindingCode;
  span: Span;
  /** The link destination exactly as written. */
  target?: string;
  /** The URL path the link was read as (`/handbook/company/values`). */
  targetPath?: string;
  /** For a link written as a path between files, or to an image or other file: the file it names, relative to the content root. */
  file?: string;
  /** The missing anchor. */
  anchor?: string;
  /** The closest existing page URL or anchor. */
  suggestion?: string;
  /** The edit that applies the suggestion, and what an editor calls it when it is not a change of destination. */
  fix?: { span: Span; newText: string; title?: string };
  /** The value a finding is about, by its name now. */
  value?: string;
  /** For a value named twice: the line (0-based) of the first. */
  firstLine?: number;
  /** The parser's own words, for front matter. */
  detail?: string;
  /** The redirects the link goes through before it lands (or loops): each URL, and the rule's place. */
  redirects?: { from: string; to: string; origin: string }[];
  /** Where the redirects land: the URL path a reader reaches. */
  landing?: string;
}

/** Every finding in one page: its front matter, and each link it makes. */
export function checkPage(index: SiteIndex, source: LinkSource): Finding[] {
  const findings: Finding[] = [];
  const problem = source.parsed.frontMatter?.problem;
  if (problem) findings.push({ code: 'frontmatter.invalid', span: problem.span, detail: problem.message });
  for (const link of source.parsed.links) {
    const finding = checkLink(index, source, link);
    if (finding) findings.push(finding);
  }
  const values = index.values();
  if (values) findings.push(...valueFindings(index, values, source));
  if (findings.length > 1) findings.sort((a, b) => a.span.start - b.span.start);
  return suppressed(findings, source.parsed.suppressions);
}

/**
 * On the values page, its own problems (when its text is at hand); on any other page, each
 * place its prose names a value without linking to it, with the edit that links it.
 */
function valueFindings(index: SiteIndex, values: SiteValues, source: LinkSource): Finding[] {
  if (isValuesPageAt(values, source)) {
    const text = source.parsed.text;
    if (text === undefined) return [];
    return valuesPageProblems({ outline: source.parsed.outline, text }).map((problem) => ({ code: problem.code, span: problem.span, value: problem.name, firstLine: problem.firstLine }));
  }
  const findings: Finding[] = [];
  for (const mention of source.parsed.mentions ?? []) {
    const value = values.byAnchor.get(mention.anchor);
    if (!value) continue;
    const destination = valueDestination(values, value, source, index.settings.urlRules);
    findings.push({
      code: 'value.unlinked-mention',
      span: mention.span,
      value: value.name,
      // Not a link: the destination the fix would write is what it suggests.
      suggestion: destination,
      fix: { span: mention.span, newText: `[${mention.written}](${destination})`, title: `Link to the value ${value.name}` },
    });
  }
  return findings;
}

/** The findings no suppression silences, and a finding for each suppression that silences none. */
function suppressed(findings: Finding[], suppressions: Suppression[]): Finding[] {
  if (suppressions.length === 0) return findings;
  const used = new Set<Suppression>();
  const kept = findings.filter((finding) => {
    const by = suppressions.find((suppression) => silences(suppression, finding.code, finding.span.start));
    if (by) used.add(by);
    return !by;
  });
  for (const suppression of suppressions) {
    if (!used.has(suppression)) kept.push({ code: 'suppression.unused', span: suppression.span, detail: suppression.scope });
  }
  return kept;
}

function checkLink(index: SiteIndex, source: LinkSource, link: PageLink): Finding | undefined {
  // A reference is checked once, at its definition, where its destination is written.
  if (!link.destinationSpan) return undefined;
  const span = link.destinationSpan;
  const offsetsHold = link.written === link.destination;

  if (link.destination.startsWith('#')) {
    const anchor = safeDecode(link.destination.slice(1));
    const anchors = index.anchorsOf(source.parsed.outline, source.path);
    if (anchor === '' || anchors.has(anchor) || source.parsed.outline.generatedAnchors) return undefined;
    const values = index.values();
    return missingAnchor(link, anchors, anchor, undefined, {
      start: span.start + 1,
      end: span.end,
    }, offsetsHold, values && isValuesPageAt(values, source) ? values : undefined);
  }

  const target = index.readLink(link.destination, source);
  if (target.kind !== 'site') return undefined;
  // Without the site's files to look in, an image is not judged, and a link that looks like a file is judged as a page.
  if (link.kind === 'image' || namesFile(target.path)) {
    if (index.files.known) return checkServedFile(index, source, link, target);
    if (link.kind === 'image') return undefined;
  }
  if (target.file !== undefined) return checkPageFileLink(index, source, link, target);
  const landing = index.landingOf(target.path);
  if (landing.kind === 'external') return undefined;
  if (landing.kind === 'loop') {
    return { code: 'link.redirect-loop', span, target: link.written, targetPath: target.path, redirects: hopsOf(landing.hops) };
  }
  if (landing.kind === 'redirected') return checkRedirected(index, link, target.path, target.anchor, landing);
  const resolution = index.resolve(target.path);
  if (resolution.kind === 'missing') {
    const suggestion = index.closestPageUrl(target.path);
    return { code: 'link.missing-page', span, target: link.written, targetPath: target.path, suggestion, fix: pathFix(link, target, suggestion) };
  }
  return resolution.kind === 'page' ? anchorOnPage(index, link, target, resolution.page) : undefined;
}

/** The edit that puts another path in a link's destination in place of its own, keeping its anchor. */
function pathFix(link: PageLink, target: SiteTarget, newPath: string | undefined): Finding['fix'] {
  if (newPath === undefined) return undefined;
  const span = link.destinationSpan!;
  if (link.written === link.destination) return { span: { start: span.start + target.pathSpan.start, end: span.start + target.pathSpan.end }, newText: newPath };
  return { span, newText: newPath + (target.anchor !== undefined ? '#' + target.anchor : '') };
}

/** A finding for a link's anchor on the page it leads to, if the page has no such anchor (and no component makes its anchors). */
function anchorOnPage(index: SiteIndex, link: PageLink, target: SiteTarget, page: IndexedPage): Finding | undefined {
  if (!target.anchor) return undefined;
  const anchors = index.anchorsOf(page.outline, page.path, page.layer);
  if (anchors.has(target.anchor) || page.outline.generatedAnchors) return undefined;
  const span = link.destinationSpan!;
  const anchorSpan = target.anchorSpan ? { start: span.start + target.anchorSpan.start, end: span.start + target.anchorSpan.end } : span;
  return missingAnchor(link, anchors, target.anchor, target.path, anchorSpan, link.written === link.destination && !!target.anchorSpan, valuesOn(index, page));
}

type SiteTarget = Extract<LinkTarget, { kind: 'site' }>;

/**
 * A link written as a path to a page's file (`../people/leave.md#eligibility`): the
 * generator turns it into the page's URL, so the file must be there, and the anchor on it.
 */
function checkPageFileLink(index: SiteIndex, source: LinkSource, link: PageLink, target: SiteTarget): Finding | undefined {
  const span = link.destinationSpan!;
  const resolution = index.resolveTarget(target);
  if (resolution.kind === 'missing') {
    const suggested = index.closestPageUrl(target.path);
    const page = suggested === undefined ? undefined : index.resolve(suggested);
    // Only another workspace page is worth suggesting: a link to a file is never to its own page.
    const suggestion = page?.kind === 'page' && page.page.layer === 'workspace' && page.page.path !== source.path ? relativeFile(source.path ?? '', page.page.path) : undefined;
    return { code: 'link.missing-page', span, target: link.written, targetPath: target.path, file: target.file, suggestion, fix: pathFix(link, target, suggestion) };
  }
  if (resolution.kind !== 'page') return undefined;
  const finding = anchorOnPage(index, link, target, resolution.page);
  return finding && { ...finding, file: resolution.page.path };
}

/**
 * A link to an image or another file the site serves as it is. Written relative, it names a
 * file beside the page's own (generators copy such files with the page); written from the
 * root, a file of a static folder or the content folder, or a path the site serves. Judged
 * only where the repository holds the site's files, and the folder is one that holds them.
 */
function checkServedFile(index: SiteIndex, source: LinkSource, link: PageLink, target: SiteTarget): Finding | undefined {
  const files = index.files;
  const span = link.destinationSpan!;
  const raw = link.destination.trim();
  const served = (url: string) => {
    if (files.servesUrl(url)) return true;
    const kind = index.resolve(url).kind;
    return kind === 'page' || kind === 'route';
  };
  if (!SCHEME_OR_ROOT.test(raw)) {
    if (source.path === undefined) return undefined;
    const beside = readLinkTarget(link.destination, '/' + source.path, index.settings.siteUrl);
    if (beside.kind !== 'site') return undefined;
    const file = beside.path.slice(1);
    if (files.hasContentFile(file) || files.servesUrl(target.path)) return undefined;
    const closest = files.closest(file, false);
    const suggestion = closest === undefined ? undefined : relativeFile(source.path, closest);
    return { code: 'link.missing-file', span, target: link.written, file, suggestion, fix: pathFix(link, target, suggestion) };
  }
  const landing = index.landingOf(target.path);
  if (landing.kind === 'external' || landing.kind === 'loop') return undefined;
  const url = landing.kind === 'redirected' ? landing.path : target.path;
  if (served(url) || !files.knowsFolderOf(url)) return undefined;
  const suggestion = files.closest(url, true);
  return { code: 'link.missing-file', span, target: link.written, targetPath: url, suggestion, fix: pathFix(link, target, suggestion) };
}

/** A destination that starts at the site root or names a scheme: not relative to the page. */
const SCHEME_OR_ROOT = /^(?:\/|[A-Za-z][A-Za-z0-9+.-]*:)/;

/**
 * A link the host's rules take elsewhere: broken if it lands on no page or no such anchor;
 * else, unless every hop was a rewrite (the browser stays at its URL), a note with the fix
 * that links to where it lands.
 */
function checkRedirected(index: SiteIndex, link: PageLink, targetPath: string, linkAnchor: string | undefined, landing: Extract<Landing, { kind: 'redirected' }>): Finding | undefined {
  const span = link.destinationSpan!;
  const redirects = hopsOf(landing.hops);
  const anchor = linkAnchor || landing.anchor;
  const resolution = index.resolve(landing.path);
  if (resolution.kind === 'missing') {
    return { code: 'link.missing-page', span, target: link.written, targetPath, redirects, landing: landing.path };
  }
  if (resolution.kind === 'unknown') return undefined;
  if (resolution.kind === 'page' && anchor) {
    const anchors = index.anchorsOf(resolution.page.outline, resolution.page.path, resolution.page.layer);
    if (!anchors.has(anchor) && !resolution.page.outline.generatedAnchors) {
      const values = valuesOn(index, resolution.page);
      const value = values?.byAnchor.get(anchor);
      if (value) {
        // Linked where it lands, under its anchor now: one edit mends both.
        const fix = { span, newText: siteLinkTo(index, link, `${landing.path}#${value.anchor}`) };
        return { code: 'value.renamed', span, target: link.written, targetPath, anchor, suggestion: value.anchor, value: value.name, redirects, landing: landing.path, fix };
      }
      const suggestion = closestAnchor(anchor, anchors, values);
      return { code: 'link.missing-anchor', span, target: link.written, targetPath, anchor, suggestion, redirects, landing: landing.path };
    }
  }
  if (landing.rewritten) return undefined;
  const landed = landing.path + (anchor ? `#${anchor}` : '');
  return { code: 'link.redirected', span, target: link.written, targetPath, redirects, landing: landed, fix: { span, newText: siteLinkTo(index, link, landed) } };
}

/** A site URL written as the link was: with the site's origin where the link had one. */
function siteLinkTo(index: SiteIndex, link: PageLink, url: string): string {
  return /^https?:/i.test(link.destination.trim()) ? index.settings.siteUrl.replace(/\/$/, '') + url : url;
}

function hopsOf(hops: RedirectHop[]): NonNullable<Finding['redirects']> {
  return hops.map((hop) => ({ from: hop.from, to: hop.to, origin: hop.rule.origin }));
}

/** The values in effect, when a page is their values page: its anchors are values, and may be old names of them. */
function valuesOn(index: SiteIndex, page: IndexedPage): SiteValues | undefined {
  const values = index.values();
  return values?.page === page ? values : undefined;
}

/** The closest anchor to a missing one: on the values page, the closest value first. */
function closestAnchor(anchor: string, anchors: ReadonlyMap<string, unknown>, values: SiteValues | undefined): string | undefined {
  return (values && closestMatch(anchor, values.values.map((value) => value.anchor))) ?? closestMatch(anchor, anchors.keys());
}

/**
 * A link to an anchor its page lacks: on the values page, an old anchor of a value is that
 * value renamed (a warning, fixed to its anchor now); anything else is missing, with the
 * closest anchor (a value's first) as the fix.
 */
function missingAnchor(
  link: PageLink,
  anchors: ReadonlyMap<string, unknown>,
  anchor: string,
  targetPath: string | undefined,
  anchorSpan: Span,
  offsetsHold: boolean,
  values?: SiteValues,
): Finding {
  const span = link.destinationSpan!;
  const renamedTo = values?.byAnchor.get(anchor);
  const suggestion = renamedTo ? renamedTo.anchor : closestAnchor(anchor, anchors, values);
  let fix: Finding['fix'];
  if (suggestion !== undefined) {
    fix = offsetsHold
      ? { span: anchorSpan, newText: suggestion }
      : { span, newText: link.destination.slice(0, link.destination.indexOf('#') + 1) + suggestion };
  }
  if (renamedTo) return { code: 'value.renamed', span, target: link.written, targetPath, anchor, suggestion, value: renamedTo.name, fix };
  return { code: 'link.missing-anchor', span, target: link.written, targetPath, anchor, suggestion, fix };
}
