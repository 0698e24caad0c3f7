// copydesk for VS Code: starts `copydesk lsp` through vscode-languageclient and adds commands,
// settings and a status-bar item on top of it.
import * as vscode from 'vscode';
import {
  DocumentDiagnosticRequest,
  ExecuteCommandRequest,
  LanguageClient,
  LanguageClientOptions,
  RevealOutputChannelOn,
  ServerOptions,
  State,
} from 'vscode-languageclient/node';
import { bundledBinary, resolveBinary, Source } from './binary';

export const INSTALL_URL = 'https://github.com/copydesk/copydesk/tree/main/editors/vscode#installing';
const SECTION = 'copydesk';
const FIX_ALL_KIND = vscode.CodeActionKind.SourceFixAll.append('copydesk');

export type ServerState = 'starting' | 'running' | 'stopped' | 'missing' | 'failed';

/** What `activate` returns: used by the integration tests, and by anyone scripting the extension. */
export interface CopydeskApi {
  state(): ServerState;
  /** Resolves once the server is running (or rejects when it could not be started). */
  ready(): Promise<void>;
  client(): LanguageClient | undefined;
  binary(): string | undefined;
  /** Where the running binary came from: the `copydesk.path` setting, the extension's own, or PATH. */
  binarySource(): Source | undefined;
  lastError(): string | undefined;
  statusBarText(): string;
}

/** The settings sent to the server, as initializationOptions and in workspace/didChangeConfiguration. */
export function serverSettings(): { severity: Record<string, string>; languages: string[] } {
  const cfg = vscode.workspace.getConfiguration(SECTION);
  return {
    severity: { ...(cfg.get<Record<string, string>>('severity') ?? {}) },
    languages: enabledLanguages(),
  };
}

function enabledLanguages(): string[] {
  return vscode.workspace.getConfiguration(SECTION).get<string[]>('languages') ?? ['markdown', 'plaintext'];
}

class Copydesk implements vscode.Disposable {
  private lc: LanguageClient | undefined;
  private st: ServerState = 'stopped';
  private err: string | undefined;
  private bin: string | undefined;
  private binSource: Source | undefined;
  private starting: Promise<void> = Promise.resolve();
  private readonly output = vscode.window.createOutputChannel('copydesk');
  private readonly status = vscode.window.createStatusBarItem('copydesk.status', vscode.StatusBarAlignment.Right, 100);
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly extensionPath: string) {
    this.status.name = 'copydesk';
    this.status.command = 'copydesk.statusMenu';
    this.setState('stopped');
    this.status.show();
    this.disposables.push(
      this.output,
      this.status,
      vscode.workspace.onDidChangeConfiguration(e => this.onConfigChange(e)),
      vscode.window.onDidChangeActiveTextEditor(() => this.updateEditorContext()),
      vscode.workspace.onDidOpenTextDocument(() => this.updateEditorContext()),
    );
    this.updateEditorContext();
  }

  /** `copydesk.checkedEditor`: the active editor's language is one copydesk checks (menus use it). */
  private updateEditorContext(): void {
    const lang = vscode.window.activeTextEditor?.document.languageId;
    void vscode.commands.executeCommand('setContext', 'copydesk.checkedEditor', !!lang && enabledLanguages().includes(lang));
  }

  get api(): CopydeskApi {
    return {
      state: () => this.st,
      ready: () => this.starting,
      client: () => this.lc,
      binary: () => this.bin,
      binarySource: () => this.binSource,
      lastError: () => this.err,
      statusBarText: () => this.status.text,
    };
  }

  private setState(st: ServerState, detail?: string): void {
    this.st = st;
    const version = this.lc?.initializeResult?.serverInfo?.version;
    const s = this.status;
    s.backgroundColor = undefined;
    switch (st) {
      case 'starting':
        s.text = '$(sync~spin) copydesk';
        s.tooltip = 'copydesk: starting the language server…';
        break;
      case 'running':
        s.text = '$(check) copydesk';
        s.tooltip = `copydesk${version ? ' ' + version : ''}: running (${this.bin}). Click for commands.`;
        break;
      case 'stopped':
        s.text = '$(circle-slash) copydesk';
        s.tooltip = 'copydesk: the language server is stopped. Click to restart it.';
        break;
      case 'missing':
        s.text = '$(error) copydesk';
        s.tooltip = `copydesk: binary not found (${detail}). Click to see how to install it.`;
        s.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
        break;
      case 'failed':
        s.text = '$(error) copydesk';
        s.tooltip = `copydesk: the language server failed: ${detail}. Click for commands.`;
        s.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
        break;
    }
  }

  /** (Re)starts the server with the current settings. */
  start(): Promise<void> {
    this.starting = this.starting.catch(() => undefined).then(() => this.doStart());
    return this.starting;
  }

  private async doStart(): Promise<void> {
    await this.stopClient();
    this.err = undefined;
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    const resolved = resolveBinary(vscode.workspace.getConfiguration(SECTION).get<string>('path'), folder, bundledBinary(this.extensionPath));
    this.bin = resolved.path;
    this.binSource = resolved.source;
    if (!resolved.path) {
      this.err = `copydesk binary not found: ${resolved.detail}`;
      this.output.appendLine(this.err);
      this.setState('missing', resolved.detail);
      void this.offerInstall(resolved.detail);
      throw new Error(this.err);
    }
    this.output.appendLine(`Starting ${resolved.path} lsp (${resolved.detail})`);
    const serverOptions: ServerOptions = {
      command: resolved.path,
      args: ['lsp'],
      options: { cwd: folder },
    };
    const languages = enabledLanguages();
    const clientOptions: LanguageClientOptions = {
      documentSelector: languages.flatMap(language => [
        { scheme: 'file', language },
        { scheme: 'untitled', language },
      ]),
      initializationOptions: () => serverSettings(),
      outputChannel: this.output,
      traceOutputChannel: this.output,
      revealOutputChannelOn: RevealOutputChannelOn.Never,
      middleware: {
        // The client pulls diagnostics when the server offers them (on open and on change, and
        // on workspace/diagnostic/refresh). Published copies would list every finding twice,
        // so they are shown only when the server cannot be pulled from.
        handleDiagnostics: (uri, diagnostics, next) => {
          if (!lc.initializeResult?.capabilities.diagnosticProvider) next(uri, diagnostics);
        },
      },
    };
    const lc = new LanguageClient('copydesk', 'copydesk', serverOptions, clientOptions);
    this.lc = lc;
    lc.onDidChangeState(({ newState }) => {
      if (this.lc !== lc) return;
      if (newState === State.Running) this.setState('running');
      else if (newState === State.Starting) this.setState('starting');
      else if (this.st !== 'failed') this.setState('stopped');
    });
    this.setState('starting');
    try {
      await lc.start();
    } catch (e) {
      this.err = `copydesk language server failed to start: ${String((e as Error)?.message ?? e)}`;
      this.output.appendLine(this.err);
      this.setState('failed', String((e as Error)?.message ?? e));
      void vscode.window.showErrorMessage(this.err, 'Show Output').then(a => a && this.output.show());
      throw e;
    }
    this.setState('running');
  }

  private async stopClient(): Promise<void> {
    const lc = this.lc;
    this.lc = undefined;
    if (!lc) return;
    try {
      if (lc.isRunning()) await lc.stop(5000);
      await lc.dispose(2000);
    } catch (e) {
      this.output.appendLine(`stopping the server: ${String(e)}`);
    }
    this.setState('stopped');
  }

  private async offerInstall(detail: string): Promise<void> {
    const choice = await vscode.window.showErrorMessage(
      `copydesk: the copydesk binary was not found (${detail}). Install copydesk, or set "copydesk.path" to the binary.`,
      'How to install',
      'Open Settings',
    );
    if (choice === 'How to install') await vscode.env.openExternal(vscode.Uri.parse(INSTALL_URL));
    else if (choice === 'Open Settings') await vscode.commands.executeCommand('workbench.action.openSettings', 'copydesk.path');
  }

  private onConfigChange(e: vscode.ConfigurationChangeEvent): void {
    if (!e.affectsConfiguration(SECTION)) return;
    if (e.affectsConfiguration(`${SECTION}.languages`)) this.updateEditorContext();
    if (e.affectsConfiguration(`${SECTION}.path`) || e.affectsConfiguration(`${SECTION}.languages`)) {
      this.output.appendLine('copydesk.path or copydesk.languages changed: restarting the server');
      void this.start().catch(() => undefined);
      return;
    }
    if (e.affectsConfiguration(`${SECTION}.severity`) && this.lc?.isRunning()) {
      void this.sendSettings(this.lc);
    }
  }

  /** Sends the settings to the server, then pulls diagnostics again for the open documents. */
  private async sendSettings(lc: LanguageClient): Promise<void> {
    await lc.sendNotification('workspace/didChangeConfiguration', { settings: { [SECTION]: serverSettings() } });
    const pull = lc.getFeature(DocumentDiagnosticRequest.method);
    const fired = new Set<unknown>();
    for (const doc of vscode.workspace.textDocuments) {
      const provider = pull?.getProvider(doc);
      if (provider && !fired.has(provider)) {
        fired.add(provider);
        provider.onDidChangeDiagnosticsEmitter.fire();
      }
    }
  }

  /** A running client, starting the server first when it is not running. */
  async running(): Promise<LanguageClient> {
    if (!this.lc?.isRunning()) await this.start();
    await this.starting;
    if (!this.lc) throw new Error(this.err ?? 'copydesk is not running');
    return this.lc;
  }

  private serverCommands(lc: LanguageClient): string[] {
    return lc.initializeResult?.capabilities.executeCommandProvider?.commands ?? [];
  }

  /** `copydesk: Fix all naming in this document`. Resolves to true when the document changed. */
  async fixAll(uri?: vscode.Uri): Promise<boolean> {
    const target = uri ?? vscode.window.activeTextEditor?.document.uri;
    if (!target) {
      void vscode.window.showWarningMessage('copydesk: open a document to fix.');
      return false;
    }
    const lc = await this.running();
    const doc = await vscode.workspace.openTextDocument(target);
    const version = doc.version;
    if (this.serverCommands(lc).includes('copydesk.fixAll')) {
      // the server sends the fixes as a workspace/applyEdit request, which the language client
      // applies; it may come after the command's response, so wait for it a moment when there is
      // something to fix
      const edited = new Promise<void>(resolve => {
        const sub = vscode.workspace.onDidChangeTextDocument(e => {
          if (e.document === doc && e.contentChanges.length) { sub.dispose(); resolve(); }
        });
        setTimeout(() => { sub.dispose(); resolve(); }, 3000);
      });
      await lc.sendRequest(ExecuteCommandRequest.type, {
        command: 'copydesk.fixAll',
        arguments: [lc.code2ProtocolConverter.asUri(target)],
      });
      const fixable = vscode.languages.getDiagnostics(target).some(d => d.source === 'copydesk'
        && ['inconsistent-name', 'undefined-acronym'].includes(String(typeof d.code === 'object' ? d.code.value : d.code)));
      if (doc.version === version && fixable) await edited;
    } else {
      const all = new vscode.Range(0, 0, doc.lineCount, 0);
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
        'vscode.executeCodeActionProvider', target, all, FIX_ALL_KIND.value) ?? [];
      for (const a of actions.filter(a => a.kind && FIX_ALL_KIND.contains(a.kind))) {
        if (a.edit) await vscode.workspace.applyEdit(a.edit);
        if (a.command) await vscode.commands.executeCommand(a.command.command, ...(a.command.arguments ?? []));
      }
    }
    const changed = doc.version !== version;
    if (!changed) vscode.window.setStatusBarMessage('copydesk: no naming to fix in this document', 4000);
    return changed;
  }

  /** The name to look up: the selection, else a copydesk finding under the cursor, else the word there. */
  private nameAtCursor(): string | undefined {
    const ed = vscode.window.activeTextEditor;
    if (!ed) return undefined;
    const sel = ed.selection;
    if (!sel.isEmpty) return ed.document.getText(sel).trim() || undefined;
    const pos = sel.active;
    const diag = vscode.languages.getDiagnostics(ed.document.uri)
      .find(d => d.source === 'copydesk' && d.range.contains(pos) && !d.range.isEmpty
        && (d.code === 'inconsistent-name' || d.code === 'undefined-acronym'
          || (typeof d.code === 'object' && (d.code.value === 'inconsistent-name' || d.code.value === 'undefined-acronym'))));
    if (diag) return ed.document.getText(diag.range);
    const word = ed.document.getWordRangeAtPosition(pos, /[\p{L}\p{N}][\p{L}\p{N}'’.-]*[\p{L}\p{N}]|[\p{L}\p{N}]/u);
    return word ? ed.document.getText(word) : undefined;
  }

  /** `copydesk: Show glossary entry`. Resolves to the entry's Markdown, or null for an unknown name. */
  async showGlossaryEntry(name?: string, show = true): Promise<string | null> {
    if (typeof name !== 'string' || !name.trim()) {
      name = await vscode.window.showInputBox({
        title: 'copydesk: Show glossary entry',
        prompt: 'A name or acronym from the glossary',
        value: this.nameAtCursor() ?? '',
      });
    }
    if (!name?.trim()) return null;
    name = name.trim();
    const lc = await this.running();
    const md = await lc.sendRequest(ExecuteCommandRequest.type, { command: 'copydesk.glossaryEntry', arguments: [name] }) as unknown;
    if (typeof md !== 'string' || !md) {
      void vscode.window.showInformationMessage(`copydesk: the glossary has no entry for “${name}”.`);
      return null;
    }
    if (show) await this.showMarkdown(`Glossary: ${name}`, md);
    return md;
  }

  private async showMarkdown(title: string, md: string): Promise<void> {
    let html: string | undefined;
    try {
      html = await vscode.commands.executeCommand<string>('markdown.api.render', md);
    } catch {
      html = undefined; // the built-in Markdown extension is disabled: fall back to the source
    }
    if (!html) {
      const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: md });
      await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: true });
      return;
    }
    const panel = vscode.window.createWebviewPanel('copydesk.glossary', title,
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, { enableScripts: false });
    panel.webview.html = `<!DOCTYPE html><html><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline';">
<style>body{font-family:var(--vscode-font-family);font-size:var(--vscode-font-size);color:var(--vscode-foreground);padding:0 1em}</style>
</head><body>${html}</body></html>`;
  }

  async statusMenu(): Promise<void> {
    if (this.st === 'missing') {
      await this.offerInstall(this.err ?? 'not found');
      return;
    }
    const items: (vscode.QuickPickItem & { command: string })[] = [
      { label: '$(debug-restart) Restart server', command: 'copydesk.restartServer' },
      { label: '$(wand) Fix all naming in this document', command: 'copydesk.fixAllNaming' },
      { label: '$(book) Show glossary entry', command: 'copydesk.showGlossaryEntry' },
      { label: '$(output) Show output', command: 'copydesk.showOutput' },
      { label: '$(gear) Settings', command: 'copydesk.openSettings' },
    ];
    const pick = await vscode.window.showQuickPick(items, { title: `copydesk (${this.st})` });
    if (pick) await vscode.commands.executeCommand(pick.command);
  }

  showOutput(): void {
    this.output.show(true);
  }

  async dispose(): Promise<void> {
    await this.stopClient();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

let instance: Copydesk | undefined;

export function activate(context: vscode.ExtensionContext): CopydeskApi {
  const cd = new Copydesk(context.extensionPath);
  instance = cd;
  const reportFailure = (e: unknown) => {
    void vscode.window.showErrorMessage(`copydesk: ${String((e as Error)?.message ?? e)}`);
  };
  context.subscriptions.push(
    { dispose: () => void cd.dispose() },
    vscode.commands.registerCommand('copydesk.fixAllNaming', (uri?: vscode.Uri) =>
      cd.fixAll(uri instanceof vscode.Uri ? uri : undefined).catch(e => { reportFailure(e); return false; })),
    vscode.commands.registerCommand('copydesk.showGlossaryEntry', (name?: string, show?: boolean) =>
      cd.showGlossaryEntry(name, show !== false).catch(e => { reportFailure(e); return null; })),
    vscode.commands.registerCommand('copydesk.restartServer', () => cd.start().catch(() => undefined)),
    vscode.commands.registerCommand('copydesk.showOutput', () => cd.showOutput()),
    vscode.commands.registerCommand('copydesk.openSettings', () =>
      vscode.commands.executeCommand('workbench.action.openSettings', '@ext:copydesk.copydesk')),
    vscode.commands.registerCommand('copydesk.statusMenu', () => cd.statusMenu()),
  );
  void cd.start().catch(() => undefined); // failures are shown in the status bar and a notification
  return cd.api;
}

export async function deactivate(): Promise<void> {
  await instance?.dispose();
  instance = undefined;
}
