-- copydesk for Neovim 0.11+: configures and enables the copydesk language server (lsp/copydesk.lua)
-- and adds commands on top of it.
--
--   require('copydesk').setup({
--     path = '~/.cargo/bin/copydesk',            -- or cmd = { 'copydesk', 'lsp' }; default: copydesk on PATH
--     severity = { ['inconsistent-name'] = 'error', ['undefined-acronym'] = 'off' },
--     filetypes = { 'markdown', 'text' },
--   })
local util = require('copydesk.util')

local M = {}

---@class copydesk.Options : vim.lsp.Config
---@field path? string Path to the copydesk binary (shorthand for `cmd = { path, 'lsp' }`)
---@field severity? table<string, 'error'|'warning'|'information'|'hint'|'off'> Per-rule severity overrides
---@field languages? string[] Language ids the server checks (default: the filetypes)
---@field diagnostics? 'pull'|'push' How Neovim gets diagnostics (default 'pull')
---@field enable? boolean Call vim.lsp.enable('copydesk') (default true)
---@field commands? boolean Create the :Copydesk* user commands (default true)

--- Configures the server with vim.lsp.config('copydesk', ...) and enables it.
---@param opts? copydesk.Options
function M.setup(opts)
  opts = vim.deepcopy(opts or {})
  if vim.fn.has('nvim-0.11') == 0 then
    vim.notify('copydesk: Neovim 0.11 or newer is required', vim.log.levels.ERROR)
    return
  end
  local enable = opts.enable ~= false
  local commands = opts.commands ~= false
  local config = {} ---@type vim.lsp.Config
  local settings = {} ---@type table
  for k, v in pairs(opts) do
    if k == 'path' then
      config.cmd = { vim.fn.expand(v), 'lsp' }
    elseif k == 'severity' or k == 'languages' then
      settings[k] = v
    elseif k ~= 'enable' and k ~= 'commands' then
      config[k] = v
    end
  end
  if next(settings) then
    config.settings = vim.tbl_deep_extend('force', config.settings or {}, { copydesk = settings })
  end
  vim.lsp.config(util.name, config)
  if commands then
    M.create_commands()
  end
  if enable then
    vim.lsp.enable(util.name)
  end
end

---@param bufnr integer
---@return vim.lsp.Client?
local function client_for(bufnr)
  local client = util.client(bufnr)
  if not client then
    vim.notify('copydesk: no copydesk language server is attached to this buffer', vim.log.levels.WARN)
  end
  return client
end

--- Fixes all safely fixable naming findings in the buffer (workspace/executeCommand copydesk.fixAll).
---@param bufnr? integer
function M.fix_all(bufnr)
  bufnr = vim._resolve_bufnr(bufnr)
  local client = client_for(bufnr)
  if not client then
    return
  end
  local commands = vim.tbl_get(client.server_capabilities, 'executeCommandProvider', 'commands') or {}
  if vim.list_contains(commands, 'copydesk.fixAll') then
    client:request('workspace/executeCommand', {
      command = 'copydesk.fixAll',
      arguments = { vim.uri_from_bufnr(bufnr) },
    }, function(err)
      if err then
        vim.notify('copydesk: fix all failed: ' .. err.message, vim.log.levels.ERROR)
      end
    end, bufnr)
  else
    vim.api.nvim_buf_call(bufnr, function()
      vim.lsp.buf.code_action({ context = { only = { 'source.fixAll.copydesk' }, diagnostics = {} }, apply = true })
    end)
  end
end

--- The text of the visual selection, when the command was given a range.
local function selected_text(line1, line2)
  local s, e = vim.fn.getpos("'<"), vim.fn.getpos("'>")
  if s[2] ~= line1 or e[2] ~= line2 then
    return nil
  end
  local lines = vim.api.nvim_buf_get_text(0, s[2] - 1, s[3] - 1, e[2] - 1, math.min(e[3], #vim.fn.getline(e[2])), {})
  return vim.trim(table.concat(lines, ' '))
end

--- The name under the cursor: a copydesk naming finding there, else the WORD without punctuation.
local function name_at_cursor()
  local row, col = unpack(vim.api.nvim_win_get_cursor(0))
  for _, d in ipairs(vim.diagnostic.get(0, { lnum = row - 1 })) do
    local code = d.code or vim.tbl_get(d, 'user_data', 'lsp', 'code')
    if (code == 'inconsistent-name' or code == 'undefined-acronym') and d.col <= col and col < (d.end_col or 0) and d.end_lnum == d.lnum then
      return vim.api.nvim_buf_get_text(0, d.lnum, d.col, d.end_lnum, d.end_col, {})[1]
    end
  end
  local word = vim.fn.expand('<cWORD>'):gsub('^[%p“”‘’]+', ''):gsub('[%p“”‘’]+$', '')
  return word ~= '' and word or nil
end

--- Asks the server for the glossary entry of `name`; calls `on_result(markdown|nil, err)`.
---@param name string
---@param on_result fun(markdown: string?, err: lsp.ResponseError?)
---@param bufnr? integer
function M.glossary_entry(name, on_result, bufnr)
  bufnr = vim._resolve_bufnr(bufnr)
  local client = client_for(bufnr) or util.client()
  if not client then
    return on_result(nil, { code = -1, message = 'copydesk is not running' })
  end
  client:request('workspace/executeCommand', { command = 'copydesk.glossaryEntry', arguments = { name } }, function(err, result)
    on_result(type(result) == 'string' and result ~= '' and result or nil, err)
  end, bufnr)
end

--- Shows the glossary card for `name` (default: the selection or the name under the cursor) in a float.
---@param name? string
function M.show_glossary_entry(name)
  name = (name and name ~= '') and name or name_at_cursor()
  if not name then
    vim.notify('copydesk: no name to look up', vim.log.levels.WARN)
    return
  end
  M.glossary_entry(name, function(markdown, err)
    if err then
      vim.notify('copydesk: ' .. err.message, vim.log.levels.ERROR)
    elseif not markdown then
      vim.notify(('copydesk: the glossary has no entry for “%s”'):format(name), vim.log.levels.INFO)
    else
      vim.lsp.util.open_floating_preview(vim.split(markdown, '\n'), 'markdown',
        { border = 'rounded', focus_id = 'copydesk-glossary', max_width = 80 })
    end
  end)
end

--- Stops the copydesk clients and starts them again for the buffers they were attached to.
---@param on_done? fun()
function M.restart(on_done)
  local clients = vim.lsp.get_clients({ name = util.name })
  local bufs = {}
  for _, c in ipairs(clients) do
    for b in pairs(c.attached_buffers) do
      bufs[b] = true
    end
    c:stop()
  end
  local tries = 0
  local function start_again()
    tries = tries + 1
    -- wait until they are gone, not merely stopping: vim.lsp.start would reuse a dying client.
    -- A server that does not exit after shutdown/exit is killed after 2 s.
    local running = vim.tbl_filter(function(c)
      return vim.lsp.get_client_by_id(c.id) ~= nil
    end, clients)
    if #running > 0 and tries <= 50 then
      if tries == 20 then
        for _, c in ipairs(running) do
          c.rpc.terminate() -- (c:stop(true) does nothing once a client is stopping)
        end
      end
      return vim.defer_fn(start_again, 100)
    end
    for b in pairs(bufs) do
      if vim.api.nvim_buf_is_valid(b) then
        -- re-run vim.lsp.enable's FileType handler, which starts a client for the buffer
        if not pcall(vim.api.nvim_exec_autocmds, 'FileType', { group = 'nvim.lsp.enable', buffer = b }) then
          vim.lsp.enable(util.name)
        end
      end
    end
    if on_done then
      on_done()
    end
  end
  vim.defer_fn(start_again, 50)
end

function M.create_commands()
  local cmd = vim.api.nvim_create_user_command
  cmd('CopydeskFixAll', function()
    M.fix_all(0)
  end, { desc = 'copydesk: Fix all naming in this document' })
  cmd('CopydeskGlossary', function(a)
    local name = a.args ~= '' and a.args or (a.range > 0 and selected_text(a.line1, a.line2)) or nil
    M.show_glossary_entry(name)
  end, { nargs = '?', range = true, desc = 'copydesk: Show glossary entry' })
  cmd('CopydeskRestart', function()
    M.restart(function()
      vim.notify('copydesk: server restarted', vim.log.levels.INFO)
    end)
  end, { desc = 'copydesk: Restart server' })
end

return M
