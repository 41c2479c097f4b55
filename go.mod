module github.com/ghpat-ls/ghpat-ls

go 1.26.8
