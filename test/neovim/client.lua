-- Drives handbook-ls from Neovim's built-in LSP client (0.7 API: start_client and
-- buf_attach_client), then writes what the editor received as JSON for the test to read.
local root = os.getenv('HANDBOOK_ROOT')
local out = os.getenv('HANDBOOK_OUT')
local client_id = vim.lsp.start_client({
  name = 'handbook-ls',
  cmd = { os.getenv('HANDBOOK_NODE'), os.getenv('HANDBOOK_SERVER'), '--stdio' },
  root_dir = root,
  workspace_folders = { { uri = vim.uri_from_fname(root), name = 'site' } },
})
vim.cmd('edit ' .. root .. '/contents/handbook/nvim.md')
local bufnr = vim.api.nvim_get_current_buf()
vim.lsp.buf_attach_client(bufnr, client_id)

-- Wait on the condition (diagnostics arrived), polled by Neovim's event loop.
vim.wait(15000, function() return #vim.diagnostic.get(bufnr) > 0 end, 20)

local responses = vim.lsp.buf_request_sync(bufnr, 'textDocument/hover', {
  textDocument = { uri = vim.uri_from_bufnr(bufnr) },
  position = { line = 0, character = 10 },
}, 15000)
local hover = vim.NIL
for _, response in pairs(responses or {}) do
  if response.result and response.result.contents then hover = response.result.contents.value end
end

local messages = {}
for _, diagnostic in ipairs(vim.diagnostic.get(bufnr)) do
  table.insert(messages, (diagnostic.lnum + 1) .. ':' .. (diagnostic.col + 1) .. ' ' .. diagnostic.message)
end
local file = io.open(out, 'w')
file:write(vim.fn.json_encode({ hover = hover, diagnostics = messages }))
file:close()
vim.lsp.stop_client(client_id)
vim.cmd('qa!')
