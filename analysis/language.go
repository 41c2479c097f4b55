package analysis

import (
	"path/filepath"
	"strings"
)

// Lang is the syntax family of a document: it decides comment syntax, how an
// environment variable is read, and how headers are written.
type Lang string

const (
	LangGo         Lang = "go"
	LangJavaScript Lang = "javascript" // also TypeScript, JSX, TSX
	LangPython     Lang = "python"
	LangShell      Lang = "shell"
	LangRuby       Lang = "ruby"
	LangYAML       Lang = "yaml"
	LangWorkflow   Lang = "workflow" // GitHub Actions workflow (YAML under .github/workflows)
	LangDockerfile Lang = "dockerfile"
	LangDotenv     Lang = "dotenv"
	LangJSON       Lang = "json"
	LangRust       Lang = "rust"
	LangJava       Lang = "java"
	LangMarkdown   Lang = "markdown"
	LangText       Lang = "text"
)

// languageIDs maps LSP languageIds to syntax families.
var languageIDs = map[string]Lang{
	"go": LangGo, "javascript": LangJavaScript, "typescript": LangJavaScript,
	"javascriptreact": LangJavaScript, "typescriptreact": LangJavaScript,
	"python": LangPython, "shellscript": LangShell, "sh": LangShell, "bash": LangShell, "zsh": LangShell,
	"ruby": LangRuby, "yaml": LangYAML, "github-actions-workflow": LangWorkflow,
	"dockerfile": LangDockerfile, "dotenv": LangDotenv, "properties": LangDotenv,
	"json": LangJSON, "jsonc": LangJSON, "rust": LangRust, "java": LangJava,
	"markdown": LangMarkdown, "plaintext": LangText,
}

// fileNames maps whole (lower-case) file names to syntax families.
var fileNames = map[string]Lang{
	"dockerfile": LangDockerfile, "containerfile": LangDockerfile, ".env": LangDotenv,
	"gemfile": LangRuby, "rakefile": LangRuby,
	".bashrc": LangShell, ".zshrc": LangShell, ".profile": LangShell, ".bash_profile": LangShell,
}

// namePatterns are file-name prefixes and suffixes (lower case), checked
// after fileNames and before the extension.
var namePatterns = []struct {
	prefix, suffix string
	lang           Lang
}{
	{prefix: "dockerfile.", lang: LangDockerfile},
	{suffix: ".dockerfile", lang: LangDockerfile},
	{prefix: ".env.", lang: LangDotenv},
	{suffix: ".env", lang: LangDotenv},
}

// extensions maps (lower-case) file extensions to syntax families.
var extensions = map[string]Lang{
	".go": LangGo,
	".js": LangJavaScript, ".mjs": LangJavaScript, ".cjs": LangJavaScript, ".jsx": LangJavaScript,
	".ts": LangJavaScript, ".mts": LangJavaScript, ".cts": LangJavaScript, ".tsx": LangJavaScript,
	".py": LangPython, ".pyw": LangPython,
	".sh": LangShell, ".bash": LangShell, ".zsh": LangShell, ".ksh": LangShell,
	".rb": LangRuby, ".rake": LangRuby, ".gemspec": LangRuby,
	".yml": LangYAML, ".yaml": LangYAML,
	".json": LangJSON, ".jsonc": LangJSON, ".har": LangJSON,
	".rs":   LangRust,
	".java": LangJava, ".kt": LangJava, ".kts": LangJava,
	".md": LangMarkdown, ".markdown": LangMarkdown,
	".env": LangDotenv, ".properties": LangDotenv, ".ini": LangDotenv,
}

// DetectLanguage picks the syntax family from an LSP languageId when it is
// known, else from the file name.
func DetectLanguage(path, languageID string) Lang {
	slash := filepath.ToSlash(path)
	lang, ok := languageIDs[languageID]
	if !ok {
		lang = languageOfName(strings.ToLower(filepath.Base(slash)))
	}
	if lang == LangYAML && isWorkflowPath(slash) {
		return LangWorkflow
	}
	return lang
}

// languageOfName is the syntax family of a (lower-case) file name.
func languageOfName(base string) Lang {
	if l, ok := fileNames[base]; ok {
		return l
	}
	for _, p := range namePatterns {
		if strings.HasPrefix(base, p.prefix) && strings.HasSuffix(base, p.suffix) {
			return p.lang
		}
	}
	if l, ok := extensions[filepath.Ext(base)]; ok {
		return l
	}
	return LangText
}

func isWorkflowPath(slash string) bool {
	return strings.Contains(slash, ".github/workflows/")
}

// LineComment is the line-comment marker of a language, or "" where the
// language has none (JSON, plain text).
func (l Lang) LineComment() string {
	switch l {
	case LangGo, LangJavaScript, LangRust, LangJava:
		return "//"
	case LangPython, LangShell, LangRuby, LangYAML, LangWorkflow, LangDockerfile, LangDotenv:
		return "#"
	}
	return ""
}
