-- End-to-end test of the ghpat Neovim plugin against the real ghpat-ls,
-- run by e2e_test.go as:
--
--   GHPAT_E2E_SPEC=spec.json nvim --headless --clean -u NONE \
--     --cmd "set rtp^=editors/neovim" -c "luafile editors/neovim/test/e2e.lua"
--
-- spec.json gives the fixture, the server command, the settings and what to
-- expect (positions, redacted values). The script never sees a token in
-- full from the spec, and every string it writes goes through redact(), so
-- that a failure cannot print the buffer's token. It writes a JSON report
-- to spec.result and exits 0 when every check passed, 1 otherwise.
local TIMEOUT = 10000 -- ms for every wait and request; no timing is asserted

local spec = vim.fn.json_decode(table.concat(vim.fn.readfile(os.getenv("GHPAT_E2E_SPEC")), "\n"))
local report = { ok = false, nvim = tostring(vim.version().major) .. "." .. vim.version().minor .. "." .. vim.version().patch, steps = {} }

-- redact shortens anything that looks like a whole token (the redacted
-- forms the server prints are shorter and pass through unchanged).
local function redact(s)
  s = tostring(s)
  s = s:gsub("github_pat_[%w_]+", function(m)
    if #m >= 40 then
      return m:sub(1, 14) .. "…(redacted by e2e.lua)"
    end
  end)
  s = s:gsub("gh[pousr]_[%w_]+", function(m)
    if #m >= 30 then
      return m:sub(1, 7) .. "…(redacted by e2e.lua)"
    end
  end)
  return s
end

local function step(msg)
  table.insert(report.steps, redact(msg))
end

local function fail(msg)
  error({ msg = redact(msg) }, 0)
end

local function check(cond, msg, ...)
  if not cond then
    fail(string.format(msg, ...))
  end
end

local function contains(hay, needle)
  return type(hay) == "string" and hay:find(needle, 1, true) ~= nil
end

-- utf16_col converts a 0-based byte column of line to UTF-16 code units,
-- the same way on every Neovim version (vim.str_utfindex changed in 0.11).
local function utf16_col(line, byte_col)
  local n = 0
  for i = 1, byte_col do
    local b = line:byte(i)
    if b < 0x80 or b >= 0xC0 then
      n = n + (b >= 0xF0 and 2 or 1)
    end
  end
  return n
end

local function buf_lines(bufnr)
  return vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)
end

-- find_text returns the 0-based line and byte column of the first plain
-- occurrence of needle in the buffer.
local function find_text(bufnr, needle)
  for i, line in ipairs(buf_lines(bufnr)) do
    local s = line:find(needle, 1, true)
    if s then
      return i - 1, s - 1, line
    end
  end
end

local function diag_with(bufnr, needle)
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    if contains(d.message, needle) then
      return d
    end
  end
end

-- raw holds the last publishDiagnostics params per URI as the server sent
-- them (UTF-16 ranges): Neovim 0.7 keeps no LSP range in user_data.
local raw = {}
local function record_publish(err, result, ctx, config)
  raw[result.uri] = result.diagnostics
  return vim.lsp.handlers["textDocument/publishDiagnostics"](err, result, ctx, config)
end

-- raw_for returns the server's own diagnostic matching d (same line and
-- message).
local function raw_for(bufnr, d)
  for _, r in ipairs(raw[vim.uri_from_bufnr(bufnr)] or {}) do
    if r.range.start.line == d.lnum and r.message == d.message then
      return r
    end
  end
end

local function summarize_diags(bufnr)
  local out = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    local lsp = raw_for(bufnr, d)
    table.insert(out, {
      lnum = d.lnum,
      col = d.col,
      end_col = d.end_col,
      severity = d.severity,
      message = redact(d.message),
      source = d.source,
      lsp_character = lsp and lsp.range.start.character or vim.NIL,
    })
  end
  return out
end

local function request(client, bufnr, method, params)
  local resp, err = client.request_sync(method, params, TIMEOUT, bufnr)
  check(resp ~= nil, "%s: no response (%s)", method, tostring(err))
  check(resp.err == nil, "%s: error %s", method, vim.inspect(resp.err))
  return resp.result
end

local function run()
  local t1, t2 = spec.expect.token, spec.expect.hover
  vim.cmd("filetype on")
  local ghpat = require("ghpat")
  ghpat.setup({
    cmd = spec.cmd,
    settings = spec.settings,
    handlers = { ["textDocument/publishDiagnostics"] = record_publish },
  })
  step("setup done")

  vim.cmd("edit " .. vim.fn.fnameescape(spec.fixture))
  local bufnr = vim.api.nvim_get_current_buf()
  check(vim.bo[bufnr].filetype == "python", "filetype is %q, want python", vim.bo[bufnr].filetype)

  local client
  check(vim.wait(TIMEOUT, function()
    client = ghpat.client_for(bufnr)
    return client ~= nil and client.initialized ~= false
  end, 50), "ghpat-ls did not attach to the buffer within %d ms", TIMEOUT)
  step("client attached: " .. client.name)

  -- 1. Diagnostics for both tokens.
  check(vim.wait(TIMEOUT, function()
    return diag_with(bufnr, t1.redacted) ~= nil and diag_with(bufnr, t2.redacted) ~= nil
  end, 50), "no diagnostics for both tokens within %d ms; got %s", TIMEOUT, vim.inspect(summarize_diags(bufnr)))
  report.diagnostics = summarize_diags(bufnr)
  local d = diag_with(bufnr, t1.redacted)
  check(d.lnum == t1.line, "token diagnostic on line %d, want %d", d.lnum, t1.line)
  -- vim.diagnostic columns are bytes on every version; the LSP range is UTF-16.
  check(d.col == t1.byte_col, "token diagnostic at byte column %d, want %d", d.col, t1.byte_col)
  check(d.end_col == t1.byte_end_col, "token diagnostic ends at byte column %d, want %d", d.end_col, t1.byte_end_col)
  local lspd = raw_for(bufnr, d)
  check(lspd ~= nil, "the handler saw no publishDiagnostics entry for the token")
  check(lspd.range.start.character == t1.utf16_col, "LSP diagnostic starts at UTF-16 character %d, want %d",
    lspd.range.start.character, t1.utf16_col)
  check(d.severity == vim.diagnostic.severity.ERROR, "token diagnostic severity %s, want ERROR", tostring(d.severity))
  check(contains(d.message, t1.kind_name), "message %q does not name %q", d.message, t1.kind_name)
  check(d.source == nil or d.source == "ghpat-ls" or contains(d.source, "ghpat"), "unexpected source %q", tostring(d.source))
  -- The settings reach the server: the fine-grained rule was lowered to info.
  local d2 = diag_with(bufnr, t2.redacted)
  check(d2.severity == vim.diagnostic.severity[t2.severity], "fine-grained token severity %s, want %s (from settings)",
    tostring(d2.severity), t2.severity)
  step(string.format("diagnostic ok: line %d byte col %d (UTF-16 %d): %s", d.lnum, d.col, lspd.range.start.character, d.message))

  -- 2. Quick fix: ask for code actions on the diagnostic and apply the preferred one.
  local before = buf_lines(bufnr)
  local actions = request(client, bufnr, "textDocument/codeAction", {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    range = lspd.range,
    context = { diagnostics = { lspd }, only = { "quickfix" } },
  })
  check(type(actions) == "table" and #actions > 0, "no code actions for the token: %s", vim.inspect(actions))
  report.code_actions = {}
  local chosen
  for _, a in ipairs(actions) do
    table.insert(report.code_actions, redact(a.title))
    if chosen == nil and a.isPreferred then
      chosen = a
    end
  end
  chosen = chosen or actions[1]
  check(chosen.edit ~= nil, "code action %q has no edit", chosen.title)
  -- Neovim 0.7 takes (edit, offset_encoding) and warns without it; any
  -- older one-argument signature ignores the extra argument.
  vim.lsp.util.apply_workspace_edit(chosen.edit, client.offset_encoding or "utf-16")
  local after = buf_lines(bufnr)
  check(not vim.deep_equal(before, after), "applying %q did not change the buffer", chosen.title)
  local full = "gh" .. "p_" .. string.rep("[%w]", 36)
  for i, line in ipairs(after) do
    check(not line:match(full), "line %d still holds the token after the fix: %s", i - 1, line)
  end
  report.fix_title = redact(chosen.title)
  report.fixed_lines = {}
  for _, line in ipairs(after) do
    table.insert(report.fixed_lines, redact(line))
  end
  step("applied quick fix: " .. chosen.title)

  -- 3. The token's diagnostic disappears once the server has the change,
  -- while the other token's stays (and follows its line).
  check(vim.wait(TIMEOUT, function()
    return diag_with(bufnr, t1.redacted) == nil and diag_with(bufnr, t2.redacted) ~= nil
  end, 50), "after the fix the diagnostics are %s", vim.inspect(summarize_diags(bufnr)))
  local hl, hcol, hline = find_text(bufnr, "github_pat_")
  check(hl ~= nil, "fine-grained token not found in the buffer")
  check(vim.wait(TIMEOUT, function()
    local dd = diag_with(bufnr, t2.redacted)
    return dd ~= nil and dd.lnum == hl and dd.col == hcol
  end, 50), "fine-grained token diagnostic not at %d:%d after the fix: %s", hl, hcol, vim.inspect(summarize_diags(bufnr)))
  report.diagnostics_after_fix = summarize_diags(bufnr)
  step("token diagnostic gone after the fix")

  -- 4. Hover in the middle of the second token, past a 4-byte character.
  local hchar = utf16_col(hline, hcol + 20)
  local hover = request(client, bufnr, "textDocument/hover", {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    position = { line = hl, character = hchar },
  })
  check(type(hover) == "table" and hover.contents ~= nil, "no hover at %d:%d", hl, hchar)
  local text = type(hover.contents) == "table" and (hover.contents.value or hover.contents[1]) or hover.contents
  if type(text) == "table" then
    text = text.value
  end
  report.hover = redact(text)
  check(contains(text, "Hard-coded " .. t2.kind_name), "hover does not name the kind %q: %s", t2.kind_name, text)
  check(contains(text, t2.redacted), "hover does not show the redacted value %q: %s", t2.redacted, text)
  check(contains(text, "Checksum valid"), "hover does not say the checksum is valid: %s", text)
  check(hover.range ~= nil and hover.range.start.line == hl and hover.range.start.character == utf16_col(hline, hcol),
    "hover range %s, want start %d:%d (UTF-16)", vim.inspect(hover.range), hl, utf16_col(hline, hcol))
  step("hover ok")

  -- 5. A .env file: the plugin gives it a file type, the server is told
  -- "dotenv" (e2e_test.go checks that in the server log), and the same
  -- client serves it.
  local t3 = spec.expect.env
  vim.cmd("edit " .. vim.fn.fnameescape(spec.env_fixture))
  local envbuf = vim.api.nvim_get_current_buf()
  check(vim.bo[envbuf].filetype == "sh", ".env file has file type %q, want sh", vim.bo[envbuf].filetype)
  check(vim.wait(TIMEOUT, function()
    local c = ghpat.client_for(envbuf)
    return c ~= nil and diag_with(envbuf, t3.redacted) ~= nil
  end, 50), "no diagnostic in the .env file within %d ms: %s", TIMEOUT, vim.inspect(summarize_diags(envbuf)))
  check(ghpat.client_for(envbuf).id == client.id, "the .env file got a second client")
  local de = diag_with(envbuf, t3.redacted)
  check(de.lnum == t3.line and de.col == t3.byte_col, ".env diagnostic at %d:%d, want %d:%d", de.lnum, de.col, t3.line, t3.byte_col)
  step(".env diagnostic ok")

  -- 6. Shut the server down cleanly.
  vim.lsp.stop_client(client.id)
  check(vim.wait(TIMEOUT, function()
    return vim.lsp.get_client_by_id(client.id) == nil
  end, 50), "ghpat-ls did not stop within %d ms", TIMEOUT)
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
if ok then
  vim.cmd("qall!")
else
  io.stderr:write("e2e.lua FAILED: " .. redact(err) .. "\n")
  vim.cmd("cquit 1")
end
