/** The settings the core reads; the edges map `handbook.*` configuration onto these. */
export interface SiteSettings {
  /** The site's own origin: full URLs on its host count as site-absolute links. */
  siteUrl: string;
  /** URLs of the values page; a link to any of them reaches the first one that exists. */
  valuesPages: string[];
}

export const DEFAULT_SITE_SETTINGS: SiteSettings = {
  siteUrl: 'https://posthog.com',
  valuesPages: ['/handbook/company/values', '/handbook/values'],
};
