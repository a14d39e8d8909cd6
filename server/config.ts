import type { Finding } from './core/diagnostics';
import { DEFAULT_SITE_SETTINGS, type SiteSettings } from './core/settings';
import type { UrlRulesSetting } from './siteRules';
import type { ValueAliases } from './core/values';

/** Severity of broken-link findings; `off` hides them. */
export type SeverityName = 'error' | 'warning' | 'information' | 'hint' | 'off';

/** The `handbook.*` settings, as the client and other editors send them. */
export interface HandbookConfig extends Omit<SiteSettings, 'urlRules' | 'valueAliases'> {
  /** Old names and anchors of values, by the value they are now (the config file's `values.aliases`). */
  valueAliases: ValueAliases;
  contentRoot: string;
  /** The URL rules asked for (`handbook.preset`, `handbook.trailingSlash`, `handbook.links`); the rest is detected. */
  urlRules: UrlRulesSetting;
  routesFile: string;
  severity: SeverityName;
  /** Severity by finding code (the config file's `severity`), over each code's own. */
  codeSeverity: Record<string, SeverityName>;
  /** Pages not checked (globs of paths from the site root), and link targets never reported (globs of URL paths or destinations). */
  ignore: { files: string[]; targets: string[] };
  /** Whether moving a page appends a redirect from its old URL to its new one to the site's redirect file (`handbook.moves.addRedirects`). */
  addRedirectsOnMove: boolean;
  /** Settings that were given but not used, and why: shown to the user once the site loads. */
  problems: string[];
}

export const DEFAULT_CONFIG: HandbookConfig = {
  siteUrl: DEFAULT_SITE_SETTINGS.siteUrl,
  valuesPages: DEFAULT_SITE_SETTINGS.valuesPages,
  valueAliases: {},
  urlRules: {},
  contentRoot: '',
  routesFile: '',
  severity: 'warning',
  codeSeverity: {},
  ignore: { files: [], targets: [] },
  addRedirectsOnMove: false,
  problems: [],
};

const SEVERITIES: SeverityName[] = ['error', 'warning', 'information', 'hint', 'off'];

/** Why a site URL cannot be one, or undefined when it is an http(s) origin (`example.com` lacks its scheme). */
export function siteUrlProblem(siteUrl: string): string | undefined {
  return /^https?:\/\/[^/\s]+\/?$/i.test(siteUrl.trim()) ? undefined : `"${siteUrl}" is not a site URL: write it with its scheme and no path, as https://example.com`;
}

/**
 * Reads settings sent by any client (or read from the config file), keeping defaults for
 * what is missing or malformed. `where` names their source in problems: `handbook.` for a
 * client's settings, `.handbook.json ` for the file's.
 */
export function readConfig(raw: unknown, where = 'handbook.'): HandbookConfig {
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
  const problems = siteUrl !== '' && !siteUrlOk ? [`${where}siteUrl ${siteUrlProblem(siteUrl)}; ${DEFAULT_CONFIG.siteUrl} is used`] : [];
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
    valueAliases: aliasesOf(handbook.values),
    severity,
    codeSeverity: severityByCode(handbook.severity),
    ignore: ignoreOf(handbook.ignore),
    addRedirectsOnMove: ((handbook.moves ?? {}) as Record<string, unknown>).addRedirects === true,
    problems,
  };
}

function aliasesOf(raw: unknown): ValueAliases {
  const aliases = raw && typeof raw === 'object' ? (raw as Record<string, unknown>).aliases : undefined;
  if (!aliases || typeof aliases !== 'object') return {};
  const result: ValueAliases = {};
  for (const [value, names] of Object.entries(aliases)) {
    if (Array.isArray(names)) result[value] = names.filter((name): name is string => typeof name === 'string');
    else if (typeof names === 'string') result[value] = [names];
  }
  return result;
}

function severityByCode(raw: unknown): Record<string, SeverityName> {
  if (!raw || typeof raw !== 'object') return {};
  const result: Record<string, SeverityName> = {};
  for (const [code, level] of Object.entries(raw)) {
    const name = SEVERITIES.find((candidate) => candidate === level);
    if (name) result[code] = name;
  }
  return result;
}

function ignoreOf(raw: unknown): HandbookConfig['ignore'] {
  const globs = (value: unknown) => (Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : []);
  const source = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  return { files: globs(source.files), targets: globs(source.targets) };
}

/** Settings a client sends that equal the extension's defaults: VS Code sends every one, set or not. */
const CLIENT_DEFAULTS: Record<string, unknown> = {
  contentRoot: '',
  siteUrl: DEFAULT_SITE_SETTINGS.siteUrl,
  routesFile: '',
  valuesPages: DEFAULT_SITE_SETTINGS.valuesPages,
  preset: '',
  trailingSlash: null,
  links: null,
  anchorMakers: null,
};

/**
 * The config file's settings with a client's over them: a client's value wins where it is
 * set, which for a client that sends every setting (VS Code) means where it differs from the
 * extension's default.
 */
export function mergeSettings(fromFile: Record<string, unknown>, fromClient: Record<string, unknown>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...fromFile };
  for (const [key, value] of Object.entries(fromClient)) {
    if (value === undefined || value === null) continue;
    if (key in CLIENT_DEFAULTS && JSON.stringify(value) === JSON.stringify(CLIENT_DEFAULTS[key]) && key in fromFile) continue;
    merged[key] = value;
  }
  return merged;
}

/**
 * Each code's severity: its configured one, else its own (front matter an error; notes
 * information; an unlinked mention of a value a hint; what is wrong with the values a
 * warning; the rest the broken-link severity).
 */
export function severityOf(code: string, config: HandbookConfig): SeverityName {
  const configured = config.codeSeverity[code];
  if (configured) return configured;
  if (code === 'frontmatter.invalid') return 'error';
  if (code === 'value.unlinked-mention') return 'hint';
  if (code.startsWith('value.')) return 'warning';
  if (code === 'link.redirected' || code === 'redirect.duplicate' || code === 'redirect.shadowed') return 'information';
  return config.severity;
}

/** A glob (`contents/blog/**`, `/handbook/legacy/*`) as a regular expression: `**` any path, `*` any name, `?` one character. */
export function globToRegExp(glob: string): RegExp {
  let body = '';
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i];
    if (char === '*' && glob[i + 1] === '*') {
      body += glob[i + 2] === '/' ? '(?:.*/)?' : '.*';
      i += glob[i + 2] === '/' ? 2 : 1;
    } else if (char === '*') body += '[^/]*';
    else if (char === '?') body += '[^/]';
    else body += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${body}$`);
}

/**
 * A page's findings as the configuration has them reported: none for an ignored page, none
 * for an ignored target, none at severity `off`; each of the others with its severity.
 * @param file the page's path from the site root, `/`-separated (undefined for a text that is not a file)
 */
export function reportable(findings: Finding[], config: HandbookConfig, file: string | undefined): { finding: Finding; severity: Exclude<SeverityName, 'off'> }[] {
  if (file !== undefined && config.ignore.files.length > 0 && matchesAny(config.ignore.files, file)) return [];
  const result: { finding: Finding; severity: Exclude<SeverityName, 'off'> }[] = [];
  for (const finding of findings) {
    const severity = severityOf(finding.code, config);
    if (severity === 'off') continue;
    const target = finding.targetPath ?? finding.target;
    if (target !== undefined && config.ignore.targets.length > 0 && (matchesAny(config.ignore.targets, target) || (finding.target !== undefined && matchesAny(config.ignore.targets, finding.target)))) continue;
    result.push({ finding, severity });
  }
  return result;
}

/** Whether any of the globs matches. */
export function matchesAny(globs: string[], value: string): boolean {
  return globs.some((glob) => {
    // Checked for every finding on every keystroke: each glob is compiled once.
    let pattern = compiledGlobs.get(glob);
    if (!pattern) compiledGlobs.set(glob, (pattern = globToRegExp(glob)));
    return pattern.test(value);
  });
}

const compiledGlobs = new Map<string, RegExp>();

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
