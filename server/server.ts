import * as path from 'path';
import {
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  ErrorCodes,
  FileChangeType,
  LSPErrorCodes,
  ResponseError,
  TextDocuments,
  TextDocumentSyncKind,
  type CancellationToken,
  type ClientCapabilities,
  type Connection,
  type InitializeResult,
  type RenameFilesParams,
  type WorkspaceEdit,
  type WorkspaceSymbolParams,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { citationLenses, valueSummaries } from './core/citations';
import { completeAt } from './core/completion';
import { checkPage } from './core/diagnostics';
import { checkRedirectRules } from './core/ruleCheck';
import { isPagePath } from './core/workspace';
import { hoverAt } from './core/hover';
import { definitionAt, documentLinksOf } from './core/navigation';
import { moveEdits, pagesMoved, type PageMove } from './core/move';
import { referencesAt } from './core/references';
import { LineMap } from './core/text';
import { prepareRenameAt, renameAt } from './core/rename';
import { documentOutline, workspaceSymbols } from './core/symbols';
import { DEFAULT_SITE_SETTINGS } from './core/settings';
import { SiteIndex, type IndexedPage, type PageChange, type PageSource, type RouteList } from './core/siteIndex';
import { DEFAULT_CONFIG, mergeSettings, readConfig, readSuggestCommand, reportable, severityOf, type HandbookConfig } from './config';
import { CONFIG_FILE, readConfigFile } from './configFile';
import {
  linkBudgetDiagnostic,
  toCompletionItem,
  toDiagnostics,
  toDocumentLink,
  toCitationLens,
  toDocumentSymbol,
  toValuesAnswer,
  VALUES_CHANGED,
  VALUES_REQUEST,
  type ValuesAnswer,
  toHover,
  toLocation,
  toLocationLink,
  toQuickFix,
  toRuleDiagnostics,
  toWorkspaceEdit,
  toWorkspaceSymbol,
} from './convert';
import { CheckScheduler } from './checkScheduler';
import { DiskWorkspace } from './diskWorkspace';
import { redirectFileEdits } from './redirectEdits';
import { VERSION } from './version';
import { fsPathOf, OpenDocuments } from './openDocuments';
import { describeRules, detectSite } from './siteRules';
import {
  BUNDLED_CONTENT,
  bundledRoutes,
  findContentRoot,
  listStaticFiles,
  pathInside,
  readRedirectRules,
  readRoutesFile,
  REDIRECT_FILES,
} from './siteFiles';

/** The site as loaded for the current settings. */
interface LoadedSite {
  index: SiteIndex;
  disk?: DiskWorkspace;
  routesFile?: string;
}

/** The most links of one page checked as it is edited; handbook-check checks them all. */
const MAX_CHECKED_LINKS = 20_000;

/** Pages whose links join the reverse index per idle turn after loading: a few milliseconds' work. */
const LINK_INDEX_BATCH = 200;

/** Wires the handbook features to an LSP connection and starts listening. */
export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const open = new OpenDocuments(documents, (text) => site.index.parse(text), (document, parsed) => {
    // A page's new text is the index's before any feature reads the page.
    const pagePath = pagePathOf(document.uri);
    if (pagePath !== undefined) pageChanged(pagePath, () => site.index.setPage('workspace', pagePath, parsed), document.uri);
  });
  const checks = new CheckScheduler(checkDocuments, () => loading);
  let capabilities: ClientCapabilities = {};
  let siteRoot: string | undefined;
  let config: HandbookConfig = DEFAULT_CONFIG;
  /** The command the client runs to show completions again, if it named one (VS Code's does). */
  let suggestCommand: string | undefined;
  let site: LoadedSite = { index: new SiteIndex(DEFAULT_SITE_SETTINGS) };
  let loading: Promise<void> = new Promise(() => undefined);
  /** Where the protocol is: requests are answered only between `initialize` and `shutdown`. */
  let lifecycle: 'starting' | 'running' | 'shut down' = 'starting';

  const log = (message: string) => connection.console.log(message);
  const logError = (what: string, error: unknown) =>
    connection.console.error(`${what}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);

  /**
   * Test hook: with HANDBOOK_FAULTS=hover,completion,... a feature throws for documents that
   * contain `handbook-fault`, so tests can prove one failure never takes the server down.
   */
  const faults = new Set((process.env.HANDBOOK_FAULTS ?? '').split(',').filter(Boolean));
  function injectFault(feature: string, document: TextDocument | undefined): void {
    if (faults.has(feature) && document?.getText().includes('handbook-fault')) throw new Error(`injected fault in ${feature}`);
  }

  function guarded<P extends { textDocument?: { uri: string } }, R>(
    name: string,
    empty: R,
    handler: (params: P, token: CancellationToken) => R | Promise<R>,
  ) {
    return async (params: P, token: CancellationToken): Promise<R | ResponseError<void>> => {
      if (lifecycle === 'starting') return new ResponseError(ErrorCodes.ServerNotInitialized, 'the server has not been initialized');
      if (lifecycle === 'shut down') return new ResponseError(ErrorCodes.InvalidRequest, 'the server has been shut down');
      try {
        await loading;
        if (token.isCancellationRequested) return new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled');
        injectFault(name, params.textDocument && open.get(params.textDocument.uri));
        return await handler(params, token);
      } catch (error) {
        // A refusal with its reason (a rename that cannot be made) is the answer, not a failure.
        if (error instanceof ResponseError) return error;
        logError(`The ${name} request failed`, error);
        return empty;
      }
    };
  }

  const isRedirectFile = (file: string) => siteRoot !== undefined && REDIRECT_FILES.some((name) => path.join(siteRoot!, name) === file);
  const pagePathOf = (uri: string) => (uri.startsWith('file:') ? site.disk?.relativePath(fsPathOf(uri)) : undefined);

  /** An open document as the features read it: its latest text parsed, and where it is on the site. */
  function sourceFor(document: TextDocument): PageSource {
    const parsed = open.parsedOf(document);
    const pagePath = pagePathOf(document.uri);
    const page = pagePath === undefined ? undefined : site.index.page('workspace', pagePath);
    return { parsed, url: page?.url, path: page?.path };
  }

  /**
   * Applies a change to a page and re-checks what it reaches. A change to the values page
   * also tells the client (its Values view), and, where the values' names change, reads every
   * open page again: where they name a value depends on the names.
   */
  function pageChanged(pagePath: string, change: () => PageChange, except?: string): void {
    const before = site.index.values();
    const names = (values: typeof before) => values?.values.map((value) => value.name).join('\n');
    recheckLinkers(change(), except);
    refreshCitationLenses();
    const after = site.index.values();
    if (before === after || (before?.page.path !== pagePath && after?.page.path !== pagePath)) return;
    if (names(before) !== names(after)) {
      open.reparseAll();
      for (const document of open.all()) if (document.uri !== except) checks.schedule(document.uri);
    }
    void connection.sendNotification(VALUES_CHANGED);
  }

  let citationLensRefresh: NodeJS.Timeout | undefined;

  /**
   * Asks the client for the values page's lenses again, once edits pause, while that page is
   * open: any page's edit may add or remove a citation, and the client asks for a page's
   * lenses only as that page is edited.
   */
  function refreshCitationLenses(): void {
    if (!capabilities.workspace?.codeLens?.refreshSupport) return;
    const values = site.index.values();
    if (!values || values.page.layer !== 'workspace' || !open.all().some((document) => pagePathOf(document.uri) === values.page.path)) return;
    clearTimeout(citationLensRefresh);
    citationLensRefresh = setTimeout(() => void connection.sendRequest('workspace/codeLens/refresh').catch(() => undefined), 500);
  }

  function recheckLinkers(change: PageChange, except?: string): void {
    if (change.affectedUrls.length === 0) return;
    const paths = site.index.linkersOf(change.affectedUrls);
    for (const document of open.all()) {
      if (document.uri === except) continue;
      const pagePath = pagePathOf(document.uri);
      if (pagePath === undefined || paths.has(pagePath)) checks.schedule(document.uri);
    }
  }

  function checkDocuments(uris: string[]): void {
    for (const uri of uris) {
      const document = open.get(uri);
      if (!document) continue;
      try {
        injectFault('diagnostics', document);
        const source = sourceFor(document);
        // A page of more links than a keystroke can afford has its first ones checked, and says so.
        const { links } = source.parsed;
        const checked = links.length > MAX_CHECKED_LINKS ? { ...source, parsed: { ...source.parsed, links: links.slice(0, MAX_CHECKED_LINKS) } } : source;
        const findings = reportable(checkPage(site.index, checked), config, fileFromRoot(uri));
        const diagnostics = toDiagnostics(findings, source.parsed.lines);
        if (checked !== source) diagnostics.push(linkBudgetDiagnostic(links.length, links[MAX_CHECKED_LINKS].span, source.parsed.lines));
        void connection.sendDiagnostics({ uri, version: document.version, diagnostics });
      } catch (error) {
        logError(`Checking ${uri} failed`, error);
      }
    }
  }

  /** Loads the site for the current settings, unless a later reload supersedes this one first. */
  async function loadSite(superseded: () => boolean): Promise<void> {
    // The config file is read again with each load: the editor's settings are laid over it.
    const configFile = readConfigFile(siteRoot);
    config = readConfig({ handbook: mergeSettings(configFile.settings, clientSettings) });
    for (const problem of configFile.problems) connection.window.showWarningMessage(`Handbook: ${problem}.`);
    const detected = detectSite(siteRoot, config.urlRules, 'handbook.preset');
    const index = new SiteIndex({ siteUrl: config.siteUrl, valuesPages: config.valuesPages, valueAliases: config.valueAliases, findsMentions: severityOf('value.unlinked-mention', config) !== 'off', urlRules: detected.rules });
    const notice = (message: string) => log(message);
    await index.load('bundled', new DiskWorkspace(BUNDLED_CONTENT, undefined, notice), { paths: bundledRoutes(), complete: false });
    for (const problem of [...config.problems, ...detected.problems]) connection.window.showWarningMessage(`Handbook: ${problem}.`);
    const found = findContentRoot(siteRoot, config.contentRoot, 'handbook.contentRoot', detected.contentFolder);
    // A setting that points outside the workspace is refused, once, and the defaults carry on.
    if (found.problem) connection.window.showWarningMessage(`Handbook: ${found.problem}; the default content folder is used.`);
    const contentRoot = found.path;
    let routesFile: string | undefined;
    let routes: RouteList = { paths: [], complete: false };
    if (config.routesFile) {
      const inside = pathInside(siteRoot, config.routesFile, 'handbook.routesFile');
      if ('problem' in inside) {
        connection.window.showWarningMessage(`Handbook: ${inside.problem}.`);
      } else {
        routesFile = inside.path;
        try {
          routes = { paths: readRoutesFile(routesFile, siteRoot!), complete: true };
        } catch (error) {
          connection.window.showWarningMessage(`Handbook: cannot read the routes file ${routesFile}: ${(error as Error).message}`);
        }
      }
    }
    // A change to a redirect file, or a new one, reloads the site (see the file events below).
    if (siteRoot) {
      const redirects = readRedirectRules(siteRoot);
      for (const problem of redirects.problems) connection.window.showWarningMessage(`Handbook: ${problem}.`);
      index.setRedirects(redirects.rules);
      index.files.setStaticFiles(await listStaticFiles(siteRoot, notice));
    }
    let disk: DiskWorkspace | undefined;
    if (contentRoot) {
      disk = new DiskWorkspace(contentRoot, (absolutePath) => open.textAt(absolutePath), notice);
      const progress = await startProgress('Indexing handbook');
      let reported = 0;
      const started = Date.now();
      await index.load(
        'workspace',
        disk,
        routes,
        (_parsed, _page, done, total) => {
          const percent = Math.floor((done / total) * 100);
          if (percent >= reported + 5) {
            reported = percent;
            progress?.report(percent, `${done}/${total} pages`);
          }
        },
        superseded,
      );
      progress?.done();
      if (superseded()) return;
      log(`Indexed ${[...index.pages('workspace')].length} pages under ${contentRoot} in ${Date.now() - started} ms; ${describeRules(detected)}`);
    } else {
      const looked = [detected.contentFolder, 'contents', 'content'].filter((name): name is string => !!name).map((name) => `${name}/`).join(', ');
      const message = siteRoot
        ? `no handbook in ${siteRoot} (looked for ${looked}): hovers and checks answer from the bundled values only. Point handbook.contentRoot, or contentRoot in ${CONFIG_FILE}, at the content folder.`
        : 'no folder is open: hovers and checks answer from the bundled values only.';
      log(`Handbook: ${message}`);
      // Said in the editor, not only the log: a user who expected their handbook sees why it is not there.
      if (siteRoot) connection.window.showInformationMessage(`Handbook: ${message}`);
    }
    if (superseded()) return;
    site = { index, disk, routesFile };
    // Who links to which page fills in over idle turns; a change that needs it sooner fills the rest then.
    const indexLinks = () => {
      try {
        if (site.index === index && index.indexPendingLinks(LINK_INDEX_BATCH) > 0) setImmediate(indexLinks);
      } catch (error) {
        logError('Indexing who links to which page failed', error);
      }
    };
    setImmediate(indexLinks);
    open.reparseAll();
    for (const document of open.all()) checks.schedule(document.uri);
    publishRuleDiagnostics();
    for (const key of index.values()?.unmatchedAliases ?? []) {
      connection.window.showWarningMessage(`Handbook: values.aliases names "${key}", which is no value of ${index.values()!.page.path}; its aliases are not used.`);
    }
    void connection.sendNotification(VALUES_CHANGED);
  }

  /** Lists the site's files again (an image came or went) and re-checks the open pages, whose links to files may change. */
  async function refreshServedFiles(): Promise<void> {
    try {
      const { index, disk } = site;
      if (disk) {
        await disk.listPages();
        index.files.setContentFiles(await disk.listFiles());
      }
      if (siteRoot) index.files.setStaticFiles(await listStaticFiles(siteRoot, log));
      for (const document of open.all()) checks.schedule(document.uri);
    } catch (error) {
      logError('Listing the site\'s files failed', error);
    }
  }

  /** Redirect files with findings on their rules published, so a later check can clear them. */
  let filesWithRuleFindings = new Set<string>();

  /** Checks the host's rules against the site's pages, and shows the findings in the files the rules are in. */
  function publishRuleDiagnostics(): void {
    if (!siteRoot) return;
    try {
      const byFile = toRuleDiagnostics(checkRedirectRules(site.index), (code) => severityOf(code, config));
      const uris = new Set<string>();
      for (const [file, diagnostics] of byFile) {
        const uri = URI.file(path.join(siteRoot, file)).toString();
        uris.add(uri);
        void connection.sendDiagnostics({ uri, diagnostics });
      }
      for (const uri of filesWithRuleFindings) if (!uris.has(uri)) void connection.sendDiagnostics({ uri, diagnostics: [] });
      filesWithRuleFindings = uris;
    } catch (error) {
      logError('Checking the redirect rules failed', error);
    }
  }

  async function startProgress(title: string) {
    if (!capabilities.window?.workDoneProgress) return undefined;
    try {
      const progress = await connection.window.createWorkDoneProgress();
      progress.begin(title, 0, undefined, false);
      return progress;
    } catch {
      return undefined;
    }
  }

  /** Which load is the current one: a new one supersedes a load still under way, which stops at its next page. */
  let loadGeneration = 0;

  /** Loads the site again, from the next turn; requests wait for this load, not for one it supersedes. */
  /** Whether the client answers `workspace/configuration` pulls. */
  let answersPulls = false;
  /** Settles once the settings a client serves to a pull have been asked for (at once for a client that serves none). */
  let settingsAsked: Promise<void> = Promise.resolve();
  let settingsAnswered = () => undefined as void;

  function reload(): void {
    const generation = ++loadGeneration;
    loading = settingsAsked
      .then(() => new Promise((resolve) => setImmediate(resolve)))
      .then(() => loadSite(() => generation !== loadGeneration))
      .catch((error) => logError('Loading the handbook failed', error));
  }

  connection.onInitialize((params): InitializeResult => {
    lifecycle = 'running';
    capabilities = params.capabilities;
    // A client that serves settings to a pull (Neovim's `settings`) is asked once initialized,
    // and the site is loaded with what it answers, not loaded twice.
    // Neovim 0.7 answers the pull without saying it does (0.8 and later say so).
    answersPulls = capabilities.workspace?.configuration === true || params.clientInfo?.name === 'Neovim';
    if (answersPulls) settingsAsked = new Promise((resolve) => (settingsAnswered = resolve));
    // Loaded from the next turn, once the answer to `initialize` is out: requests sent before
    // `initialized` are answered when the site is loaded, like any other.
    reload();
    const folder = params.workspaceFolders?.[0]?.uri ?? params.rootUri ?? undefined;
    // Only a folder on this machine's disk is read; a virtual one (vscode-vfs://) is not a path here.
    siteRoot = folder ? (folder.startsWith('file:') ? fsPathOf(folder) : undefined) : (params.rootPath ?? undefined);
    config = readConfig(params.initializationOptions);
    const options = params.initializationOptions as Record<string, unknown> | undefined;
    initialSettings = (options && typeof options.handbook === 'object' && options.handbook ? options.handbook : {}) as Record<string, unknown>;
    clientSettings = initialSettings;
    suggestCommand = readSuggestCommand(params.initializationOptions);
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        hoverProvider: true,
        completionProvider: { triggerCharacters: ['/', '#', '['], resolveProvider: false },
        codeActionProvider: { codeActionKinds: ['quickfix'] },
        codeLensProvider: { resolveProvider: false },
        documentLinkProvider: { resolveProvider: false },
        definitionProvider: true,
        referencesProvider: true,
        documentSymbolProvider: true,
        workspaceSymbolProvider: true,
        renameProvider: { prepareProvider: true },
        workspace: {
          // A page or folder renamed or moved in the editor: the links to it move with it.
          fileOperations: {
            willRename: {
              filters: [
                { scheme: 'file', pattern: { glob: '**/*.{md,mdx}', matches: 'file' } },
                { scheme: 'file', pattern: { glob: '**/*', matches: 'folder' } },
              ],
            },
          },
        },
      },
      serverInfo: { name: 'handbook-ls', version: VERSION },
    };
  });

  connection.onInitialized(() => {
    if (capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration) {
      void connection.client.register(DidChangeWatchedFilesNotification.type, {
        watchers: [
          { globPattern: '**/*.{md,mdx}' },
          { globPattern: '**/*.txt' },
          { globPattern: `**/{netlify.toml,_redirects,vercel.json,${CONFIG_FILE}}` },
          // Files pages link to: an image added or removed changes what its links find.
          { globPattern: '**/*.{png,jpg,jpeg,gif,svg,webp,avif,ico,pdf,mp4,webm,mov,zip,csv,json}', kind: 5 },
        ],
      });
    }
    if (capabilities.workspace?.didChangeConfiguration?.dynamicRegistration) {
      void connection.client.register(DidChangeConfigurationNotification.type, { section: 'handbook' });
    }
    // Clients that keep settings apart from the initialization options (Neovim's `settings`) answer a pull.
    if (answersPulls) {
      // A client that never answers holds the load back three seconds at most.
      const answered = settingsFrom(undefined).then(
        (settings) => {
          if (settings) clientSettings = settings;
        },
        (error) => logError('Asking for settings failed', error),
      );
      void Promise.race([answered, new Promise((resolve) => setTimeout(resolve, 3000))]).then(() => settingsAnswered());
    }
  });

  /** The `handbook` settings the client gave at start, which a later pull or push is laid over. */
  let initialSettings: Record<string, unknown> = {};
  /** The client's settings now: laid over the config file's. */
  let clientSettings: Record<string, unknown> = {};

  /** A file's path from the site root, `/`-separated, for the config file's globs. */
  const fileFromRoot = (uri: string) => (siteRoot && uri.startsWith('file:') ? path.relative(siteRoot, fsPathOf(uri)).split(path.sep).join('/') : undefined);

  /** Settings as every client can send them: pushed, pulled (workspace/configuration), or at start. */
  async function settingsFrom(pushed: unknown): Promise<Record<string, unknown> | undefined> {
    const section = (value: unknown) =>
      value && typeof value === 'object' ? ((('handbook' in value ? (value as { handbook: unknown }).handbook : value) ?? {}) as Record<string, unknown>) : undefined;
    const given = section(pushed);
    if (given && Object.keys(given).length > 0) return { ...initialSettings, ...given };
    // An empty push (eglot sends one on connect) means "ask again", never "reset".
    if (!answersPulls) return undefined;
    const pulled = section(await connection.workspace.getConfiguration('handbook'));
    return pulled ? { ...initialSettings, ...pulled } : undefined;
  }

  /** Takes new settings: the site is loaded again when they change how it is read, else the open pages re-checked. */
  function applySettings(settings: Record<string, unknown>): void {
    clientSettings = settings;
    const next = readConfig({ handbook: mergeSettings(readConfigFile(siteRoot).settings, settings) });
    const reindex =
      (['contentRoot', 'routesFile', 'siteUrl'] as const).some((key) => next[key] !== config[key]) ||
      next.valuesPages.join('\n') !== config.valuesPages.join('\n') ||
      JSON.stringify(next.valueAliases) !== JSON.stringify(config.valueAliases) ||
      (severityOf('value.unlinked-mention', next) === 'off') !== (severityOf('value.unlinked-mention', config) === 'off') ||
      JSON.stringify(next.urlRules) !== JSON.stringify(config.urlRules);
    config = next;
    if (reindex) reload();
    else for (const document of open.all()) checks.schedule(document.uri);
  }

  connection.onDidChangeConfiguration(async (params) => {
    try {
      const settings = await settingsFrom(params.settings);
      if (settings) applySettings(settings);
    } catch (error) {
      logError('Reading settings failed', error);
    }
  });

  documents.onDidOpen((event) => {
    open.opened(event.document.uri);
    checks.schedule(event.document.uri);
  });
  documents.onDidChangeContent((event) => checks.schedule(event.document.uri));
  documents.onDidClose((event) => {
    const uri = event.document.uri;
    open.closed(uri);
    void connection.sendDiagnostics({ uri, diagnostics: [] });
    const pagePath = pagePathOf(uri);
    if (pagePath === undefined || !site.disk) return;
    // The saved file is the page again, whatever the editor last held.
    const disk = site.disk;
    void loading.then(async () => {
      try {
        const text = await disk.readPage(pagePath);
        pageChanged(pagePath, () => (text === undefined ? site.index.deletePage('workspace', pagePath) : site.index.setPage('workspace', pagePath, site.index.parse(text))));
      } catch (error) {
        logError(`Re-reading ${pagePath} failed`, error);
      }
    });
  });

  connection.onDidChangeWatchedFiles((params) => {
    void loading.then(async () => {
      let filesCameOrWent = false;
      for (const change of params.changes) {
        try {
          const file = fsPathOf(change.uri);
          if ((site.routesFile && file === site.routesFile) || isRedirectFile(file) || (siteRoot !== undefined && file === path.join(siteRoot, CONFIG_FILE))) {
            reload();
            return;
          }
          if (!isPagePath(file)) {
            filesCameOrWent ||= change.type !== FileChangeType.Changed;
            continue;
          }
          const pagePath = site.disk?.relativePath(file);
          if (pagePath === undefined || !site.disk || open.textAt(file) !== undefined) continue;
          const text = change.type === FileChangeType.Deleted ? undefined : await site.disk.readPage(pagePath);
          pageChanged(pagePath, () => (text === undefined ? site.index.deletePage('workspace', pagePath) : site.index.setPage('workspace', pagePath, site.index.parse(text))));
        } catch (error) {
          logError(`Handling a change to ${change.uri} failed`, error);
        }
      }
      // A page that came or went may be where a rule sends, or what it shadows.
      if (params.changes.some((change) => change.type !== FileChangeType.Changed)) publishRuleDiagnostics();
      if (filesCameOrWent) await refreshServedFiles();
    });
  });

  connection.onHover(
    guarded('hover', null, async (params) => {
      const document = open.get(params.textDocument.uri);
      if (!document) return null;
      const source = sourceFor(document);
      const card = await hoverAt(site.index, source, source.parsed.lines.offsetAt(params.position));
      return card ? toHover(card, source.parsed.lines) : null;
    }),
  );

  connection.onCompletion(
    guarded('completion', [], (params) => {
      const document = open.get(params.textDocument.uri);
      if (!document) return [];
      const source = sourceFor(document);
      const { entries, incomplete } = completeAt(site.index, source, source.parsed.lines.offsetAt(params.position));
      const items = entries.map((entry, i) => toCompletionItem(entry, source.parsed.lines, i, suggestCommand));
      return incomplete ? { isIncomplete: true, items } : items;
    }),
  );

  connection.onCodeAction(
    guarded('code-action', [], (params) =>
      params.context.diagnostics.flatMap((diagnostic) => toQuickFix(params.textDocument.uri, diagnostic) ?? []),
    ),
  );

  /** The URI of a page, as the client names files: the bundled handbook's are the extension's own. */
  const uriOf = (page: IndexedPage) =>
    URI.file(page.layer === 'bundled' ? path.join(BUNDLED_CONTENT, ...page.path.split('/')) : site.disk ? site.disk.absolutePath(page.path) : page.path).toString();

  connection.onCodeLens(
    guarded('code-lens', [], async (params) => {
      const document = open.get(params.textDocument.uri);
      if (!document) return [];
      const source = sourceFor(document);
      return (await citationLenses(site.index, source)).map((lens) => toCitationLens(lens, source.parsed.lines, params.textDocument.uri));
    }),
  );

  // The Values view and its commands: each value, its definition, the link to it from the asking page, and who cites it.
  connection.onRequest(
    VALUES_REQUEST,
    guarded('values', { values: [] } as ValuesAnswer, async (params: { textDocument?: { uri: string } }) => {
      const values = site.index.values();
      if (!values) return { values: [] };
      const pagePath = params.textDocument ? pagePathOf(params.textDocument.uri) : undefined;
      const summaries = await valueSummaries(site.index, values, { path: pagePath }, site.index.settings.urlRules);
      return toValuesAnswer(values, summaries, uriOf);
    }),
  );

  connection.onDocumentLinks(
    guarded('document-link', [], (params) => {
      const document = open.get(params.textDocument.uri);
      if (!document) return [];
      const source = sourceFor(document);
      return documentLinksOf(site.index, source).map((entry) => toDocumentLink(entry, source.parsed.lines, uriOf));
    }),
  );

  connection.onDefinition(
    guarded('definition', null, (params) => {
      const document = open.get(params.textDocument.uri);
      if (!document) return null;
      const source = sourceFor(document);
      const found = definitionAt(site.index, source, source.parsed.lines.offsetAt(params.position));
      if (!found) return null;
      const link = toLocationLink(found.opening, source.parsed.lines.rangeOf(found.origin), uriOf);
      return capabilities.textDocument?.definition?.linkSupport ? [link] : { uri: link.targetUri, range: link.targetRange };
    }),
  );

  connection.onReferences(
    guarded('references', [], async (params) => {
      const document = open.get(params.textDocument.uri);
      if (!document) return [];
      const source = sourceFor(document);
      const places = await referencesAt(site.index, source, source.parsed.lines.offsetAt(params.position), params.context.includeDeclaration);
      return places.map((place) => toLocation(place, uriOf));
    }),
  );

  connection.onDocumentSymbol(
    guarded('document-symbol', [], (params) => {
      const document = open.get(params.textDocument.uri);
      if (!document) return [];
      const source = sourceFor(document);
      return documentOutline(source).map((entry) => toDocumentSymbol(entry, source.parsed.lines));
    }),
  );

  connection.onWorkspaceSymbol(guarded('workspace-symbol', [], (params: WorkspaceSymbolParams & { textDocument?: { uri: string } }) => workspaceSymbols(site.index, params.query).map((symbol) => toWorkspaceSymbol(symbol, uriOf))));

  connection.onPrepareRename(
    guarded('prepare-rename', null, async (params) => {
      const document = open.get(params.textDocument.uri);
      if (!document) return null;
      const source = sourceFor(document);
      const prepared = await prepareRenameAt(site.index, source, source.parsed.lines.offsetAt(params.position));
      if (!prepared) return null;
      // A refusal is an error the editor shows, with its reason.
      if ('refused' in prepared) throw new ResponseError(ErrorCodes.InvalidRequest, prepared.refused);
      return { range: source.parsed.lines.rangeOf(prepared.span), placeholder: prepared.placeholder };
    }),
  );

  connection.onRenameRequest(
    guarded('rename', null, async (params) => {
      const document = open.get(params.textDocument.uri);
      if (!document) return null;
      const source = sourceFor(document);
      const renamed = await renameAt(site.index, source, source.parsed.lines.offsetAt(params.position), params.newName);
      if (!renamed) return null;
      if ('refused' in renamed) throw new ResponseError(ErrorCodes.InvalidRequest, renamed.refused);
      return toWorkspaceEdit(renamed, uriOf);
    }),
  );

  const willRenameFiles = guarded('will-rename-files', null, async (params: RenameFilesParams & { textDocument?: { uri: string } }) => {
    const disk = site.disk;
    if (!disk) return null;
    const moves = params.files.flatMap((file) => {
      const from = disk.pathInside(fsPathOf(file.oldUri));
      const to = disk.pathInside(fsPathOf(file.newUri));
      return from !== undefined && to !== undefined ? [{ from, to }] : [];
    });
    const pages = pagesMoved(site.index, moves);
    if (pages.length === 0) return null;
    const edit = toWorkspaceEdit(await moveEdits(site.index, pages), uriOf);
    if (siteRoot) addRedirectEdits(edit, pages, siteRoot);
    return edit;
  });
  // A file operation cannot be refused with an error: the editor moves the files anyway, unedited.
  connection.workspace.onWillRenameFiles(async (params, token) => {
    const edit = await willRenameFiles(params, token);
    return edit instanceof ResponseError ? null : edit;
  });

  /** Adds to an edit what a move changes in the site's redirect files: rules retargeted, and redirects added when asked. */
  function addRedirectEdits(edit: WorkspaceEdit, pages: PageMove[], root: string): void {
    for (const file of redirectFileEdits(root, site.index, pages, config.addRedirectsOnMove)) {
      const lines = new LineMap(file.text);
      const uri = URI.file(file.file).toString();
      const edits = file.edits.map((change) => ({ range: { start: lines.positionAt(change.start), end: lines.positionAt(change.end) }, newText: change.newText }));
      edit.changes = { ...edit.changes, [uri]: [...(edit.changes?.[uri] ?? []), ...edits] };
    }
  }

  // For load tests: memory after a full collection, when node runs with --expose-gc.
  connection.onRequest('handbook/memoryUsage', () => {
    (globalThis as { gc?: () => void }).gc?.();
    return process.memoryUsage();
  });

  connection.onShutdown(() => {
    lifecycle = 'shut down';
  });

  documents.listen(connection);
  connection.listen();
}
