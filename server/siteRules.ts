import { existsSync, statSync } from 'fs';
import * as path from 'path';
import { isPresetName, PRESETS, type PresetName, type UrlRules } from './core/urlRules';
import { readFileInside } from './diskWorkspace';
import { realOrSelf } from './siteFiles';

/** A generator's config file is read only up to this size: the settings looked for sit near its top. */
const MAX_CONFIG_BYTES = 1024 * 1024;

/** The URL rules given by a setting or flag; each one left out is the preset's or the detected one. */
export interface UrlRulesSetting {
  preset?: string;
  trailingSlash?: boolean;
  links?: UrlRules['links'];
  anchorMakers?: string[];
}

/** What the site root says about how its site is built. */
export interface DetectedSite {
  rules: UrlRules;
  /** The content folder the generator reads, relative to the site root, when one is there. */
  contentFolder?: string;
  /** How the rules were chosen, for the user: `docusaurus.config.js`, `the --preset flag`. */
  evidence: string;
  /** Where the rules were not what a setting asked for, and why. */
  problems: string[];
}

/** A generator's config files and what reading one (never running it) tells. */
interface Generator {
  preset: PresetName;
  files: string[];
  /** Content folders it reads, in the order they are tried. */
  contentFolders: (text: string) => string[];
  /** What its config text changes in the preset. */
  adjust: (text: string, rules: UrlRules) => void;
}

const GENERATORS: Generator[] = [
  {
    preset: 'docusaurus',
    files: ['docusaurus.config.js', 'docusaurus.config.ts', 'docusaurus.config.mjs', 'docusaurus.config.cjs'],
    contentFolders: () => ['docs'],
    adjust: (text, rules) => {
      const trailing = /\btrailingSlash\s*:\s*(true|false)\b/.exec(text);
      if (trailing) rules.trailingSlash = trailing[1] === 'true';
      const base = /\brouteBasePath\s*:\s*['"`]([^'"`]*)['"`]/.exec(text);
      if (base) rules.urlPrefix = base[1].replace(/^\/*/, '/').replace(/\/+$/, '');
    },
  },
  {
    preset: 'hugo',
    files: ['hugo.toml', 'hugo.yaml', 'hugo.yml', 'hugo.json', 'config.toml', 'config.yaml', 'config.yml'],
    contentFolders: (text) => [/\bcontentDir\s*[:=]\s*['"]?([\w./-]+)/.exec(text)?.[1] ?? 'content'],
    adjust: (text, rules) => {
      if (/\buglyURLs\s*[:=]\s*true\b/i.test(text)) rules.trailingSlash = false;
    },
  },
  {
    preset: 'mkdocs',
    files: ['mkdocs.yml', 'mkdocs.yaml'],
    contentFolders: (text) => [/^docs_dir\s*:\s*['"]?([\w./-]+)/m.exec(text)?.[1] ?? 'docs'],
    adjust: (text, rules) => {
      if (/^use_directory_urls\s*:\s*false\b/m.test(text)) rules.trailingSlash = false;
    },
  },
  {
    // posthog.com: a Gatsby site whose pages are in `contents/`.
    preset: 'posthog',
    files: ['contents'],
    contentFolders: () => ['contents'],
    adjust: () => undefined,
  },
  {
    preset: 'gatsby',
    files: ['gatsby-config.js', 'gatsby-config.ts', 'gatsby-config.mjs'],
    contentFolders: () => ['content', 'src/docs', 'docs', 'src/content'],
    adjust: (text, rules) => {
      const trailing = /\btrailingSlash\s*:\s*['"`](always|never|ignore|legacy)['"`]/.exec(text);
      if (trailing) rules.trailingSlash = trailing[1] === 'always';
      if (/\benableCustomId\s*:\s*true\b/.test(text)) rules.customHeadingIds = true;
    },
  },
  {
    preset: 'nextjs',
    files: ['next.config.js', 'next.config.mjs', 'next.config.ts'],
    contentFolders: () => ['content', 'contents', 'docs'],
    adjust: (text, rules) => {
      if (/\btrailingSlash\s*:\s*true\b/.test(text)) rules.trailingSlash = true;
    },
  },
];

/**
 * The URL rules of a site: the preset a setting names, else the one its generator's config
 * file says (read as text, never run), else PostHog's; with a setting's own choices on top.
 * A host's `vercel.json` saying `"trailingSlash": true` serves every page with its slash.
 */
export function detectSite(siteRoot: string | undefined, setting: UrlRulesSetting, settingName: string): DetectedSite {
  const problems: string[] = [];
  let rules: UrlRules = { ...PRESETS.posthog, indexNames: [...PRESETS.posthog.indexNames], anchorMakers: [...PRESETS.posthog.anchorMakers] };
  let contentFolder: string | undefined;
  let evidence = 'the default';
  const named = setting.preset?.trim();
  const realRoot = siteRoot === undefined ? undefined : realOrSelf(siteRoot);
  const readConfig = (name: string): string | undefined => {
    if (siteRoot === undefined || realRoot === undefined) return undefined;
    const file = path.join(siteRoot, name);
    if (isFolder(file)) return '';
    if (!existsSync(file)) return undefined;
    const read = readFileInside(file, realRoot, MAX_CONFIG_BYTES, siteRoot);
    if ('problem' in read) {
      problems.push(`cannot read ${name}: ${read.problem}`);
      return undefined;
    }
    return read.bytes.toString('utf8');
  };

  const presetOf = (name: PresetName) => ({ ...PRESETS[name], indexNames: [...PRESETS[name].indexNames], anchorMakers: [...PRESETS[name].anchorMakers] });
  let found = false;
  for (const generator of GENERATORS) {
    if (named && isPresetName(named) && generator.preset !== named) continue;
    for (const file of generator.files) {
      const text = readConfig(file);
      if (text === undefined) continue;
      rules = presetOf(generator.preset);
      generator.adjust(text, rules);
      contentFolder = generator.contentFolders(text).find((folder) => siteRoot !== undefined && isFolder(path.join(siteRoot, folder)));
      evidence = file;
      found = true;
      break;
    }
    if (found) break;
  }
  if (named) {
    if (!isPresetName(named)) {
      problems.push(`${settingName} "${named}" is not a preset: use one of ${Object.keys(PRESETS).join(', ')}`);
    } else if (!found) {
      rules = presetOf(named);
      evidence = settingName;
    } else {
      evidence = `${settingName} (with ${evidence})`;
    }
  }
  if (!found && !named) {
    contentFolder = ['content'].find((folder) => siteRoot !== undefined && isFolder(path.join(siteRoot, folder)));
  }
  const vercel = readConfig('vercel.json');
  if (vercel && /"trailingSlash"\s*:\s*true\b/.test(vercel) && setting.trailingSlash === undefined) rules.trailingSlash = true;
  if (setting.trailingSlash !== undefined) rules.trailingSlash = setting.trailingSlash;
  if (setting.links !== undefined) rules.links = setting.links;
  if (setting.anchorMakers !== undefined) rules.anchorMakers = setting.anchorMakers;
  return { rules, contentFolder, evidence, problems };
}

function isFolder(candidate: string): boolean {
  try {
    return statSync(candidate).isDirectory();
  } catch {
    return false;
  }
}

/** Which rules a check used, in a few words: `gatsby URL rules from gatsby-config.js, trailing slash`. */
export function describeRules(site: DetectedSite): string {
  const { rules } = site;
  const preset = PRESETS[rules.preset];
  const changed = [
    rules.trailingSlash !== preset.trailingSlash ? (rules.trailingSlash ? 'trailing slash' : 'no trailing slash') : '',
    rules.links !== preset.links ? `${rules.links} links` : '',
  ].filter((part) => part !== '');
  const from = site.evidence === 'contents' || site.evidence === 'the default' ? '' : ` from ${site.evidence}`;
  return `${rules.preset} URL rules${from}${changed.length > 0 ? `, ${changed.join(', ')}` : ''}`;
}
