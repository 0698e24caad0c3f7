-- Helpers shared by lsp/copydesk.lua, require('copydesk') and :checkhealth copydesk.
local M = {}

M.name = 'copydesk'

--- The "copydesk" settings of a client config, as the server expects them: `severity` must stay
--- a JSON object even when empty (an empty Lua table would be sent as []).
---@param config vim.lsp.ClientConfig|vim.lsp.Config
---@return table
function M.server_settings(config)
  local s = vim.deepcopy(vim.tbl_get(config, 'settings', 'copydesk') or {})
  if s.severity == nil or next(s.severity) == nil then
    s.severity = vim.empty_dict()
  end
  if s.languages == nil then
    s.languages = config.filetypes or { 'markdown', 'text' }
  end
  return s
end

--- before_init of the default config: fills in and normalizes the "copydesk" settings in place
--- (so that workspace/didChangeConfiguration and workspace/configuration answers carry them too)
--- and sends them as initializationOptions. With `diagnostics = 'push'` the client does not
--- announce pull support, so the server publishes.
---@param params lsp.InitializeParams
---@param config vim.lsp.ClientConfig
function M.before_init(params, config)
  config.settings = config.settings or {}
  config.settings.copydesk = M.server_settings(config)
  params.initializationOptions = vim.deepcopy(config.settings.copydesk)
  if config.diagnostics == 'push' then
    -- a client that cannot pull gets published diagnostics (copydesk also reads diagnosticMode)
    params.initializationOptions.diagnosticMode = 'push'
    if params.capabilities.textDocument then
      params.capabilities.textDocument.diagnostic = nil
    end
    if params.capabilities.workspace then
      params.capabilities.workspace.diagnostics = nil
    end
  end
end

--- on_init of the default config: with `diagnostics = 'push'` in the config, Neovim does not pull
--- diagnostics and shows the ones the server publishes.
---@param client vim.lsp.Client
function M.on_init(client)
  if client.config.diagnostics == 'push' then
    client.server_capabilities.diagnosticProvider = nil
  end
end

--- Neovim shows pulled and published diagnostics in separate namespaces, so a server that did
--- both would list every finding twice. While Neovim pulls (the server offers
--- textDocument/diagnostic and `diagnostics` is not 'push'), published diagnostics are dropped.
---@type lsp.Handler
function M.on_publish_diagnostics(err, params, ctx)
  local client = vim.lsp.get_client_by_id(ctx.client_id)
  if client and client.server_capabilities.diagnosticProvider then
    return
  end
  return vim.lsp.diagnostic.on_publish_diagnostics(err, params, ctx)
end

--- The first copydesk client attached to the buffer (or running at all).
---@param bufnr integer?
---@return vim.lsp.Client?
function M.client(bufnr)
  return vim.lsp.get_clients({ name = M.name, bufnr = bufnr })[1]
end

--- Resolves the program of a `cmd` list to an absolute path (nil when it is not executable).
---@param cmd string[]|function|nil
---@return string? path, string program
function M.executable(cmd)
  if type(cmd) ~= 'table' or not cmd[1] then
    return nil, tostring(cmd)
  end
  local prog = vim.fn.expand(cmd[1])
  local path = vim.fn.exepath(prog)
  return path ~= '' and path or nil, prog
end

return M
