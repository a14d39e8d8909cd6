import { existsSync } from 'fs';
import * as path from 'path';
import { readFileInside } from './diskWorkspace';
import { realOrSelf } from './siteFiles';

/** The config file at the site root that the editor and CI both read. */
export const CONFIG_FILE = '.handbook.json';

/** A config file is refused past this size: a site's settings fit in far less. */
const MAX_CONFIG_BYTES = 1024 * 1024;

const SEVERITIES = ['error', 'warning', 'information', 'hint', 'off'];

/** What each key holds, to check a file's values and say which one is wrong. */
const KEYS: Record<string, (value: unknown) => string | undefined> = {
  contentRoot: text,
  siteUrl: text,
  routesFile: text,
  valuesPages: texts,
  preset: text,
  trailingSlash: (value) => (typeof value === 'boolean' ? undefined : 'true or false'),
  links: (value) => (value === 'site' || value === 'files' || value === 'both' ? undefined : '"site", "files" or "both"'),
  anchorMakers: texts,
  severity: (value) =>
    isObject(value) && Object.values(value).every((level) => typeof level === 'string' && SEVERITIES.includes(level))
      ? undefined
      : `an object of codes to ${SEVERITIES.map((level) => `"${level}"`).join(', ')}`,
  ignore: (value) =>
    isObject(value) && Object.entries(value).every(([key, globs]) => (key === 'files' || key === 'targets') && texts(globs) === undefined)
      ? undefined
      : 'an object with "files" and "targets", each a list of globs',
  values: (value) =>
    isObject(value) &&
    Object.entries(value).every(([key, aliases]) => key === 'aliases' && isObject(aliases) && Object.values(aliases).every((names) => texts(names) === undefined))
      ? undefined
      : 'an object with "aliases": each value (its anchor or name) to a list of its old names and old anchors ("#old-anchor")',
  moves: (value) => (isObject(value) && Object.entries(value).every(([key, on]) => key === 'addRedirects' && typeof on === 'boolean') ? undefined : 'an object with "addRedirects": true or false'),
};

/** The settings a config file may hold. */
export const CONFIG_KEYS = Object.keys(KEYS);

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? undefined : 'a string';
}

function texts(value: unknown): string | undefined {
  return Array.isArray(value) && value.every((item) => typeof item === 'string') ? undefined : 'a list of strings';
}

function isObject(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === 'object' && !Array.isArray(value);
}

/**
 * The site's config file, read (never run) from the site root: its settings, in the shape
 * of the `handbook.*` settings, and one problem for each thing wrong with it, naming the
 * file, the line and the key. What is wrong is left out, so the defaults carry on.
 */
export function readConfigFile(siteRoot: string | undefined): { settings: Record<string, unknown>; problems: string[] } {
  if (!siteRoot) return { settings: {}, problems: [] };
  const file = path.join(siteRoot, CONFIG_FILE);
  if (!existsSync(file)) return { settings: {}, problems: [] };
  const read = readFileInside(file, realOrSelf(siteRoot), MAX_CONFIG_BYTES, siteRoot);
  if ('problem' in read) return { settings: {}, problems: [`cannot read ${CONFIG_FILE}: ${read.problem}`] };
  const source = read.bytes.toString('utf8');
  const lineAt = (offset: number) => source.slice(0, offset).split(/\r\n|\r|\n/).length;
  let parsed: unknown;
  try {
    parsed = JSON.parse(source);
  } catch (error) {
    const message = (error as Error).message;
    const position = /position (\d+)/.exec(message);
    const where = position ? `${CONFIG_FILE}:${lineAt(Number(position[1]))}` : CONFIG_FILE;
    return { settings: {}, problems: [`${where}: not valid JSON (${message.replace(/ in JSON at position \d+.*$/, '')}); its settings are not used`] };
  }
  if (!isObject(parsed)) return { settings: {}, problems: [`${CONFIG_FILE}:1: the file must hold one object of settings; its settings are not used`] };
  const settings: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [key, value] of Object.entries(parsed)) {
    const line = lineAt(Math.max(0, source.indexOf(JSON.stringify(key))));
    const check = KEYS[key];
    if (key === '$schema') continue;
    if (!check) {
      problems.push(`${CONFIG_FILE}:${line}: "${key}" is not a setting (the settings are ${Object.keys(KEYS).join(', ')})`);
      continue;
    }
    const wrong = check(value);
    if (wrong) problems.push(`${CONFIG_FILE}:${line}: "${key}" must be ${wrong}; the default is used`);
    else settings[key] = value;
  }
  return { settings, problems };
}
