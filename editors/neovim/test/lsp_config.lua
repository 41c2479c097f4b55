-- Unit test of lsp/ghpat_ls.lua, the Neovim 0.11 vim.lsp.Config, run by
-- config_test.go under plain LuaJIT (no Neovim: the machine has 0.7, which
-- has no vim.lsp.config). A stub `vim` records what the file touches.
--   luajit test/lsp_config.lua PLUGIN_DIR
local dir = assert(arg[1], "usage: luajit lsp_config.lua PLUGIN_DIR")
local failures = 0
local function check(cond, msg, ...)
  if not cond then
    failures = failures + 1
    io.stderr:write("FAIL: " .. string.format(msg, ...) .. "\n")
  end
end

local empty_dict_mt = { __name = "empty_dict" }
local buffers = { [1] = "/p/.env", [2] = "/p/notes.txt", [3] = "/p/main.go" }
vim = {
  empty_dict = function()
    return setmetatable({}, empty_dict_mt)
  end,
  api = {
    nvim_buf_get_name = function(b)
      return buffers[b]
    end,
  },
  fn = {
    fnamemodify = function(name, mod)
      assert(mod == ":t", "unexpected fnamemodify " .. mod)
      return (name:gsub("^.*/", ""))
    end,
  },
  log = { levels = { ERROR = 4 } },
}
package.path = dir .. "/lua/?.lua;" .. dir .. "/lua/?/init.lua;" .. package.path

local chunk, err = loadfile(dir .. "/lsp/ghpat_ls.lua")
check(chunk ~= nil, "lsp/ghpat_ls.lua does not load: %s", tostring(err))
if not chunk then
  os.exit(1)
end
local ok, cfg = pcall(chunk)
check(ok and type(cfg) == "table", "lsp/ghpat_ls.lua must return a table (vim.lsp.Config), got %s", tostring(cfg))
if not ok or type(cfg) ~= "table" then
  os.exit(1)
end

-- Only vim.lsp.Config fields; a typo would be silently ignored by Neovim.
local known = {
  cmd = true, root_markers = true, settings = true, get_language_id = true, filetypes = true,
  init_options = true, root_dir = true, cmd_env = true, capabilities = true, on_attach = true,
}
for k in pairs(cfg) do
  check(known[k], "unexpected field %q", tostring(k))
end
check(type(cfg.cmd) == "table" and cfg.cmd[1] == "ghpat-ls" and #cfg.cmd == 1, "cmd should be { \"ghpat-ls\" }")
check(cfg.filetypes == nil, "filetypes must stay unset: the server attaches to every file buffer")
check(type(cfg.root_markers) == "table" and cfg.root_markers[1] == ".git", "root_markers should start with .git")
for i, m in ipairs(cfg.root_markers or {}) do
  check(type(m) == "string", "root_markers[%d] must be a string (0.11.0 has no nested lists)", i)
end
check(type(cfg.settings) == "table" and getmetatable(cfg.settings.ghpat) == empty_dict_mt,
  "settings.ghpat must be vim.empty_dict() so it is sent as a JSON object")

-- The language ids the server expects, from the plugin's single definition.
check(type(cfg.get_language_id) == "function", "get_language_id should be a function")
if type(cfg.get_language_id) == "function" then
  for bufnr, want in pairs({ [1] = { "sh", "dotenv" }, [2] = { "text", "plaintext" }, [3] = { "go", "go" } }) do
    local got = cfg.get_language_id(bufnr, want[1])
    check(got == want[2], "get_language_id(%s, %q) = %q, want %q", buffers[bufnr], want[1], tostring(got), want[2])
  end
end

if failures > 0 then
  os.exit(1)
end
print("ok lsp/ghpat_ls.lua")
