-- :checkhealth copydesk
local util = require('copydesk.util')

local M = {}
local h = vim.health

local CARGO_INSTALL = 'cargo install --locked --git https://github.com/copydesk/copydesk copydesk'
local RELEASES = 'https://github.com/copydesk/copydesk/releases'

--- What a user without the binary runs, exactly: with a Rust toolchain, one cargo command;
--- without one, the release download; either way, how to point the plugin at a binary.
---@param prog string the program the configuration names
---@return string[]
local function install_advice(prog)
  local advice = {}
  if prog ~= 'copydesk' then
    table.insert(advice, ('`%s` is not an executable file: correct `path` (or `cmd`) in your setup, or remove it to use `copydesk` on PATH'):format(prog))
  end
  if vim.fn.executable('cargo') == 1 then
    table.insert(advice, ('run `%s` (installs ~/.cargo/bin/copydesk; ~/.cargo/bin must be on PATH)'):format(CARGO_INSTALL))
  else
    table.insert(advice, ('no Rust toolchain here: download the copydesk binary for your system from %s, '
      .. 'then `mkdir -p ~/.local/bin && mv copydesk ~/.local/bin/ && chmod +x ~/.local/bin/copydesk` (~/.local/bin must be on PATH)'):format(RELEASES))
    table.insert(advice, ('or install Rust (https://rustup.rs) and run `%s`'):format(CARGO_INSTALL))
  end
  table.insert(advice, "or use a binary you already have: require('copydesk').setup({ path = '/path/to/copydesk' })")
  return advice
end

---@param argv string[]
---@param cwd? string
---@param stdin? string
---@return vim.SystemCompleted
local function run(argv, cwd, stdin)
  local ok, res = pcall(function()
    return vim.system(argv, { text = true, cwd = cwd, stdin = stdin }):wait(10000)
  end)
  if not ok then
    return { code = -1, signal = 0, stdout = '', stderr = tostring(res) }
  end
  return res
end

local function first_line(s)
  return vim.trim(((s or ''):match('[^\n]*')) or '')
end

--- The copydesk.toml that applies to the current buffer (or the working directory), if any.
local function find_config_file()
  local start = vim.fn.getcwd()
  -- :checkhealth shows its report in a new buffer: the story is the alternate one
  for _, buf in ipairs({ vim.api.nvim_get_current_buf(), vim.fn.bufnr('#') }) do
    local name = buf > 0 and vim.api.nvim_buf_get_name(buf) or ''
    if name ~= '' and vim.bo[buf].buftype == '' and not name:match('^%a[%w+.-]*://') then
      start = vim.fs.dirname(vim.fs.normalize(name))
      break
    end
  end
  return vim.fs.find('copydesk.toml', { upward = true, path = start, type = 'file' })[1]
end

--- Checks copydesk.toml with the binary itself: `copydesk check --config FILE -` on an empty
--- standard input loads the file (and the glossary files it names) exactly as the server will.
--- Exit 0 or 1 (findings) means it loaded; 2 is a configuration error, explained on stderr.
---@return boolean ok, string detail
local function check_config_file(bin, file)
  local res = run({ bin, 'check', '--format', 'json', '--config', file, '-' }, vim.fs.dirname(file), '')
  local detail = first_line(res.stderr ~= '' and res.stderr or res.stdout):gsub('^copydesk: ', '')
  return res.code == 0 or res.code == 1, detail
end

function M.check()
  h.start('copydesk: Neovim')
  if vim.fn.has('nvim-0.11') == 1 then
    h.ok('Neovim ' .. tostring(vim.version()) .. ' (vim.lsp.config / vim.lsp.enable)')
  else
    h.error('Neovim 0.11 or newer is required', 'Upgrade Neovim')
    return
  end

  h.start('copydesk: configuration')
  local config = vim.lsp.config[util.name]
  if not config then
    h.error("no 'copydesk' LSP configuration", "Add editors/nvim to 'runtimepath' (see its README)")
    return
  end
  local enabled = vim.lsp.is_enabled and vim.lsp.is_enabled(util.name)
    or (vim.lsp._enabled_configs and vim.lsp._enabled_configs[util.name] ~= nil)
  if enabled then
    h.ok("the 'copydesk' server is enabled")
  else
    h.warn("the 'copydesk' server is configured but not enabled", "Call vim.lsp.enable('copydesk') or require('copydesk').setup()")
  end
  h.info('filetypes: ' .. table.concat(config.filetypes or {}, ', '))
  if type(config.cmd) == 'table' then
    h.info('cmd: ' .. table.concat(config.cmd, ' '))
  end

  h.start('copydesk: binary')
  local bin, prog = util.executable(config.cmd)
  if not bin then
    if type(config.cmd) == 'function' then
      h.info('cmd is a function: the binary is not checked')
    else
      h.error(('copydesk binary not found (%s)'):format(prog == 'copydesk' and 'no `copydesk` on PATH' or prog), install_advice(prog))
    end
    return
  end
  h.ok('binary found: ' .. bin)
  local v = run({ bin, '--version' })
  local version = v.code == 0 and (v.stdout or ''):match('copydesk%s+(%S+)')
  if version then
    h.ok('version: copydesk ' .. version)
  else
    h.error(('`%s --version` failed (exit %s): %s'):format(bin, tostring(v.code), first_line(v.stderr ~= '' and v.stderr or v.stdout)))
  end

  h.start('copydesk: configuration file')
  local file = find_config_file()
  if not file then
    h.ok('no copydesk.toml above the current file: the built-in house style applies')
  else
    local ok, detail = check_config_file(bin, file)
    if ok then
      h.ok('configuration file parsed: ' .. file)
    else
      h.error(('configuration file %s could not be used: %s'):format(file, detail))
    end
  end

  h.start('copydesk: language server')
  local clients = vim.lsp.get_clients({ name = util.name })
  if #clients == 0 then
    h.info('no copydesk client is running (open a ' .. table.concat(config.filetypes or {}, ' or ') .. ' file)')
  end
  for _, c in ipairs(clients) do
    local info = c.server_info or {}
    h.ok(('client %d: %s %s, root %s, %d buffer(s), diagnostics by %s'):format(c.id, info.name or 'copydesk',
      info.version or '?', c.root_dir or '(single file)', vim.tbl_count(c.attached_buffers),
      c.server_capabilities.diagnosticProvider and 'pull' or 'push'))
  end
end

return M
