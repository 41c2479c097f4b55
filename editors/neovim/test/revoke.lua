-- End-to-end test of "Revoke this token at GitHub…" in Neovim, run by
-- revoke_e2e_test.go (same invocation as e2e.lua, spec in
-- GHPAT_REVOKE_SPEC). The user's answers are scripted by replacing the two
-- UI primitives the flow calls, vim.ui.select (which code action) and
-- vim.fn.confirm (the question): everything else is the real plugin, the
-- real vim.lsp.buf.code_action and the real server. It answers Cancel,
-- then Escape, then Revoke, and reports what was asked and shown; the Go
-- side checks that the fake GitHub saw exactly one request. Every string
-- written goes through redact().
local TIMEOUT = 10000
local spec = vim.fn.json_decode(table.concat(vim.fn.readfile(os.getenv("GHPAT_REVOKE_SPEC")), "\n"))
local report = { ok = false, steps = {}, prompts = {}, messages = {}, titles = vim.empty_dict() }

local function redact(s)
  s = tostring(s)
  s = s:gsub("github_pat_[%w_]+", function(m)
    if #m >= 40 then
      return m:sub(1, 14) .. "…(redacted by revoke.lua)"
    end
  end)
  s = s:gsub("gh[pousr]_[%w_]+", function(m)
    if #m >= 30 then
      return m:sub(1, 7) .. "…(redacted by revoke.lua)"
    end
  end)
  return s
end

local function check(cond, msg, ...)
  if not cond then
    error({ msg = redact(string.format(msg, ...)) }, 0)
  end
end

local function step(msg)
  table.insert(report.steps, redact(msg))
end

-- The scripted user.
local answer = 2 -- vim.fn.confirm's result: 1 Revoke, 2 Cancel, 0 Escape
vim.fn.confirm = function(msg, buttons, default, kind)
  table.insert(report.prompts, { message = redact(msg), buttons = buttons, default = default, kind = kind })
  return answer
end
local offered
vim.ui.select = function(items, _, on_choice)
  offered = {}
  local pick
  for _, item in ipairs(items) do
    local action = item[2] -- 0.7: {client_id, action}; later: {ctx=, action=}
    if type(item) == "table" and item.action then
      action = item.action
    end
    table.insert(offered, redact(action.title))
    if action.title == "Revoke this token at GitHub…" then
      pick = item
    end
  end
  on_choice(pick)
end

local function on_show(_, result)
  table.insert(report.messages, { type = result.type, message = redact(result.message) })
end

-- The server asks itself only when the client did not say "confirmed".
report.server_asked = 0
local function on_ask()
  report.server_asked = report.server_asked + 1
  return vim.NIL
end

local function actions_at(bufnr, needle)
  local line
  for i, l in ipairs(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)) do
    if l:find(needle, 1, true) then
      line = i
      break
    end
  end
  check(line ~= nil, "%s not in the buffer", needle)
  vim.api.nvim_win_set_cursor(0, { line, 12 })
  offered = nil
  vim.lsp.buf.code_action()
  check(vim.wait(TIMEOUT, function()
    return offered ~= nil
  end, 20), "no code actions offered on %s", needle)
  return offered
end

local function run()
  vim.cmd("filetype on")
  local ghpat = require("ghpat")
  ghpat.setup({ cmd = spec.cmd, settings = spec.settings, handlers = { ["window/showMessage"] = on_show, ["window/showMessageRequest"] = on_ask } })
  check(vim.lsp.commands["ghpat.revokeToken"] ~= nil, "setup did not register the command")
  vim.cmd("edit " .. vim.fn.fnameescape(spec.fixture))
  local bufnr = vim.api.nvim_get_current_buf()
  check(vim.wait(TIMEOUT, function()
    return #vim.diagnostic.get(bufnr) >= 2
  end, 50), "no diagnostics within %d ms", TIMEOUT)
  step("diagnostics published")

  -- A placeholder gets no revoke action (asked directly: with no action
  -- at all, code_action() only prints "No code actions available").
  local client = ghpat.client_for(bufnr)
  local resp = client.request_sync("textDocument/codeAction", {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    range = { start = { line = 1, character = 20 }, ["end"] = { line = 1, character = 20 } },
    context = { diagnostics = {} },
  }, TIMEOUT, bufnr)
  check(resp ~= nil and resp.err == nil, "codeAction on the placeholder failed")
  report.titles.placeholder = {}
  for _, a in ipairs(resp.result or {}) do
    table.insert(report.titles.placeholder, redact(a.title))
    check(a.title ~= "Revoke this token at GitHub…", "revoke offered on a placeholder")
  end
  step("no revoke action on the placeholder (" .. #report.titles.placeholder .. " actions)")

  -- Cancel, then Escape: nothing is sent.
  answer = 2
  report.titles.token = actions_at(bufnr, "TOKEN =")
  check(#report.prompts == 1, "Cancel: %d prompts", #report.prompts)
  answer = 0
  actions_at(bufnr, "TOKEN =")
  check(#report.prompts == 2, "Escape: %d prompts", #report.prompts)
  step("declined twice")

  -- Revoke: the command goes to the server, the outcome comes back.
  answer = 1
  actions_at(bufnr, "TOKEN =")
  check(vim.wait(TIMEOUT, function()
    return #report.messages > 0
  end, 20), "no window/showMessage after confirming")
  step("confirmed; server said: " .. report.messages[1].message)

  vim.lsp.stop_client(client.id)
  check(vim.wait(TIMEOUT, function()
    return vim.lsp.get_client_by_id(client.id) == nil
  end, 50), "ghpat-ls did not stop")
  step("server stopped")
end

local ok, err = xpcall(run, function(e)
  if type(e) == "table" and e.msg then
    return e.msg
  end
  return debug.traceback(tostring(e), 2)
end)
report.ok = ok
if not ok then
  report.error = redact(err)
end
vim.fn.writefile({ vim.fn.json_encode(report) }, spec.result)
vim.cmd(ok and "qall!" or "cquit 1")
