import { DEFAULT_URL_RULES, type UrlRules } from './urlRules';
import type { ValueAliases } from './values';

/** The settings the core reads; the edges map `handbook.*` configuration onto these. */
export interface SiteSettings {
  /** The site's own origin: full URLs on its host count as site-absolute links. */
  siteUrl: string;
  /** URLs of the values page; a link to any of them reaches the first one that exists. */
  valuesPages: string[];
  /** Old names and anchors of values, by the value they stand for now. */
  valueAliases?: ValueAliases;
  /**
   * Whether pages are read for where they name a value (false when `value.unlinked-mention`
   * is off): the search costs a check about 8% of its time.
   */
  findsMentions?: boolean;
  /** How the site's generator maps files to URLs and reads links: the workspace's pages follow them. */
  urlRules: UrlRules;
}

export const DEFAULT_SITE_SETTINGS: SiteSettings = {
  siteUrl: 'https://posthog.com',
  valuesPages: ['/handbook/company/values', '/handbook/values'],
  urlRules: DEFAULT_URL_RULES,
};
