package analysis

// EnvRefs finds references to environment variables whose names look like
// they hold a GitHub token (see TokenVarPatterns). (stub: being written)
func EnvRefs(path, languageID string, text []byte, patterns []string) []EnvRef { return nil }

// DefaultTokenVarPatterns are the glob patterns (path.Match syntax, matched
// case-insensitively) of variable names treated as GitHub tokens.
var DefaultTokenVarPatterns = []string{"GITHUB_TOKEN", "GH_TOKEN", "GH_ENTERPRISE_TOKEN", "GITHUB_PAT", "*GITHUB*TOKEN*", "*_PAT", "GH_*TOKEN*"}
