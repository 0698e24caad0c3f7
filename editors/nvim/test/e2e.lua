-- End-to-end tests of the copydesk Neovim plugin against the real copydesk server, in a real
-- (headless) Neovim:
--   nvim --headless --clean -n -i NONE -u editors/nvim/test/e2e.lua
-- env: COPYDESK_PLUGIN (editors/nvim), COPYDESK_BIN (the copydesk binary), COPYDESK_WS (a scratch
-- workspace laid out by scripts/editors-test.sh: desk/ has a copydesk.toml, repo/ a .git and a
-- nearer copydesk.toml in repo/desk/, broken/ an invalid copydesk.toml), COPYDESK_FIXTURES (editors/fixtures),
-- COPYDESK_RESULT (JSON report), TIMEOUT_MS.
-- Prints TAP-like lines and "nvim suite: N passed, N failed"; exits 0 only when all passed.
local env = vim.env
local TIMEOUT = tonumber(env.TIMEOUT_MS or '15000')
local ws = assert(env.COPYDESK_WS, 'COPYDESK_WS not set')
local bin = assert(env.COPYDESK_BIN, 'COPYDESK_BIN not set')
local report = { nvim = tostring(vim.version()), tests = {} }

vim.opt.runtimepath:prepend(assert(env.COPYDESK_PLUGIN, 'COPYDESK_PLUGIN not set'))
vim.o.swapfile = false
vim.o.shortmess = vim.o.shortmess .. 'F'

-- messages would interleave with the test output: keep them in the report
report.messages = {}
vim.notify = function(msg, level)
  table.insert(report.messages, ('[%s] %s'):format(level or vim.log.levels.INFO, msg))
end
_G.print = function(...) -- e.g. the 'Workspace edit <label>' of workspace/applyEdit
  table.insert(report.messages, table.concat(vim.tbl_map(tostring, { ... }), ' '))
end

local function say(s)
  io.stdout:write(s, '\n')
  io.stdout:flush()
end

local function wait_for(what, f, ms)
  local value
  local ok = vim.wait(ms or TIMEOUT, function()
    value = f()
    return value ~= nil and value ~= false
  end, 20)
  if not ok then
    error('timed out waiting for ' .. what, 2)
  end
  return value
end

local function eq(want, got, what)
  if not vim.deep_equal(want, got) then
    error(('%s: expected %s, got %s'):format(what or 'value', vim.inspect(want), vim.inspect(got)), 2)
  end
end

local function check(cond, what)
  if not cond then
    error(what, 2)
  end
  return cond
end

local function code_of(d)
  return d.code or vim.tbl_get(d, 'user_data', 'lsp', 'code')
end

local function diags(buf, code)
  return vim.tbl_filter(function(d)
    return d.source == 'copydesk' and (code == nil or code_of(d) == code)
  end, vim.diagnostic.get(buf))
end

local function brief(ds)
  return vim.tbl_map(function(d)
    return { code = code_of(d), lnum = d.lnum, col = d.col, end_col = d.end_col, severity = vim.diagnostic.severity[d.severity], message = d.message }
  end, ds)
end

local function edit(rel)
  vim.cmd.edit(vim.fn.fnameescape(vim.fs.joinpath(ws, rel)))
  return vim.api.nvim_get_current_buf()
end

local function client_of(buf)
  return wait_for('a copydesk client on ' .. vim.api.nvim_buf_get_name(buf), function()
    local c = vim.lsp.get_clients({ bufnr = buf, name = 'copydesk' })[1]
    return c and c.initialized and c or nil
  end)
end

--- Moves the cursor onto the first occurrence of `needle` in the buffer.
local function cursor_to(buf, needle)
  for i, line in ipairs(vim.api.nvim_buf_get_lines(buf, 0, -1, false)) do
    local col = line:find(needle, 1, true)
    if col then
      vim.api.nvim_win_set_cursor(0, { i, col - 1 })
      return i - 1, col - 1
    end
  end
  error('“' .. needle .. '” not in buffer')
end

local function line_with(buf, needle)
  for i, line in ipairs(vim.api.nvim_buf_get_lines(buf, 0, -1, false)) do
    if line:find(needle, 1, true) then
      return i - 1
    end
  end
end

local function float_lines()
  for _, w in ipairs(vim.api.nvim_list_wins()) do
    if vim.api.nvim_win_get_config(w).relative ~= '' then
      return vim.api.nvim_buf_get_lines(vim.api.nvim_win_get_buf(w), 0, -1, false), w
    end
  end
end

local function close_floats()
  for _, w in ipairs(vim.api.nvim_list_wins()) do
    if vim.api.nvim_win_get_config(w).relative ~= '' then
      vim.api.nvim_win_close(w, true)
    end
  end
end

-- count what the server publishes (the plugin's handler decides whether it is shown)
local util = require('copydesk.util')
local pushes = {} ---@type table<string, integer>
local on_publish = util.on_publish_diagnostics
util.on_publish_diagnostics = function(err, params, ctx)
  local f = vim.uri_to_fname(params.uri)
  pushes[f] = (pushes[f] or 0) + 1
  return on_publish(err, params, ctx)
end

local copydesk = require('copydesk')

--- Waits for the story's findings: inconsistent-name on ISIL and unattributed-quote on the bare quote.
local function story_findings(buf)
  local isil_line = line_with(buf, 'ISIL')
  local quote_line = line_with(buf, '“The economy')
  return wait_for('inconsistent-name and unattributed-quote findings', function()
    local ds = diags(buf)
    local name, quote
    for _, d in ipairs(ds) do
      if code_of(d) == 'inconsistent-name' and d.lnum == isil_line then
        name = d
      elseif code_of(d) == 'unattributed-quote' and d.lnum == quote_line then
        quote = d
      end
    end
    return name and quote and { name = name, quote = quote, all = ds } or nil
  end)
end

local tests = {}
local function test(name, f)
  table.insert(tests, { name = name, f = f })
end

test("setup() configures vim.lsp.config('copydesk') and enables it", function()
  copydesk.setup({ path = bin })
  local c = vim.lsp.config.copydesk
  eq({ bin, 'lsp' }, c.cmd, 'cmd')
  eq({ 'markdown', 'text' }, c.filetypes, 'filetypes')
  eq({ 'copydesk.toml', '.git' }, c.root_markers, 'root_markers')
  check(vim.fn.exists(':CopydeskFixAll') == 2, ':CopydeskFixAll exists')
end)

test('pull diagnostics appear in a Markdown story', function()
  local buf = edit('desk/story.md')
  eq('markdown', vim.bo[buf].filetype, 'filetype')
  local client = client_of(buf)
  report.server_info = client.server_info
  eq(vim.fs.joinpath(ws, 'desk'), client.root_dir, 'root_dir (copydesk.toml)')
  check(client.server_capabilities.diagnosticProvider, 'server offers textDocument/diagnostic')
  local f = story_findings(buf)
  report.diagnostics = brief(f.all)
  eq(vim.diagnostic.severity.WARN, f.name.severity, 'inconsistent-name severity')
  eq('ISIL', vim.api.nvim_buf_get_text(buf, f.name.lnum, f.name.col, f.name.end_lnum, f.name.end_col, {})[1], 'ISIL range')
  check(f.name.namespace == vim.lsp.diagnostic.get_namespace(client.id, true), 'the findings come from a pull')
  check(not line_with(buf, 'We will not stop') or #vim.tbl_filter(function(d)
    return d.lnum == line_with(buf, 'We will not stop')
  end, f.all) == 0, 'no finding on the attributed quote')
  local seen = {}
  for _, d in ipairs(f.all) do
    local key = ('%s@%d:%d'):format(code_of(d), d.lnum, d.col)
    check(not seen[key], 'each finding is shown once: ' .. vim.inspect(brief(f.all)))
    seen[key] = true
  end
  -- the raw request as well
  local res = client:request_sync('textDocument/diagnostic', { textDocument = { uri = vim.uri_from_bufnr(buf) } }, TIMEOUT, buf)
  check(res and not res.err and res.result, 'textDocument/diagnostic answered: ' .. vim.inspect(res))
  eq('full', res.result.kind, 'report kind')
  check(#res.result.items >= 2, 'pulled items')
end)

test('hover shows the glossary card (vim.lsp.buf.hover)', function()
  local buf = edit('desk/story.md')
  client_of(buf)
  close_floats()
  cursor_to(buf, 'ISIL')
  vim.lsp.buf.hover()
  local lines = wait_for('the hover window', float_lines)
  report.hover = lines
  local text = table.concat(lines, '\n')
  local heading = vim.tbl_filter(function(l)
    return l:match('%S')
  end, lines)[1]
  check(heading and heading:match('^###%s+Islamic State %(ISIS%)%s*$'), 'card heading: ' .. vim.inspect(lines))
  check(text:find('ISIL', 1, true), 'the card lists the other names')
  close_floats()
end)

test('a code action applied with vim.lsp.buf.code_action fixes the name', function()
  local buf = edit('desk/story.md')
  local f = story_findings(buf)
  local titles = {}
  local client = client_of(buf)
  local res = client:request_sync('textDocument/codeAction', {
    textDocument = { uri = vim.uri_from_bufnr(buf) },
    range = f.name.user_data.lsp.range,
    context = { diagnostics = { f.name.user_data.lsp }, only = { 'quickfix' } },
  }, TIMEOUT, buf)
  for _, a in ipairs((res and res.result) or {}) do
    table.insert(titles, a.title)
  end
  report.code_actions = titles
  check(vim.list_contains(titles, 'Disable inconsistent-name for this line'), 'suppression action offered: ' .. vim.inspect(titles))
  local before = vim.api.nvim_buf_get_lines(buf, 0, -1, false)
  local tick = vim.api.nvim_buf_get_changedtick(buf)
  cursor_to(buf, 'ISIL')
  vim.lsp.buf.code_action({
    apply = true,
    filter = function(a)
      return a.title == 'Replace “ISIL” with “ISIS”'
    end,
  })
  wait_for('the buffer to change', function()
    return vim.api.nvim_buf_get_changedtick(buf) ~= tick
  end)
  local want = vim.tbl_map(function(l)
    return (l:gsub('Analysts say ISIL still', 'Analysts say ISIS still'))
  end, before)
  eq(want, vim.api.nvim_buf_get_lines(buf, 0, -1, false), 'buffer after the quick fix')
  wait_for('the naming finding to go away', function()
    return #diags(buf, 'inconsistent-name') == 0
  end)
  check(#diags(buf, 'unattributed-quote') > 0, 'the other finding stays')
  vim.cmd('silent edit!') -- revert
end)

test(':CopydeskFixAll fixes all naming in the document', function()
  local buf = edit('desk/fix-all.md')
  client_of(buf)
  wait_for('two naming findings', function()
    return #diags(buf, 'inconsistent-name') >= 2
  end)
  local want = vim.fn.readfile(vim.fs.joinpath(env.COPYDESK_FIXTURES, 'fix-all.expected.md'))
  vim.cmd('CopydeskFixAll')
  local ok = vim.wait(TIMEOUT, function()
    return vim.deep_equal(want, vim.api.nvim_buf_get_lines(buf, 0, -1, false))
  end, 20)
  if not ok then
    eq(want, vim.api.nvim_buf_get_lines(buf, 0, -1, false), 'buffer after :CopydeskFixAll')
  end
  -- the name inside the quotation stays, and so does its note
  local quote_line = line_with(buf, '“ISIL will be defeated')
  wait_for('no naming findings outside the quotation', function()
    local left = diags(buf, 'inconsistent-name')
    return #left == #vim.tbl_filter(function(d)
      return d.lnum == quote_line
    end, left)
  end)
  vim.cmd('silent edit!')
end)

test('glossary entries (copydesk.glossaryEntry, :CopydeskGlossary)', function()
  local buf = edit('desk/story.md')
  client_of(buf)
  local got, done
  copydesk.glossary_entry('ISIL', function(md, err)
    got, done = { md = md, err = err }, true
  end, buf)
  wait_for('the ISIL entry', function()
    return done
  end)
  check(got.md and got.md:find('Islamic State', 1, true), 'entry for ISIL: ' .. vim.inspect(got))
  report.glossary_entry = got.md
  done = false
  copydesk.glossary_entry('Zzyzx Holdings Plc', function(md, err)
    got, done = { md = md, err = err }, true
  end, buf)
  wait_for('the unknown entry', function()
    return done
  end)
  eq(nil, got.md, 'entry for an unknown name')
  close_floats()
  vim.cmd('CopydeskGlossary ISIS')
  local lines = wait_for('the glossary float', float_lines)
  check(table.concat(lines, '\n'):find('Islamic State', 1, true), 'float shows the card')
  close_floats()
end)

test('plain-text files and severity overrides (push diagnostics)', function()
  -- diagnostics = 'push': Neovim does not pull, it shows what the server publishes
  copydesk.setup({ path = bin, diagnostics = 'push', severity = { ['inconsistent-name'] = 'error' } })
  local restarted = false
  copydesk.restart(function()
    restarted = true
  end)
  wait_for('the restart', function()
    return restarted
  end)
  local buf = edit('desk/story.txt')
  eq('text', vim.bo[buf].filetype, 'filetype')
  local client = client_of(buf)
  check(not client.server_capabilities.diagnosticProvider, 'pull is off')
  local fname = vim.api.nvim_buf_get_name(buf)
  local f = story_findings(buf)
  check((pushes[fname] or 0) > 0, 'publishDiagnostics arrived')
  check(f.name.namespace == vim.lsp.diagnostic.get_namespace(client.id, false), 'the findings come from a push')
  eq(vim.diagnostic.severity.ERROR, f.name.severity, 'inconsistent-name severity from the settings')
  report.push_diagnostics = brief(f.all)
end)

test(':CopydeskRestart starts a new server', function()
  -- back to pulling, and the rule's default level (settings merge: an empty table would change nothing)
  copydesk.setup({ path = bin, diagnostics = 'pull', severity = { ['inconsistent-name'] = 'warning' } })
  local buf = edit('desk/story.md')
  local old = client_of(buf).id
  vim.cmd('CopydeskRestart')
  local ok, client = pcall(wait_for, 'a new client', function()
    local c = vim.lsp.get_clients({ bufnr = buf, name = 'copydesk' })[1]
    return c and c.id ~= old and c.initialized and c or nil
  end)
  check(ok and vim.lsp.get_client_by_id(old) == nil, 'the old client is gone')
  if not ok then
    error(('%s; old client %d; clients now: %s; messages: %s'):format(client, old, vim.inspect(vim.tbl_map(function(c)
      return { id = c.id, stopped = c:is_stopped(), initialized = c.initialized, bufs = vim.tbl_keys(c.attached_buffers) }
    end, vim.lsp.get_clients())), vim.inspect(report.messages)))
  end
  check(client.server_capabilities.diagnosticProvider, 'pull is back on')
  local f = story_findings(buf)
  eq(vim.diagnostic.severity.WARN, f.name.severity, 'default severity again')
end)

test('root detection: copydesk.toml, else .git', function()
  local buf = edit('repo/notes/story.md')
  local client = client_of(buf)
  eq(vim.fs.joinpath(ws, 'repo'), client.root_dir, 'root_dir (.git)')
  buf = edit('repo/desk/story.md')
  client = client_of(buf)
  eq(vim.fs.joinpath(ws, 'repo', 'desk'), client.root_dir, 'root_dir (the nearer copydesk.toml)')
end)

local function checkhealth()
  vim.cmd('silent checkhealth copydesk')
  local lines = vim.api.nvim_buf_get_lines(0, 0, -1, false)
  vim.cmd('bwipeout!')
  return lines
end

test(':checkhealth copydesk reports OK', function()
  vim.cmd.cd(vim.fn.fnameescape(vim.fs.joinpath(ws, 'desk')))
  edit('desk/story.md')
  local lines = checkhealth()
  report.checkhealth = lines
  local text = table.concat(lines, '\n')
  check(text:find('OK binary found: ' .. bin, 1, true), 'binary found:\n' .. text)
  check(text:find('OK version: copydesk %d+%.%d+'), 'version:\n' .. text)
  check(text:find('OK configuration file parsed: ' .. vim.fs.joinpath(ws, 'desk', 'copydesk.toml'), 1, true), 'configuration parsed:\n' .. text)
  check(not text:find('ERROR'), 'no ERROR in:\n' .. text)
end)

test(':checkhealth copydesk reports a broken copydesk.toml and a missing binary', function()
  vim.cmd.cd(vim.fn.fnameescape(vim.fs.joinpath(ws, 'broken')))
  edit('broken/story.md')
  local text = table.concat(checkhealth(), '\n')
  report.checkhealth_broken = text
  local want = 'ERROR configuration file ' .. vim.fs.joinpath(ws, 'broken', 'copydesk.toml') .. ' could not be used'
  check(text:find(want, 1, true), 'config error reported:\n' .. text)
  vim.lsp.config('copydesk', { cmd = { '/nonexistent/copydesk', 'lsp' } })
  text = table.concat(checkhealth(), '\n')
  check(text:find('ERROR copydesk binary not found', 1, true), 'missing binary reported:\n' .. text)
  check(text:find('`/nonexistent/copydesk` is not an executable file', 1, true), 'the wrong path named:\n' .. text)
  check(text:find('cargo install --locked --git https://github.com/copydesk/copydesk copydesk', 1, true), 'what to run:\n' .. text)
  check(text:find("setup({ path = '/path/to/copydesk' })", 1, true), 'the setting:\n' .. text)
  -- with no copydesk on PATH (the default cmd), the report says so and what to run
  local saved_path = vim.env.PATH
  vim.env.PATH = '/nonexistent'
  vim.lsp.config('copydesk', { cmd = { 'copydesk', 'lsp' } })
  text = table.concat(checkhealth(), '\n')
  vim.env.PATH = saved_path
  report.checkhealth_no_binary = text
  check(text:find('ERROR copydesk binary not found (no `copydesk` on PATH)', 1, true), 'nothing on PATH:\n' .. text)
  check(text:find('no Rust toolchain here: download the copydesk binary', 1, true), 'what to run without cargo:\n' .. text)
  vim.lsp.config('copydesk', { cmd = { bin, 'lsp' } })
end)

local function main()
  vim.cmd('filetype on')
  local failed = 0
  for i, t in ipairs(tests) do
    local t0 = vim.uv.hrtime()
    local ok, err = xpcall(t.f, debug.traceback)
    local ms = math.floor((vim.uv.hrtime() - t0) / 1e6)
    table.insert(report.tests, { name = t.name, ok = ok, ms = ms, error = not ok and tostring(err) or nil })
    if ok then
      say(('ok %d - %s (%d ms)'):format(i, t.name, ms))
    else
      failed = failed + 1
      say(('not ok %d - %s\n%s'):format(i, t.name, tostring(err)))
    end
  end
  say(('nvim suite: %d passed, %d failed'):format(#tests - failed, failed))
  if env.COPYDESK_RESULT then
    local fh = assert(io.open(env.COPYDESK_RESULT, 'w'))
    fh:write(vim.json.encode(report))
    fh:close()
  end
  for _, c in ipairs(vim.lsp.get_clients()) do
    c:stop(true)
  end
  vim.cmd(failed == 0 and 'qall!' or 'cquit! 1')
end

-- run after startup, outside any autocommand (so that :edit triggers FileType and the LSP attaches)
vim.api.nvim_create_autocmd('VimEnter', {
  once = true,
  callback = function()
    vim.schedule(function()
      local ok, err = xpcall(main, debug.traceback)
      if not ok then
        say('nvim suite crashed: ' .. tostring(err))
        say('nvim suite: 0 passed, 1 failed')
        vim.cmd('cquit! 1')
      end
    end)
  end,
})
