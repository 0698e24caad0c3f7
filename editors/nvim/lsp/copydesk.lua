-- Default configuration of the copydesk language server for Neovim 0.11+:
--   vim.lsp.enable('copydesk')
-- Override any field with vim.lsp.config('copydesk', { ... }) or require('copydesk').setup({ ... }).
local util = require('copydesk.util')

---@type vim.lsp.Config
return {
  cmd = { 'copydesk', 'lsp' },
  filetypes = { 'markdown', 'text' },
  -- the nearest copydesk.toml wins, else the repository root (.git); with neither, a single-file client
  root_markers = { 'copydesk.toml', '.git' },
  -- sent as initializationOptions and workspace/didChangeConfiguration, and answered to
  -- workspace/configuration requests for the "copydesk" section
  settings = {
    copydesk = {
      severity = vim.empty_dict(), -- e.g. { ['inconsistent-name'] = 'error', ['undefined-acronym'] = 'off' }
      -- languages = { 'markdown', 'text' }, -- language ids the server checks; default: `filetypes`
    },
  },
  -- 'pull' (Neovim asks for diagnostics on open and on change) or 'push' (the server publishes them)
  diagnostics = 'pull',
  before_init = util.before_init,
  on_init = util.on_init,
  handlers = {
    ['textDocument/publishDiagnostics'] = util.on_publish_diagnostics,
  },
}
