// Integration tests that run INSIDE a real VS Code extension host (loaded as extensionTestsPath by
// editors/vscode/e2e/exthost-test.mjs). They drive the extension and the copydesk server through
// the VS Code API only. `run` resolves when every test passed and rejects otherwise.
//
// Environment: COPYDESK_FIXTURES (editors/fixtures), COPYDESK_RESULT (JSON report to write),
// COPYDESK_EXPECT_BUNDLED=1 (the extension must run the binary it carries).
// The workspace folder holds copies of story.md, story.txt and fix-all.md.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { bundledBinary, which } from '../binary';
import type { CopydeskApi } from '../extension';

const EXTENSION_ID = 'copydesk.copydesk';
const TIMEOUT = 20_000;

async function until<T>(what: string, f: () => T | undefined | false | Promise<T | undefined | false>, ms = TIMEOUT): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = await f();
    if (v) return v;
    if (Date.now() - t0 > ms) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise(r => setTimeout(r, 100));
  }
}

function codeOf(d: vscode.Diagnostic): string {
  return String(typeof d.code === 'object' ? d.code.value : d.code);
}

function findings(uri: vscode.Uri, rule?: string): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter(d => d.source === 'copydesk' && (!rule || codeOf(d) === rule));
}

function describe(ds: vscode.Diagnostic[]): string {
  return JSON.stringify(ds.map(d => ({
    code: codeOf(d), severity: vscode.DiagnosticSeverity[d.severity], message: d.message,
    range: `${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character}`,
  })));
}

function folder(): vscode.Uri {
  const f = vscode.workspace.workspaceFolders?.[0];
  assert.ok(f, 'a workspace folder is open');
  return f.uri;
}

async function open(name: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder(), name));
  return vscode.window.showTextDocument(doc);
}

/** Position of the n-th occurrence of `needle` in the document. */
function positionOf(doc: vscode.TextDocument, needle: string, nth = 0): vscode.Position {
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = doc.getText().indexOf(needle, at + 1);
    assert.ok(at >= 0, `“${needle}” occurs ${nth + 1} times in ${doc.uri.path}`);
  }
  return doc.positionAt(at);
}

function hoverText(hovers: vscode.Hover[]): string[] {
  return hovers.flatMap(h => h.contents.map(c => (typeof c === 'string' ? c : c.value)));
}

async function apply(action: vscode.CodeAction): Promise<void> {
  if (action.edit) assert.ok(await vscode.workspace.applyEdit(action.edit), `applyEdit for “${action.title}”`);
  if (action.command) await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
}

const config = () => vscode.workspace.getConfiguration('copydesk');
let api: CopydeskApi;
const report: Record<string, unknown> = {};

const tests: [string, () => Promise<void>][] = [
  ['activates on a Markdown story and starts the server', async () => {
    const ext = vscode.extensions.getExtension<CopydeskApi>(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} is installed`);
    const ed = await open('story.md');
    assert.strictEqual(ed.document.languageId, 'markdown');
    await until('the extension to activate', () => ext.isActive);
    api = ext.exports;
    await api.ready();
    assert.strictEqual(api.state(), 'running');
    assert.match(api.statusBarText(), /\$\(check\) copydesk/);
    report.server = api.client()?.initializeResult?.serverInfo;
    report.binary = api.binary();
    report.binarySource = api.binarySource();
  }],

  ['runs the binary the extension carries when copydesk.path is not set', async () => {
    // scripts/editors-test.sh installs the platform .vsix and starts code-server with no
    // copydesk on PATH and no copydesk.path (COPYDESK_EXPECT_BUNDLED=1)
    if (process.env.COPYDESK_EXPECT_BUNDLED !== '1') return;
    const ext = vscode.extensions.getExtension<CopydeskApi>(EXTENSION_ID)!;
    assert.strictEqual(config().inspect<string>('path')?.globalValue ?? '', '');
    assert.strictEqual(which('copydesk'), undefined, 'no copydesk on the extension host\'s PATH');
    assert.strictEqual(api.binarySource(), 'bundled');
    assert.strictEqual(api.binary(), bundledBinary(ext.extensionPath));
  }],

  ['shows diagnostics for the story', async () => {
    const doc = (await open('story.md')).document;
    const isil = positionOf(doc, 'ISIL');
    const unattributed = positionOf(doc, '“The economy');
    const attributed = positionOf(doc, '“We will not stop');
    const ds = await until('inconsistent-name and unattributed-quote diagnostics', () => {
      const d = findings(doc.uri);
      return d.some(x => codeOf(x) === 'inconsistent-name' && x.range.contains(isil))
        && d.some(x => codeOf(x) === 'unattributed-quote' && x.range.start.line === unattributed.line) ? d : undefined;
    });
    report.diagnostics = JSON.parse(describe(ds));
    const name = ds.find(x => codeOf(x) === 'inconsistent-name')!;
    assert.strictEqual(doc.getText(name.range), 'ISIL');
    assert.strictEqual(name.severity, vscode.DiagnosticSeverity.Warning, describe([name]));
    assert.ok(!ds.some(x => x.range.start.line === attributed.line), `no finding on the attributed quote: ${describe(ds)}`);
    const keys = ds.map(x => `${codeOf(x)}@${x.range.start.line}:${x.range.start.character}`);
    assert.strictEqual(new Set(keys).size, keys.length, `each finding is listed once: ${describe(ds)}`);
  }],

  ['hover over a glossary name shows the entity card', async () => {
    const doc = (await open('story.md')).document;
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider', doc.uri, positionOf(doc, 'ISIL').translate(0, 1));
    const texts = hoverText(hovers ?? []);
    report.hover = texts;
    const card = texts.find(t => /^###\s/.test(t.trimStart()));
    assert.ok(card, `a hover card starting with a ### heading: ${JSON.stringify(texts)}`);
    assert.match(card.trimStart().split('\n')[0], /^###\s+Islamic State \(ISIS\)\s*$/);
    assert.match(card, /ISIL/, 'the card lists the other names');
  }],

  ['per-rule severity overrides reach the server', async () => {
    const doc = (await open('story.md')).document;
    const severityOf = () => findings(doc.uri, 'inconsistent-name')[0]?.severity;
    try {
      await config().update('severity', { 'inconsistent-name': 'error' }, vscode.ConfigurationTarget.Global);
      await until('inconsistent-name to become an error', () => severityOf() === vscode.DiagnosticSeverity.Error);
      await config().update('severity', { 'inconsistent-name': 'off' }, vscode.ConfigurationTarget.Global);
      await until('inconsistent-name to be switched off', () => findings(doc.uri, 'inconsistent-name').length === 0
        && findings(doc.uri, 'unattributed-quote').length > 0);
    } finally {
      await config().update('severity', undefined, vscode.ConfigurationTarget.Global);
    }
    await until('inconsistent-name to come back as a warning', () => severityOf() === vscode.DiagnosticSeverity.Warning);
  }],

  ['quick fix replaces ISIL with ISIS', async () => {
    const ed = await open('story.md');
    const doc = ed.document;
    const diag = await until('the ISIL finding', () => findings(doc.uri, 'inconsistent-name')[0]);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider', doc.uri, diag.range, vscode.CodeActionKind.QuickFix.value) ?? [];
    report.quickfixes = actions.map(a => a.title);
    const fix = actions.find(a => a.title === 'Replace “ISIL” with “ISIS”');
    assert.ok(fix, `quick fix offered: ${JSON.stringify(report.quickfixes)}`);
    assert.ok(actions.some(a => a.title === 'Disable inconsistent-name for this line'),
      `a suppression quick fix is offered: ${JSON.stringify(report.quickfixes)}`);
    const before = doc.getText();
    await apply(fix);
    assert.strictEqual(doc.getText(), before.replace('Analysts say ISIL still', 'Analysts say ISIS still'));
    await until('the inconsistent-name finding to go away', () => findings(doc.uri, 'inconsistent-name').length === 0);
    assert.ok(findings(doc.uri, 'unattributed-quote').length > 0, 'other findings stay');
    await vscode.commands.executeCommand('workbench.action.files.revert');
  }],

  ['fix-all command fixes the naming in the document', async () => {
    const doc = (await open('fix-all.md')).document;
    await until('two inconsistent-name findings', () => findings(doc.uri, 'inconsistent-name').length >= 2);
    const whole = new vscode.Range(0, 0, doc.lineCount, 0);
    const source = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider', doc.uri, whole, 'source.fixAll') ?? [];
    report.fixAllActions = source.map(a => `${a.kind?.value}: ${a.title}`);
    assert.ok(source.some(a => a.title === 'Fix all naming in this document' && a.kind?.value === 'source.fixAll.copydesk'),
      `a source.fixAll.copydesk action: ${JSON.stringify(report.fixAllActions)}`);
    const changed = await vscode.commands.executeCommand<boolean>('copydesk.fixAllNaming');
    const expected = fs.readFileSync(path.join(process.env.COPYDESK_FIXTURES ?? '', 'fix-all.expected.md'), 'utf8');
    await until('the fixed text', () => doc.getText() === expected, 5000).catch(() => {
      assert.strictEqual(doc.getText(), expected, 'text after copydesk: Fix all naming in this document');
    });
    assert.strictEqual(changed, true, 'the command reports a change');
    // the name inside the quotation stays, and so may its note
    const quoteLine = positionOf(doc, '“ISIL will be defeated').line;
    await until('no naming findings outside the quotation', () =>
      findings(doc.uri, 'inconsistent-name').every(d => d.range.start.line === quoteLine));
    await vscode.commands.executeCommand('workbench.action.files.revert');
  }],

  ['show glossary entry command returns the card', async () => {
    const md = await vscode.commands.executeCommand<string | null>('copydesk.showGlossaryEntry', 'ISIL', false);
    report.glossaryEntry = md;
    assert.ok(typeof md === 'string', 'an entry for ISIL');
    assert.match(md, /Islamic State/);
    const none = await vscode.commands.executeCommand<string | null>('copydesk.showGlossaryEntry', 'Zzyzx Holdings Plc', false);
    assert.strictEqual(none, null, 'no entry for an unknown name');
    await vscode.commands.executeCommand('copydesk.showGlossaryEntry', 'ISIS');
    await until('the glossary panel', () => vscode.window.tabGroups.all.flatMap(g => g.tabs).some(t => t.label === 'Glossary: ISIS'));
  }],

  ['plain-text files are checked too', async () => {
    const doc = (await open('story.txt')).document;
    assert.strictEqual(doc.languageId, 'plaintext');
    await until('diagnostics in story.txt', () => findings(doc.uri, 'inconsistent-name').length > 0
      && findings(doc.uri, 'unattributed-quote').length > 0);
  }],

  ['restart server command starts a new server', async () => {
    const before = api.client();
    await vscode.commands.executeCommand('copydesk.restartServer');
    await api.ready();
    assert.strictEqual(api.state(), 'running');
    assert.notStrictEqual(api.client(), before, 'a new client');
    const doc = (await open('story.md')).document;
    await until('diagnostics after the restart', () => findings(doc.uri, 'inconsistent-name').length > 0);
  }],

  ['a missing binary is reported clearly', async () => {
    const original = config().inspect<string>('path')?.globalValue;
    try {
      await config().update('path', '/nonexistent/bin/copydesk', vscode.ConfigurationTarget.Global);
      await until('the missing state', () => api.state() === 'missing');
      assert.match(api.lastError() ?? '', /copydesk binary not found: "copydesk\.path" is "\/nonexistent\/bin\/copydesk"/);
      assert.match(api.statusBarText(), /\$\(error\) copydesk/);
    } finally {
      await config().update('path', original, vscode.ConfigurationTarget.Global);
    }
    await until('the server to run again', () => api.state() === 'running');
    const doc = (await open('story.md')).document;
    await until('diagnostics again', () => findings(doc.uri, 'inconsistent-name').length > 0);
  }],
];

export async function run(): Promise<void> {
  const results: { name: string; ok: boolean; ms: number; error?: string }[] = [];
  let fatal = false;
  for (const [i, [name, fn]] of tests.entries()) {
    const t0 = Date.now();
    if (fatal) {
      results.push({ name, ok: false, ms: 0, error: 'skipped: the server did not start or show diagnostics' });
      console.log(`not ok ${i + 1} - ${name} # skipped`);
      continue;
    }
    try {
      await fn();
      results.push({ name, ok: true, ms: Date.now() - t0 });
      console.log(`ok ${i + 1} - ${name} (${Date.now() - t0} ms)`);
    } catch (e) {
      const error = String((e as Error)?.stack ?? e);
      results.push({ name, ok: false, ms: Date.now() - t0, error });
      console.log(`not ok ${i + 1} - ${name}\n${error}`);
      if (i < 2) fatal = true;
    }
  }
  const failed = results.filter(r => !r.ok).length;
  report.tests = results;
  console.log(`vscode suite: ${results.length - failed} passed, ${failed} failed`);
  const out = process.env.COPYDESK_RESULT;
  if (out) fs.writeFileSync(out, JSON.stringify(report, null, 1));
  if (failed) throw new Error(`${failed} of ${results.length} tests failed`);
}
