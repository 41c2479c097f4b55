package analysis

// countFindAPICalls runs f and returns how many times it called
// FindAPICalls. Not for parallel tests: the hook is the package's.
func countFindAPICalls(f func()) int {
	n := 0
	onFindAPICalls = func() { n++ }
	defer func() { onFindAPICalls = nil }()
	f()
	return n
}
