import { slug as githubSlug } from 'github-slugger';

/**
 * github-slugger's slug. For printable ASCII its rule is short (lower case; keep letters,
 * digits, `-`, `_`; a space becomes `-`; drop the rest) and far cheaper than its Unicode
 * expression, which most headings would otherwise pay for.
 */
export function slugOf(text: string): string {
  let slug = '';
  for (let i = 0; i < text.length; i++) {
    let code = text.charCodeAt(i);
    if (code < 0x20 || code > 0x7e) return githubSlug(text);
    if (code >= 0x41 && code <= 0x5a) code += 0x20;
    if ((code >= 0x61 && code <= 0x7a) || (code >= 0x30 && code <= 0x39) || code === 0x5f || code === 0x2d) slug += String.fromCharCode(code);
    else if (code === 0x20) slug += '-';
  }
  return slug;
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
