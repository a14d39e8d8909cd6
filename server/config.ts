import { DEFAULT_SITE_SETTINGS, type SiteSettings } from './core/settings';
import type { UrlRulesSetting } from './siteRules';

/** Severity of broken-link findings; `off` hides them. */
export type SeverityName = 'error' | 'warning' | 'information' | 'hint' | 'off';

/** The `handbook.*` settings, as the client and other editors send them. */
export interface HandbookConfig extends Omit<SiteSettings, 'urlRules'> {
  contentRoot: string;
  /** The URL rules asked for (`handbook.preset`, `handbook.trailingSlash`, `handbook.links`); the rest is detected. */
  urlRules: UrlRulesSetting;
  routesFile: string;
  severity: SeverityName;
  /** Whether moving a page appends a redirect from its old URL to its new one to the site's redirect file (`handbook.moves.addRedirects`). */
  addRedirectsOnMove: boolean;
  /** Settings that were given but not used, and why: shown to the user once the site loads. */
  problems: string[];
}

export const DEFAULT_CONFIG: HandbookConfig = {
  siteUrl: DEFAULT_SITE_SETTINGS.siteUrl,
  valuesPages: DEFAULT_SITE_SETTINGS.valuesPages,
  urlRules: {},
  contentRoot: '',
  routesFile: '',
  severity: 'warning',
  addRedirectsOnMove: false,
  problems: [],
};

const SEVERITIES: SeverityName[] = ['error', 'warning', 'information', 'hint', 'off'];

/** Why a site URL cannot be one, or undefined when it is an http(s) origin (`example.com` lacks its scheme). */
export function siteUrlProblem(siteUrl: string): string | undefined {
  return /^https?:\/\/[^/\s]+\/?$/i.test(siteUrl.trim()) ? undefined : `"${siteUrl}" is not a site URL: write it with its scheme and no path, as https://example.com`;
}

/** Reads settings sent by any client, keeping defaults for what is missing or malformed. */
export function readConfig(raw: unknown): HandbookConfig {
  const source = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const handbook = (source.handbook && typeof source.handbook === 'object' ? source.handbook : source) as Record<string, unknown>;
  const text = (key: string, fallback: string) => (typeof handbook[key] === 'string' ? (handbook[key] as string) : fallback);
  const valuesPages = Array.isArray(handbook.valuesPages)
    ? handbook.valuesPages.filter((item): item is string => typeof item === 'string')
    : DEFAULT_CONFIG.valuesPages;
  const diagnostics = (handbook.diagnostics ?? {}) as Record<string, unknown>;
  const severity = SEVERITIES.find((name) => name === diagnostics.severity) ?? DEFAULT_CONFIG.severity;
  const siteUrl = text('siteUrl', '');
  const siteUrlOk = siteUrl !== '' && siteUrlProblem(siteUrl) === undefined;
  const problems = siteUrl !== '' && !siteUrlOk ? [`handbook.siteUrl ${siteUrlProblem(siteUrl)}; ${DEFAULT_CONFIG.siteUrl} is used`] : [];
  const links = handbook.links;
  const urlRules: UrlRulesSetting = {
    preset: typeof handbook.preset === 'string' && handbook.preset.trim() !== '' ? handbook.preset : undefined,
    trailingSlash: typeof handbook.trailingSlash === 'boolean' ? handbook.trailingSlash : undefined,
    links: links === 'site' || links === 'files' || links === 'both' ? links : undefined,
    anchorMakers: Array.isArray(handbook.anchorMakers) ? handbook.anchorMakers.filter((name): name is string => typeof name === 'string') : undefined,
  };
  return {
    contentRoot: text('contentRoot', DEFAULT_CONFIG.contentRoot),
    urlRules,
    routesFile: text('routesFile', DEFAULT_CONFIG.routesFile),
    siteUrl: siteUrlOk ? siteUrl : DEFAULT_CONFIG.siteUrl,
    valuesPages: valuesPages.length > 0 ? valuesPages : DEFAULT_CONFIG.valuesPages,
    severity,
    addRedirectsOnMove: ((handbook.moves ?? {}) as Record<string, unknown>).addRedirects === true,
    problems,
  };
}

/**
 * The client command that shows completions again, from the initialization options
 * (`{ suggestCommand: 'editor.action.triggerSuggest' }`): only a client that names one gets
 * completion items that run it, as other clients would not know what to do with it.
 */
export function readSuggestCommand(initializationOptions: unknown): string | undefined {
  if (!initializationOptions || typeof initializationOptions !== 'object') return undefined;
  const command = (initializationOptions as Record<string, unknown>).suggestCommand;
  return typeof command === 'string' && command !== '' ? command : undefined;
}
