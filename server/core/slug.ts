import GithubSlugger from 'github-slugger';

/**
 * Anchors as the site makes them: github-slugger, one slugger per page, so a repeated
 * heading gets `-1`, `-2`. Returns a function that slugs the page's headings in order.
 */
export function pageSlugger(): (headingText: string) => string {
  const slugger = new GithubSlugger();
  return (headingText) => slugger.slug(headingText);
}
