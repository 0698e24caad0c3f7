// Runs the extension's integration tests inside code-server's extension host (the real VS Code
// extension host, as @vscode/test-web does for the web one): opens the workbench in headless
// Chromium with extensionDevelopmentPath / extensionTestsPath in the payload and waits for the
// workbench to call codeAutomationExit with the suite's exit code.
//
// env: CS_BASE (http://127.0.0.1:PORT), EXT_DEV (extension folder), EXT_TESTS (compiled suite .js),
//      FOLDER (workspace folder), OUT_DIR (screenshots), CHROMIUM, TEST_TIMEOUT_S
import { chromium } from 'playwright-core';
import fs from 'node:fs';

const need = name => process.env[name] ?? (() => { throw new Error(`set ${name}`); })();
const base = need('CS_BASE');
const authority = new URL(base).host;
const out = process.env.OUT_DIR ?? '.';
const timeoutMs = Number(process.env.TEST_TIMEOUT_S ?? 240) * 1000;
fs.mkdirSync(out, { recursive: true });

const payload = JSON.stringify([
  ['extensionDevelopmentPath', `vscode-remote://${authority}${need('EXT_DEV')}`],
  ['extensionTestsPath', `vscode-remote://${authority}${need('EXT_TESTS')}`],
]);
const url = `${base}/?folder=${encodeURIComponent(need('FOLDER'))}&payload=${encodeURIComponent(payload)}`;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
let code = 'timeout';
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.on('pageerror', e => console.log('[page error]', String(e).slice(0, 500)));
  const done = new Promise(resolve => {
    void page.exposeFunction('codeAutomationLog', (type, args) => {
      const text = (args ?? []).map(a => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ');
      console.log(type === 'error' ? '[exthost:error]' : '[exthost]', text);
    });
    void page.exposeFunction('codeAutomationExit', c => resolve(c));
  });
  await page.goto(url);
  code = await Promise.race([done, new Promise(r => setTimeout(() => r('timeout'), timeoutMs))]);
  await page.screenshot({ path: `${out}/exthost-test.png` }).catch(() => {});
} finally {
  await browser.close();
}
console.log(`extension host tests: exit code ${code}`);
process.exit(code === 0 ? 0 : 1);
