package analysis

import "testing"

func TestPythonImportEditKeepsHeaderLines(t *testing.T) {
	cases := []struct{ name, src, want string }{
		{"plain", "x = 1\n", "import os\nx = 1\n"},
		{"shebang", "#!/usr/bin/env python3\nx = 1\n", "#!/usr/bin/env python3\nimport os\nx = 1\n"},
		{"shebang and coding", "#!/usr/bin/env python3\n# coding: utf-8\nx = 1\n", "#!/usr/bin/env python3\n# coding: utf-8\nimport os\nx = 1\n"},
		{"emacs coding", "# -*- coding: latin-1 -*-\nx = 1\n", "# -*- coding: latin-1 -*-\nimport os\nx = 1\n"},
		{"vim fileencoding", "# vim: set fileencoding=utf-8 :\nx = 1\n", "# vim: set fileencoding=utf-8 :\nimport os\nx = 1\n"},
		{"future", "from __future__ import annotations\nx = 1\n", "from __future__ import annotations\nimport os\nx = 1\n"},
		// PEP 8: imports go after the module's leading comments and docstring.
		{"ordinary comment", "# a comment about encoding\nx = 1\n", "# a comment about encoding\nimport os\nx = 1\n"},
		{"licence block", "# Copyright 2026 A\n# SPDX-License-Identifier: MIT\n\nx = 1\n", "# Copyright 2026 A\n# SPDX-License-Identifier: MIT\nimport os\n\nx = 1\n"},
		{"docstring", "\"\"\"Tool.\"\"\"\nx = 1\n", "\"\"\"Tool.\"\"\"\nimport os\nx = 1\n"},
		{"multi-line docstring then future", "#!/usr/bin/env python3\n'''Tool.\n\nMore.\n'''\nfrom __future__ import annotations\n\nimport sys\n", "#!/usr/bin/env python3\n'''Tool.\n\nMore.\n'''\nfrom __future__ import annotations\nimport os\n\nimport sys\n"},
		{"only comments", "# just a comment", "# just a comment\nimport os\n"},
		{"second string is code", "\"\"\"Doc.\"\"\"\n\"\"\"not a docstring\"\"\"\n", "\"\"\"Doc.\"\"\"\nimport os\n\"\"\"not a docstring\"\"\"\n"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := pythonImportEdit([]byte(c.src))
			if e == nil {
				t.Fatal("no edit")
			}
			got := c.src[:e.Range.Start] + e.NewText + c.src[e.Range.End:]
			if got != c.want {
				t.Errorf("got %q, want %q", got, c.want)
			}
		})
	}
	if e := pythonImportEdit([]byte("import os\nx = 1\n")); e != nil {
		t.Errorf("module already imports os, got edit %+v", e)
	}
}

func TestGoImportEdit(t *testing.T) {
	cases := []struct{ name, src, want string }{
		{"no imports", "package main\n\nfunc f() {}\n", "package main\n\nimport \"os\"\n\nfunc f() {}\n"},
		{"single import sorts before", "package main\n\nimport \"fmt\"\n", "package main\n\nimport (\n\t\"fmt\"\n\t\"os\"\n)\n"},
		{"single import sorts after", "package main\n\nimport \"net/http\"\n", "package main\n\nimport (\n\t\"net/http\"\n\t\"os\"\n)\n"},
		{"block", "package main\n\nimport (\n\t\"fmt\"\n)\n", "package main\n\nimport (\n\t\"os\"\n\t\"fmt\"\n)\n"},
		// A named import is left alone; a second import declaration is valid Go.
		{"named single import", "package main\n\nimport f \"fmt\"\n", "package main\n\nimport \"os\"\n\nimport f \"fmt\"\n"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := goImportEdit([]byte(c.src))
			if e == nil {
				t.Fatal("no edit")
			}
			got := c.src[:e.Range.Start] + e.NewText + c.src[e.Range.End:]
			if got != c.want {
				t.Errorf("got %q, want %q", got, c.want)
			}
		})
	}
}
