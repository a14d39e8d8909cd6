import { slug as githubSlug } from 'github-slugger';

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
const DROPPED_ASCII = /[^a-z0-9 _-]/g;

/**
 * github-slugger's slug. For printable ASCII its rule is short (lower case; keep letters,
 * digits, `-`, `_`; a space becomes `-`; drop the rest) and far cheaper than its Unicode
 * expression, which most headings would otherwise pay for.
 */
export function slugOf(text: string): string {
  if (!PRINTABLE_ASCII.test(text)) return githubSlug(text);
  return text.toLowerCase().replace(DROPPED_ASCII, '').replace(/ /g, '-');
}

/**
 * Anchors as the site makes them: github-slugger, one slugger per page, so a repeated
 * heading gets `-1`, `-2`. Returns a function that slugs the page's headings in order.
 */
export function pageSlugger(): (headingText: string) => string {
  const taken = new Map<string, number>();
  return (headingText) => {
    const base = slugOf(headingText);
    let result = base;
    while (taken.has(result)) {
      const count = taken.get(base)! + 1;
      taken.set(base, count);
      result = `${base}-${count}`;
    }
    taken.set(result, 0);
    return result;
  };
}
