// Package report holds what every report command of ghpat-ls shares: the
// registry of its output formats (one writer per format, read by the
// usage text, the flag check and the dispatch alike) and the phrases that
// name them.
package report
