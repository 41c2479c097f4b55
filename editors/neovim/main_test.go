package neovim_test

import (
	"testing"

	"github.com/ghpat-ls/ghpat-ls/internal/testbin"
)

// TestMain removes the ghpat-ls binary the tests share (testbin.Path).
func TestMain(m *testing.M) { testbin.Main(m) }
