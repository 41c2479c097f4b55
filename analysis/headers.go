package analysis

// findHeaderIssues finds legacy/malformed Authorization headers and GitHub API
// requests without a pinned version or Accept header. (stub: being written)
func findHeaderIssues(lang Lang, text []byte, cfg *Config) []Finding { return nil }
