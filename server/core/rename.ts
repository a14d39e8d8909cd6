import { destinationOf } from './destination';
import { linkAt } from './hover';
import type { Heading, ParsedPage } from './page';
import { linksTo } from './references';
import type { IndexedPage, PageSource, SiteIndex } from './siteIndex';
import { slugOf } from './slug';
import type { Span } from './text';

/** A heading to rename: its page as read now, and which of its headings. */
interface RenameTarget {
  page: IndexedPage;
  parsed: ParsedPage;
  heading: Heading;
  /** Where, in the document the rename was asked from, the renamed thing is. */
  span: Span;
}

/** Why a rename cannot be made, in words for the user. */
export interface RenameRefusal {
  refused: string;
}

/** One page's edits: replacements of spans of its text as read now. */
export interface PageEdits {
  page: IndexedPage;
  parsed: ParsedPage;
  edits: { span: Span; newText: string }[];
}

/**
 * What a rename at the cursor would rename: a heading of this page (cursor on it), or the
 * heading an anchor names (cursor on the `#anchor` of a link to it). Undefined where there is
 * nothing to rename; a refusal where there is, but it cannot be renamed from here.
 */
async function targetAt(index: SiteIndex, source: PageSource, offset: number): Promise<RenameTarget | RenameRefusal | undefined> {
  const self = source.path === undefined ? undefined : index.page('workspace', source.path);
  const heading = source.parsed.outline.headings.find((candidate) => candidate.span.start <= offset && offset <= candidate.span.end);
  if (heading) {
    if (!self) return { refused: 'This file is not a page of the site: its headings have no links to update.' };
    return { page: self, parsed: source.parsed, heading, span: heading.textSpan };
  }
  const link = linkAt(source, offset);
  if (!link?.destinationSpan) return undefined;
  const hash = link.written.indexOf('#');
  const anchorStart = link.destinationSpan.start + hash + 1;
  if (hash === -1 || offset < anchorStart || offset > link.destinationSpan.end) return undefined;
  const destination = destinationOf(index, source, link);
  if (destination?.kind !== 'page' || !destination.page || destination.anchor === undefined) return undefined;
  if (destination.page.layer !== 'workspace') return { refused: 'The heading is in the bundled handbook, not in this workspace.' };
  const text = await index.textOf(destination.page);
  if (text === undefined) return { refused: `${destination.page.path} cannot be read.` };
  const parsed = index.parse(text);
  const target = parsed.outline.headings.find((candidate) => candidate.slug === destination.anchor);
  if (!target) return { refused: `\`#${destination.anchor}\` is not a heading of ${destination.page.path}: only headings are renamed.` };
  return { page: destination.page, parsed, heading: target, span: { start: anchorStart, end: link.destinationSpan.end } };
}

/** Where a rename at the cursor applies, and the heading's text as written, to edit. */
export async function prepareRenameAt(index: SiteIndex, source: PageSource, offset: number): Promise<{ span: Span; placeholder: string } | RenameRefusal | undefined> {
  const target = await targetAt(index, source, offset);
  if (!target || 'refused' in target) return target;
  const refusal = refusalFor(target);
  if (refusal) return refusal;
  return { span: target.span, placeholder: target.parsed.text.slice(target.heading.textSpan.start, target.heading.textSpan.end) };
}

function refusalFor(target: RenameTarget): RenameRefusal | undefined {
  if (target.parsed.outline.generatedAnchors) {
    return { refused: `${target.page.path} renders a component that makes anchors at build time: links to it cannot all be known.` };
  }
  return undefined;
}

/**
 * Renames a heading to `newText` and updates every link to the anchors that change, each
 * in its own form (only the part after `#` is rewritten): the heading's own, and those of
 * repeated headings whose `-1`, `-2` shift. Refused where the new text is not one heading
 * line, or its slug would collide with another anchor of the page.
 */
export async function renameAt(index: SiteIndex, source: PageSource, offset: number, newText: string): Promise<PageEdits[] | RenameRefusal | undefined> {
  const target = await targetAt(index, source, offset);
  if (!target || 'refused' in target) return target;
  const refusal = refusalFor(target);
  if (refusal) return refusal;
  const { page, parsed, heading } = target;
  const headingAt = parsed.outline.headings.indexOf(heading);
  if (/[\r\n]/.test(newText) || newText.trim() === '') return { refused: 'A heading is one line of text, and not an empty one.' };

  const renamedText = parsed.text.slice(0, heading.textSpan.start) + newText + parsed.text.slice(heading.textSpan.end);
  const renamed = index.parse(renamedText);
  if (renamed.outline.headings.length !== parsed.outline.headings.length) return { refused: `"${newText}" would not read as one heading.` };
  const after = renamed.outline.headings[headingAt];
  // Another heading whose text slugs the same, or an `id` of the page: two things one anchor names.
  const ids = [...parsed.outline.anchors.values()].filter((anchor) => !parsed.outline.headings.some((other) => other.slug === anchor.id)).map((anchor) => anchor.id);
  const newBase = slugOf(after.text);
  const taken = renamed.outline.headings.some((other, i) => i !== headingAt && slugOf(other.text) === newBase) || ids.includes(after.slug);
  if (newBase !== slugOf(heading.text) && taken) {
    return { refused: `\`#${newBase}\` is already an anchor of ${page.path}: links to the two would be confused.` };
  }

  // Old anchor → new, for each heading whose slug the rename changes.
  const changed = new Map<string, string>();
  parsed.outline.headings.forEach((before, i) => {
    const now = renamed.outline.headings[i].slug;
    if (before.slug !== now && parsed.outline.anchors.get(before.slug)?.span.start === before.span.start) changed.set(before.slug, now);
  });

  const byPage = new Map<string, PageEdits>();
  const editsOf = (found: { page: IndexedPage; parsed: ParsedPage }) => {
    let entry = byPage.get(found.page.path);
    if (!entry) byPage.set(found.page.path, (entry = { page: found.page, parsed: found.parsed, edits: [] }));
    return entry;
  };
  editsOf({ page, parsed }).edits.push({ span: heading.textSpan, newText });
  for (const [oldAnchor, newAnchor] of changed) {
    for (const found of await linksTo(index, { page, anchor: oldAnchor })) {
      const { link } = found;
      const hash = link.written.lastIndexOf('#');
      // A reference is edited at its definition; a link with no `#` took its anchor from a redirect rule.
      if (!link.destinationSpan || hash === -1) continue;
      const span = { start: link.destinationSpan.start + hash + 1, end: link.destinationSpan.end };
      const entry = editsOf(found);
      // A link inside the renamed heading's text goes with it.
      if (found.page.path === page.path && span.start >= heading.textSpan.start && span.end <= heading.textSpan.end) continue;
      if (!entry.edits.some((edit) => edit.span.start === span.start)) entry.edits.push({ span, newText: newAnchor });
    }
  }
  return [...byPage.values()];
}
