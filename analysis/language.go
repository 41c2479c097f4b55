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

// DetectLanguage picks the syntax family from an LSP languageId when it is
// known, else from the file name.
func DetectLanguage(path, languageID string) Lang {
	byID := map[string]Lang{
		"go": LangGo, "javascript": LangJavaScript, "typescript": LangJavaScript,
		"javascriptreact": LangJavaScript, "typescriptreact": LangJavaScript,
		"python": LangPython, "shellscript": LangShell, "sh": LangShell, "bash": LangShell, "zsh": LangShell,
		"ruby": LangRuby, "yaml": LangYAML, "github-actions-workflow": LangWorkflow,
		"dockerfile": LangDockerfile, "dotenv": LangDotenv, "properties": LangDotenv,
		"json": LangJSON, "jsonc": LangJSON, "rust": LangRust, "java": LangJava,
		"markdown": LangMarkdown, "plaintext": LangText,
	}
	slash := filepath.ToSlash(path)
	if l, ok := byID[languageID]; ok {
		if l == LangYAML && isWorkflowPath(slash) {
			return LangWorkflow
		}
		return l
	}
	base := strings.ToLower(filepath.Base(slash))
	switch {
	case base == "dockerfile" || strings.HasPrefix(base, "dockerfile.") || strings.HasSuffix(base, ".dockerfile") || base == "containerfile":
		return LangDockerfile
	case base == ".env" || strings.HasPrefix(base, ".env.") || strings.HasSuffix(base, ".env"):
		return LangDotenv
	case base == "gemfile" || base == "rakefile":
		return LangRuby
	case base == ".bashrc" || base == ".zshrc" || base == ".profile" || base == ".bash_profile":
		return LangShell
	}
	switch strings.ToLower(filepath.Ext(base)) {
	case ".go":
		return LangGo
	case ".js", ".mjs", ".cjs", ".jsx", ".ts", ".mts", ".cts", ".tsx":
		return LangJavaScript
	case ".py", ".pyw":
		return LangPython
	case ".sh", ".bash", ".zsh", ".ksh":
		return LangShell
	case ".rb", ".rake", ".gemspec":
		return LangRuby
	case ".yml", ".yaml":
		if isWorkflowPath(slash) {
			return LangWorkflow
		}
		return LangYAML
	case ".json", ".jsonc":
		return LangJSON
	case ".rs":
		return LangRust
	case ".java", ".kt", ".kts":
		return LangJava
	case ".md", ".markdown":
		return LangMarkdown
	case ".env", ".properties", ".ini":
		return LangDotenv
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
