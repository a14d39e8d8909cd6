-- Drives handbook-ls from Neovim through the README's own setup (sourced before this file):
-- opens a Markdown and an MDX page, asks for hover and completion, and writes what the
-- editor received as JSON for the test to read.
local root = os.getenv('HANDBOOK_ROOT')
local out = os.getenv('HANDBOOK_OUT')
local result = {}

local function received(file, line, character)
  vim.cmd('edit ' .. root .. '/' .. file)
  local bufnr = vim.api.nvim_get_current_buf()
  -- Wait on the condition (diagnostics arrived), polled by Neovim's event loop.
  vim.wait(15000, function() return #vim.diagnostic.get(bufnr) > 0 end, 20)
  local function ask(method, params)
    params.textDocument = { uri = vim.uri_from_bufnr(bufnr) }
    for _, response in pairs(vim.lsp.buf_request_sync(bufnr, method, params, 15000) or {}) do
      if response.result then return response.result end
    end
    return vim.NIL
  end
  local hover = ask('textDocument/hover', { position = { line = 0, character = 10 } })
  local completion = ask('textDocument/completion', { position = { line = line, character = character } })
  local labels = {}
  for _, item in ipairs(completion.items or completion) do table.insert(labels, item.label) end
  local messages = {}
  for _, diagnostic in ipairs(vim.diagnostic.get(bufnr)) do
    table.insert(messages, (diagnostic.lnum + 1) .. ':' .. (diagnostic.col + 1) .. ' ' .. diagnostic.message)
  end
  table.sort(labels)
  return { filetype = vim.bo[bufnr].filetype, hover = hover.contents and hover.contents.value or vim.NIL, completion = labels, diagnostics = messages }
end

result.md = received('contents/handbook/nvim.md', 4, 22)
result.mdx = received('contents/handbook/nvim.mdx', 4, 22)
local file = io.open(out, 'w')
file:write(vim.fn.json_encode(result))
file:close()
vim.cmd('qa!')
