-- ghpat_ls: the ghpat-ls language server for Neovim 0.11+ (vim.lsp.config).
-- With editors/neovim on the runtimepath this is the whole setup:
--
--   vim.lsp.enable("ghpat_ls")
--
-- Override any field with vim.lsp.config("ghpat_ls", { ... }), e.g.
-- cmd = { "/opt/bin/ghpat-ls" } or settings = { ghpat = { apiVersion = "2022-11-28" } }.
--
-- No `filetypes`: a token can be pasted into any file (Terraform, TOML,
-- INI, PHP, a notes file...), so the client attaches to every file buffer
-- (Neovim skips special buffers: help, terminals, prompts). The server
-- reads every language; language-specific lints simply do not fire where
-- they do not apply. Neovim 0.7's require("ghpat").setup() keeps its list
-- of file types (lua/ghpat/init.lua) because 0.7 has no such default.
---@type vim.lsp.Config
return {
  cmd = { "ghpat-ls" },
  -- The same project roots as the 0.7 plugin; no marker: a single-file client.
  root_markers = { ".git", "go.mod", "package.json", "pyproject.toml", "Cargo.toml" },
  -- settings.ghpat is what the server reads (workspace/configuration pull and
  -- didChangeConfiguration). An empty Lua table would be sent as a JSON
  -- array, the server wants an object.
  settings = { ghpat = vim.empty_dict() },
  -- .env files are announced as "dotenv" and text as "plaintext", like the
  -- VS Code extension (one definition, in the 0.7 plugin module).
  get_language_id = function(bufnr, filetype)
    return require("ghpat")._language_id(bufnr, filetype)
  end,
}
