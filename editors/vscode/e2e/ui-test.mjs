// UI pass over a real VS Code workbench (code-server) in headless Chromium, as a person would use
// it: open the story, see copydesk's squiggle and Problems entries, hover the name for the glossary
// card, open the quick-fix menu with Ctrl+. and pick the fix. Screenshots of each step go to
// OUT_DIR/vscode-*.png (scripts/editors-test.sh copies them to docs/screenshots/).
//
// env: CS_BASE (http://127.0.0.1:PORT), FOLDER (workspace with story.md), OUT_DIR, CHROMIUM
import { chromium } from 'playwright-core';
import fs from 'node:fs';

const base = process.env.CS_BASE ?? (() => { throw new Error('set CS_BASE'); })();
const folder = process.env.FOLDER ?? (() => { throw new Error('set FOLDER'); })();
const OUT = process.env.OUT_DIR ?? 'out';
const FILE = 'story.md';
const WORD = 'ISIL';
const FIX = 'Replace “ISIL” with “ISIS”';
fs.mkdirSync(OUT, { recursive: true });

const res = { steps: [], errors: [] };
const step = s => { res.steps.push(s); console.log(`ui: ${s}`); };
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
page.on('pageerror', e => res.errors.push('page: ' + String(e).slice(0, 300)));
const shot = name => page.screenshot({ path: `${OUT}/${name}.png` });

/** Bounding box of the first occurrence of `word` in the editor's rendered lines. */
async function wordBox(word) {
  return page.evaluate(w => {
    const root = document.querySelector('.editor-instance .monaco-editor .view-lines');
    if (!root) return null;
    const walk = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = walk.nextNode(); n; n = walk.nextNode()) {
      const i = n.textContent.indexOf(w);
      if (i < 0) continue;
      const r = document.createRange();
      r.setStart(n, i);
      r.setEnd(n, i + w.length);
      const b = r.getBoundingClientRect();
      return { x: b.x, y: b.y, width: b.width, height: b.height };
    }
    return null;
  }, word);
}

let ok = false;
try {
  await page.goto(`${base}/?folder=${encodeURIComponent(folder)}`);
  await page.waitForSelector('.monaco-workbench .part.editor', { timeout: 90_000 });
  await page.waitForSelector('.explorer-folders-view, .monaco-workbench .part.sidebar', { timeout: 60_000 });
  step('workbench loaded');

  // open the story with Quick Open, as a person would
  await page.keyboard.press('Control+P');
  await page.waitForSelector('.quick-input-widget input', { state: 'visible' });
  await page.keyboard.type(FILE);
  await page.waitForSelector('.quick-input-list .monaco-list-row', { timeout: 30_000 });
  await page.keyboard.press('Enter');
  await page.waitForSelector('.editor-instance .monaco-editor .view-lines', { timeout: 30_000 });
  step('story opened');

  // copydesk's findings: squiggles, the status-bar item, the Problems panel
  await page.waitForSelector('.monaco-editor .squiggly-warning, .monaco-editor .squiggly-error', { timeout: 90_000 });
  await page.waitForSelector('.statusbar-item[id="copydesk.copydesk.copydesk.status"], .statusbar-item[aria-label*="copydesk"]', { timeout: 30_000 })
    .then(async el => { res.statusbar = (await el.innerText()).trim(); }).catch(() => { res.errors.push('no copydesk status-bar item'); });
  await page.keyboard.press('Control+Shift+M');
  const rows = page.locator('.markers-panel .monaco-list-row');
  await rows.first().waitFor({ timeout: 30_000 });
  await page.waitForFunction(() => [...document.querySelectorAll('.markers-panel .monaco-list-row')]
    .some(r => r.textContent.includes('ISIL')), null, { timeout: 30_000 });
  res.problems = await rows.allInnerTexts();
  if (!res.problems.some(p => p.includes('inconsistent-name'))) throw new Error('no inconsistent-name row in Problems: ' + JSON.stringify(res.problems));
  // give the editor focus back and put the finding in view
  await page.locator('.editor-instance .monaco-editor .view-lines').first().click({ position: { x: 5, y: 5 } });
  await page.mouse.move(0, 0);
  await page.waitForTimeout(300);
  await shot('vscode-diagnostics');
  step('diagnostics shown');

  // hover: the glossary card over a name (ISIS, line 3), then the finding and the card over ISIL;
  // the panel is hidden meanwhile to leave room for the hover
  await page.keyboard.press('Control+J');
  await page.locator('.markers-panel').waitFor({ state: 'hidden', timeout: 10_000 }).catch(() => {});
  await page.waitForTimeout(300);
  const hover = page.locator('.monaco-hover:not(.hidden)');
  const hoverOver = async (word, wants) => {
    const b = await wordBox(word);
    if (!b) throw new Error(`“${word}” not visible in the editor`);
    await page.mouse.move(0, 0);
    await page.keyboard.press('Escape');
    await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2);
    await hover.first().waitFor({ state: 'visible', timeout: 30_000 });
    await page.waitForFunction(ws => [...document.querySelectorAll('.monaco-hover:not(.hidden)')]
      .some(h => ws.every(w => h.textContent.includes(w))), wants, { timeout: 30_000 });
    await page.waitForTimeout(400);
    return (await hover.allInnerTexts()).map(t => t.slice(0, 600));
  };
  res.hover_card = await hoverOver('ISIS', ['Islamic State (ISIS)', 'ISIL']);
  await shot('vscode-hover');
  res.hover = await hoverOver(WORD, ['inconsistent-name', 'Islamic State (ISIS)']);
  await shot('vscode-hover-finding');
  step('hover cards shown');
  await page.mouse.move(0, 0);
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+J');
  await page.locator('.markers-panel').waitFor({ state: 'visible', timeout: 10_000 });

  // quick fix: cursor into the word, Ctrl+. opens the menu; pick with the keyboard (an overlay
  // intercepts mouse clicks on the menu)
  const fixBox = await wordBox(WORD);
  await page.mouse.click(fixBox.x + 2, fixBox.y + fixBox.height / 2);
  await page.keyboard.press('Control+.');
  const item = page.locator('.action-widget .monaco-list-row', { hasText: FIX });
  await item.first().waitFor({ timeout: 30_000 });
  res.quickfix_menu = await page.locator('.action-widget .monaco-list-row').allInnerTexts();
  await page.waitForTimeout(300);
  await shot('vscode-quickfix');
  step('quick-fix menu shown');
  let picked = false;
  for (let i = 0; i < 20 && !picked; i++) {
    const focused = await page.locator('.action-widget .monaco-list-row.focused').first().innerText().catch(() => '');
    if (focused.includes(FIX)) picked = true;
    else await page.keyboard.press('ArrowDown');
  }
  if (!picked) throw new Error('could not focus the quick fix in ' + JSON.stringify(res.quickfix_menu));
  await page.keyboard.press('Enter');
  await page.waitForFunction(w => !document.querySelector('.editor-instance .monaco-editor .view-lines')?.textContent?.includes(w),
    WORD, { timeout: 30_000 });
  // (Monaco renders spaces as no-break spaces)
  res.text_after = (await page.locator('.editor-instance .monaco-editor .view-lines').first().innerText()).replace(/\u00a0/g, ' ');
  if (!res.text_after.includes('Analysts say ISIS still')) throw new Error('unexpected text after the fix: ' + res.text_after);
  await page.waitForFunction(() => ![...document.querySelectorAll('.markers-panel .monaco-list-row')]
    .some(r => r.textContent.includes('inconsistent-name')), null, { timeout: 30_000 });
  res.problems_after = await page.locator('.markers-panel .monaco-list-row').allInnerTexts();
  step('quick fix applied');
  ok = true;
} catch (e) {
  res.errors.push(String(e.stack ?? e).slice(0, 2000));
  await shot('failure').catch(() => {});
}
await browser.close();
console.log(JSON.stringify(res, null, 1));
console.log(`ui: ${ok ? 'passed' : 'FAILED'}`);
process.exit(ok ? 0 : 1);
