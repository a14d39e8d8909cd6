import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'fs';
import * as path from 'path';

export const CORPUS = path.resolve(__dirname, '..', '..', 'shared', 'corpus', 'posthog-2022');
const CACHE = path.resolve(__dirname, '..', '.cache', 'bench');

export interface ScaledCorpus {
  root: string;
  routes: string;
  pages: number;
  bytes: number;
}

/**
 * The PostHog corpus copied `scale` times (or, where it is absent, a synthetic site of the
 * same shape). Copy 0 keeps its paths; copy k lives under `/copy-k/`, with its site links
 * rewritten to stay inside the copy, so every copy links the way the original does.
 */
export function scaledCorpus(scale: number): ScaledCorpus {
  const root = path.join(CACHE, `x${scale}`);
  const stamp = path.join(root, '.complete');
  if (!existsSync(stamp)) {
    rmSync(root, { recursive: true, force: true });
    if (existsSync(CORPUS)) copyCorpus(root, scale);
    else syntheticSite(root, scale * 500);
    writeFileSync(stamp, '');
  }
  let pages = 0;
  let bytes = 0;
  const walk = (folder: string) => {
    for (const name of readdirSync(folder)) {
      const file = path.join(folder, name);
      const stat = statSync(file);
      if (stat.isDirectory()) walk(file);
      else if (/\.mdx?$/.test(name)) {
        pages++;
        bytes += stat.size;
      }
    }
  };
  walk(path.join(root, 'contents'));
  return { root, routes: path.join(root, 'routes.txt'), pages, bytes };
}

function copyCorpus(root: string, scale: number): void {
  const source = path.join(CORPUS, 'contents');
  const files: string[] = [];
  const walk = (folder: string) => {
    for (const name of readdirSync(folder)) {
      const file = path.join(folder, name);
      if (statSync(file).isDirectory()) walk(file);
      else if (/\.mdx?$/.test(name)) files.push(path.relative(source, file));
    }
  };
  walk(source);
  const routes = readFileSync(path.join(CORPUS, 'routes.txt'), 'utf8').split('\n').filter(Boolean);
  const allRoutes: string[] = [];
  for (let copy = 0; copy < scale; copy++) {
    const prefix = copy === 0 ? '' : `/copy-${copy}`;
    for (const relative of files) {
      const text = readFileSync(path.join(source, relative), 'utf8');
      const target = path.join(root, 'contents', prefix, relative);
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, prefix === '' ? text : rewriteLinks(text, prefix));
    }
    for (const route of routes) allRoutes.push(prefix + route);
  }
  writeFileSync(path.join(root, 'routes.txt'), allRoutes.join('\n') + '\n');
}

/** Moves every site-absolute link of a copy under its prefix. */
function rewriteLinks(text: string, prefix: string): string {
  return text
    .replace(/(\]\(\s*<?|\]:\s*<?|\b(?:href|to)=\{?["'`])\/(?!\/)/g, `$1${prefix}/`)
    .replace(/https?:\/\/(?:www\.)?posthog\.com(?=\/|[)\s"'>#]|$)/g, (url) => `${url}${prefix}`);
}

/** A site of `count` pages shaped like a handbook, for machines without the corpus. */
function syntheticSite(root: string, count: number): void {
  const folders = ['handbook/company', 'handbook/people', 'handbook/engineering', 'docs/api', 'docs/guides', 'blog'];
  const words = 'values team growth product engineering hiring culture strategy feedback roadmap'.split(' ');
  for (let i = 0; i < count; i++) {
    const folder = folders[i % folders.length];
    const lines = [`---`, `title: Page ${i}`, `---`, '', `Intro paragraph for page ${i} about ${words[i % words.length]}.`, ''];
    for (let h = 0; h < 8; h++) {
      lines.push(`## ${words[(i + h) % words.length]} section ${h}`, '');
      for (let p = 0; p < 4; p++) {
        const other = (i * 7 + h * 13 + p) % count;
        const anchor = `${words[(other + p) % words.length]}-section-${p}`;
        lines.push(`Text about ${words[(h + p) % words.length]} with a [link](/${folders[other % folders.length]}/page-${other}#${anchor}) and more words to fill the line.`, '');
      }
      lines.push('```js', `const example = "[not a link](/nowhere)";`, '```', '');
    }
    const file = path.join(root, 'contents', folder, `page-${i}.md`);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, lines.join('\n'));
  }
  writeFileSync(path.join(root, 'routes.txt'), '/pricing\n');
}
