-- ghpat: starts the ghpat-ls language server with Neovim's built-in LSP
-- client for the file types the server understands.
--
--   require("ghpat").setup({
--     cmd = { "ghpat-ls" },                      -- or an absolute path, plus flags
--     settings = { ghpat = { apiVersion = "2022-11-28" } },
--   })
--
-- Works on Neovim 0.7 (vim.lsp.start_client + vim.lsp.buf_attach_client,
-- one client per project root) and on newer releases unchanged.
local M = {}

-- The file types the server analyses (the same set as the VS Code extension).
M.default_filetypes = {
  "go", "javascript", "javascriptreact", "typescript", "typescriptreact",
  "python", "sh", "bash", "zsh", "ruby", "rust", "java",
  "yaml", "dockerfile", "json", "jsonc", "markdown", "text", "dotenv",
}

local defaults = {
  cmd = { "ghpat-ls" },
  cmd_env = nil,
  filetypes = M.default_filetypes,
  -- settings.ghpat is what the server reads (workspace/configuration,
  -- initializationOptions and didChangeConfiguration all carry it).
  settings = { ghpat = {} },
  -- Files that mark a project root; the first directory upwards that holds
  -- one is the root, else the file's directory.
  root_markers = { ".git", "go.mod", "package.json", "pyproject.toml", "Cargo.toml" },
  -- File type given to .env, .env.* and *.env files that nothing else
  -- recognised, or only guessed as "conf" ("sh" gets shell highlighting;
  -- the server is told "dotenv" either way). false: leave detection alone.
  env_filetype = "sh",
  autostart = true,
  -- Sort this server's diagnostics by severity (vim.diagnostic's
  -- severity_sort, for its namespace only): with two findings on a line,
  -- virtual text shows the last one, which is then the most severe.
  severity_sort = true,
  on_attach = nil,
  capabilities = nil,
  handlers = nil,
}

M.config = nil
local clients = {} -- root_dir -> client id
local group = nil

-- is_env_file reports whether a buffer name is a dotenv file.
local function is_env_file(name)
  local base = vim.fn.fnamemodify(name, ":t")
  return base == ".env" or base:sub(1, 5) == ".env." or (base:sub(-4) == ".env" and #base > 4)
end
M._is_env_file = is_env_file

-- language_id is the LSP languageId sent on didOpen: the file type, except
-- for dotenv files (whatever their file type) and plain text.
local function language_id(bufnr, filetype)
  if is_env_file(vim.api.nvim_buf_get_name(bufnr)) then
    return "dotenv"
  end
  if filetype == "text" then
    return "plaintext"
  end
  return filetype
end
M._language_id = language_id

local function find_root(path)
  local dir = vim.fn.fnamemodify(path, ":p:h")
  for _, marker in ipairs(M.config.root_markers) do
    local found = vim.fn.finddir(marker, dir .. ";")
    if found ~= "" then
      return vim.fn.fnamemodify(found, ":p:h:h") -- ":p" of a directory ends in "/"
    end
    found = vim.fn.findfile(marker, dir .. ";")
    if found ~= "" then
      return vim.fn.fnamemodify(found, ":p:h")
    end
  end
  return dir
end
M._find_root = find_root

local function notify(msg, level)
  vim.schedule(function()
    vim.notify("ghpat-ls: " .. msg, level or vim.log.levels.ERROR)
  end)
end

-- client_config builds the vim.lsp.start_client() table for root_dir.
local function client_config(root_dir)
  local c = M.config
  local settings = vim.deepcopy(c.settings or {})
  -- An empty Lua table encodes as a JSON array; the server wants an object.
  if settings.ghpat == nil or vim.tbl_isempty(settings.ghpat) then
    settings.ghpat = vim.empty_dict()
  end
  return {
    name = "ghpat-ls",
    cmd = c.cmd,
    cmd_env = c.cmd_env,
    root_dir = root_dir,
    workspace_folders = { { uri = vim.uri_from_fname(root_dir), name = root_dir } },
    settings = settings,
    init_options = settings,
    get_language_id = language_id,
    capabilities = c.capabilities,
    handlers = c.handlers,
    on_attach = c.on_attach,
    on_exit = function(_, _, client_id)
      for root, id in pairs(clients) do
        if id == client_id then
          clients[root] = nil
        end
      end
    end,
  }
end

-- configure_diagnostics applies the plugin's display options to the
-- namespace of client_id's diagnostics, and returns that namespace.
local function configure_diagnostics(client_id)
  if client_id == nil or not M.config.severity_sort then
    return nil
  end
  local ok, ns = pcall(vim.lsp.diagnostic.get_namespace, client_id)
  if not ok or ns == nil then
    return nil
  end
  vim.diagnostic.config({ severity_sort = true }, ns)
  return ns
end
M._configure_diagnostics = configure_diagnostics

-- attach starts (or reuses) the client for the buffer's root and attaches
-- the buffer. It returns the client id, or nil when the buffer is not a
-- file or the server cannot start.
function M.attach(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  if M.config == nil then
    M.setup({})
  end
  local name = vim.api.nvim_buf_get_name(bufnr)
  if name == "" or vim.bo[bufnr].buftype ~= "" then
    return nil
  end
  local exe = M.config.cmd[1]
  if vim.fn.executable(exe) ~= 1 then
    if not M._warned then
      M._warned = true
      -- Building from a clone is the install that works before the first
      -- tagged release (`go install …@latest` needs a tag).
      notify(string.format("%q is not executable; build it from a clone with "
        .. "`git clone https://github.com/ghpat-ls/ghpat-ls && cd ghpat-ls && go install ./cmd/ghpat-ls` "
        .. "(and put $(go env GOPATH)/bin on PATH), or set cmd in require('ghpat').setup()", exe))
    end
    return nil
  end
  local root = find_root(name)
  local cfg = client_config(root)
  if vim.lsp.start then
    -- Neovim 0.8+: reuses a running client with the same name and root.
    local started = vim.lsp.start(cfg, { bufnr = bufnr })
    configure_diagnostics(started)
    return started
  end
  local id = clients[root]
  if id == nil or vim.lsp.get_client_by_id(id) == nil then
    id = vim.lsp.start_client(cfg)
    if id == nil then
      notify("could not start " .. exe)
      return nil
    end
    clients[root] = id
  end
  vim.lsp.buf_attach_client(bufnr, id)
  configure_diagnostics(id)
  return id
end

-- client_for returns the ghpat-ls client attached to bufnr, if any.
function M.client_for(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  local list = vim.lsp.get_clients and vim.lsp.get_clients({ bufnr = bufnr }) or vim.lsp.buf_get_clients(bufnr)
  for _, client in pairs(list) do
    if client.name == "ghpat-ls" then
      return client
    end
  end
  return nil
end

-- setup configures the plugin and, with autostart, attaches every buffer
-- of a covered file type (already open ones included).
function M.setup(opts)
  opts = opts or {}
  local c = vim.tbl_deep_extend("force", vim.deepcopy(defaults), opts)
  -- Lists replace the defaults rather than merge index by index.
  for _, k in ipairs({ "cmd", "filetypes", "root_markers" }) do
    if opts[k] ~= nil then
      c[k] = opts[k]
    end
  end
  if type(c.cmd) == "string" then
    c.cmd = { c.cmd }
  end
  M.config = c
  require("ghpat.revoke").register() -- "Revoke this token at GitHub…" asks first

  group = vim.api.nvim_create_augroup("ghpat_ls", { clear = true })
  if c.env_filetype then
    vim.api.nvim_create_autocmd({ "BufNewFile", "BufRead" }, {
      group = group,
      pattern = { ".env", ".env.*", "*.env" },
      callback = function(args)
        -- "conf" is Vim's last-resort guess for any file starting with "#".
        local ft = vim.bo[args.buf].filetype
        if ft == "" or ft == "conf" then
          vim.bo[args.buf].filetype = c.env_filetype
        end
      end,
    })
  end
  if c.autostart then
    local wanted = {}
    for _, ft in ipairs(c.filetypes) do
      wanted[ft] = true
    end
    vim.api.nvim_create_autocmd("FileType", {
      group = group,
      pattern = c.filetypes,
      callback = function(args)
        M.attach(args.buf)
      end,
    })
    for _, buf in ipairs(vim.api.nvim_list_bufs()) do
      if vim.api.nvim_buf_is_loaded(buf) and wanted[vim.bo[buf].filetype] then
        M.attach(buf)
      end
    end
  end
end

return M
