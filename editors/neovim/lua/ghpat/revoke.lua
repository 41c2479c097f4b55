-- ghpat.revoke: asks before "Revoke this token at GitHub…" runs.
--
-- The server sends the token to GitHub's credential revocation API as soon
-- as it receives the command, so the plugin registers the command id in
-- vim.lsp.commands: picking the code action then calls M.run, which asks
-- with vim.fn.confirm (default answer: Cancel) and sends
-- workspace/executeCommand only after "Revoke", marked "confirmed" (without
-- it the server would ask again). The outcome arrives as
-- window/showMessage. Works on Neovim 0.7 and later.
local M = {}

-- The server's command id (lsp.RevokeCommand).
M.command = "ghpat.revokeToken"

-- safe shortens anything that looks like a whole token (the server sends
-- only redacted forms, such as "ghp_abc…wxyz", which pass unchanged).
-- Any gh?_ prefix, so that a new kind of token needs no change here; a Go
-- test (internal/floors) holds these patterns to ghtoken's table of kinds.
local function safe(v, fallback)
  if type(v) ~= "string" or v == "" then
    return fallback
  end
  v = v:gsub("github_pat_[%w_]+", function(m)
    if #m >= 23 then
      return "github_pat_…"
    end
  end)
  v = v:gsub("gh%l_[%w_]+", function(m)
    if #m >= 16 then
      return m:sub(1, 4) .. "…"
    end
  end)
  return v:sub(1, 200)
end

-- message is the question asked for the command's arguments.
function M.message(arguments)
  local a = type(arguments) == "table" and type(arguments[1]) == "table" and arguments[1] or {}
  return string.format(
    "Revoke %s at GitHub (%s)? The owner is emailed and it cannot be undone.\n"
      .. "ghpat-ls sends the token, without authentication, to the host's credential revocation API.",
    safe(a.redacted, "this token"),
    safe(a.host, "GitHub")
  )
end

-- confirm asks the user; only the "Revoke" button (1) confirms. Escape,
-- Enter (the default is Cancel) and an interrupted prompt do not.
function M.confirm(arguments)
  local ok, choice = pcall(vim.fn.confirm, M.message(arguments), "&Revoke\n&Cancel", 2, "Warning")
  return ok and choice == 1
end

-- run is the vim.lsp.commands handler: (command, ctx) with ctx.client_id
-- and ctx.bufnr set by Neovim's code action code.
function M.run(command, ctx)
  if not M.confirm(command.arguments) then
    vim.notify("ghpat-ls: not revoked; nothing was sent", vim.log.levels.INFO)
    return
  end
  local client = ctx and ctx.client_id and vim.lsp.get_client_by_id(ctx.client_id)
  if not client then
    vim.notify("ghpat-ls: the language server is not running; nothing was sent", vim.log.levels.WARN)
    return
  end
  -- "confirmed": the user was asked, so the server does not ask again.
  local arg = vim.deepcopy(type(command.arguments) == "table" and command.arguments[1] or {})
  arg.confirmed = true
  client.request("workspace/executeCommand", { command = command.command, arguments = { arg } }, function(err)
    if err then
      vim.notify("ghpat-ls: revoke failed: " .. safe(err.message, "error"), vim.log.levels.ERROR)
    end
  end, ctx.bufnr)
end

-- register installs the handler (idempotent).
function M.register()
  vim.lsp.commands[M.command] = M.run
end

return M
