-- Checks of the plugin's own logic (no server involved), run by
-- e2e_test.go in a headless Neovim like e2e.lua: .env detection, language
-- ids, project roots, and the message when ghpat-ls is not installed.
-- Writes {"ok":..., "error":..., "steps":[...]} to $GHPAT_UNIT_RESULT.
local report = { ok = false, steps = {} }
local dir = os.getenv("GHPAT_UNIT_DIR")

local function check(cond, msg, ...)
  if not cond then
    error({ msg = string.format(msg, ...) }, 0)
  end
end

local function run()
  vim.cmd("filetype on")
  local notes = {}
  vim.notify = function(msg, level)
    table.insert(notes, { msg = msg, level = level })
  end
  local ghpat = require("ghpat")
  ghpat.setup({ cmd = { dir .. "/missing/ghpat-ls" } })

  for name, want in pairs({
    [".env"] = true, [".env.local"] = true, ["prod.env"] = true, ["/a/b/.env.test"] = true,
    [".envrc"] = false, ["env"] = false, [".environment"] = false, ["x.env.bak"] = false,
  }) do
    check(ghpat._is_env_file(name) == want, "is_env_file(%q) = %s, want %s", name, tostring(not want), tostring(want))
  end
  table.insert(report.steps, "is_env_file ok")

  -- Project roots: a .git directory, a go.mod file, else the file's directory.
  check(ghpat._find_root(dir .. "/repo/sub/deep/main.go") == dir .. "/repo", "root with .git: %s",
    ghpat._find_root(dir .. "/repo/sub/deep/main.go"))
  check(ghpat._find_root(dir .. "/mod/pkg/x.go") == dir .. "/mod", "root with go.mod: %s",
    ghpat._find_root(dir .. "/mod/pkg/x.go"))
  check(ghpat._find_root(dir .. "/plain/a.py") == dir .. "/plain", "root without marker: %s",
    ghpat._find_root(dir .. "/plain/a.py"))
  table.insert(report.steps, "find_root ok")

  -- A .env file gets file type sh and language id dotenv; a .txt file plaintext.
  vim.cmd("edit " .. vim.fn.fnameescape(dir .. "/plain/.env.production"))
  local envbuf = vim.api.nvim_get_current_buf()
  check(vim.bo[envbuf].filetype == "sh", ".env.production file type %q, want sh", vim.bo[envbuf].filetype)
  check(ghpat._language_id(envbuf, "sh") == "dotenv", "language id of .env.production: %s", ghpat._language_id(envbuf, "sh"))
  vim.cmd("edit " .. vim.fn.fnameescape(dir .. "/plain/notes.txt"))
  local txt = vim.api.nvim_get_current_buf()
  check(vim.bo[txt].filetype == "text", "notes.txt file type %q, want text", vim.bo[txt].filetype)
  check(ghpat._language_id(txt, "text") == "plaintext", "language id of notes.txt: %s", ghpat._language_id(txt, "text"))
  vim.cmd("edit " .. vim.fn.fnameescape(dir .. "/plain/a.py"))
  local py = vim.api.nvim_get_current_buf()
  check(ghpat._language_id(py, "python") == "python", "language id of a.py: %s", ghpat._language_id(py, "python"))
  table.insert(report.steps, "file types and language ids ok")

  -- The server is missing: one error naming the install command, no client.
  check(vim.wait(10000, function() return #notes > 0 end, 20), "no message about the missing server")
  check(#notes == 1, "%d messages, want exactly one: %s", #notes, vim.inspect(notes))
  check(notes[1].level == vim.log.levels.ERROR, "message level %s, want ERROR", tostring(notes[1].level))
  check(notes[1].msg:find("cd ghpat-ls && go install ./cmd/ghpat-ls", 1, true) ~= nil
    and notes[1].msg:find("@latest", 1, true) == nil,
    "message lacks the install command: %s", notes[1].msg)
  check(ghpat.client_for(py) == nil, "a client is attached although the server is missing")
  table.insert(report.steps, "missing server reported once")

  -- Two findings on one line, the less severe one last (as a server may
  -- send them): virtual text shows the most severe one.
  local ns = ghpat._configure_diagnostics(4242)
  check(ns ~= nil, "no diagnostic namespace configured for a client")
  vim.diagnostic.config({ virtual_text = true }, ns) -- off by default on Neovim 0.11
  local buf = vim.api.nvim_create_buf(true, false)
  vim.api.nvim_set_current_buf(buf)
  vim.api.nvim_buf_set_lines(buf, 0, -1, false, { 'h = {"Authorization": "token " + t}' })
  vim.diagnostic.set(ns, buf, {
    { lnum = 0, col = 0, end_col = 4, severity = vim.diagnostic.severity.ERROR, message = "the error" },
    { lnum = 0, col = 6, end_col = 10, severity = vim.diagnostic.severity.HINT, message = "the hint" },
  })
  local shown = {}
  local ids = vim.tbl_values(vim.api.nvim_get_namespaces())
  local user_data = vim.diagnostic.get_namespace(ns).user_data or {}
  table.insert(ids, user_data.virt_text_ns) -- an anonymous namespace, not listed
  for _, id in ipairs(ids) do
    for _, mark in ipairs(vim.api.nvim_buf_get_extmarks(buf, id, 0, -1, { details = true })) do
      for _, chunk in ipairs(mark[4].virt_text or {}) do
        table.insert(shown, chunk[1])
      end
    end
  end
  local text = table.concat(shown, "")
  check(text:find("the error", 1, true) ~= nil and text:find("the hint", 1, true) == nil,
    "virtual text %q, want the error's message", text)
  table.insert(report.steps, "virtual text shows the most severe finding")
end

local ok, err = xpcall(run, function(e)
  if type(e) == "table" and e.msg then
    return e.msg
  end
  return debug.traceback(tostring(e), 2)
end)
report.ok = ok
report.error = not ok and tostring(err) or nil
vim.fn.writefile({ vim.fn.json_encode(report) }, os.getenv("GHPAT_UNIT_RESULT"))
if ok then
  vim.cmd("qall!")
else
  io.stderr:write("unit.lua FAILED: " .. tostring(err) .. "\n")
  vim.cmd("cquit 1")
end
