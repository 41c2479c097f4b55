// Package neovim holds the ghpat Neovim plugin (lua/ghpat) and its
// end-to-end test, which drives the real ghpat-ls binary from a headless
// Neovim. It has no Go API.
package neovim
