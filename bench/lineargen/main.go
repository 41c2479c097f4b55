// Command lineargen writes one input of the linear-work benchmarks
// (internal/shapes) for bench/linear.sh: the shape at a multiple of its
// base size, under the shape's file name in DIR. It prints the file's
// size in bytes. Tokens in it are generated, never printed.
//
//	lineargen -shape minified-urls -mult 4 [-div 8] -dir DIR
//	lineargen -list
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/ghpat-ls/ghpat-ls/internal/shapes"
)

func main() {
	name := flag.String("shape", "", "shape `name` (see -list)")
	mult := flag.Int("mult", 1, "multiple of the shape's base size")
	div := flag.Int("div", 1, "divide the size by this")
	dir := flag.String("dir", "", "`directory` to write the file under")
	list := flag.Bool("list", false, "print the shape names and exit")
	flag.Parse()
	if *list {
		for _, s := range shapes.All {
			fmt.Println(s.Name)
		}
		return
	}
	sh, ok := shapes.ByName(*name)
	if !ok || *dir == "" || *mult < 1 || *div < 1 {
		fmt.Fprintln(os.Stderr, "usage: lineargen -shape NAME -mult N -dir DIR (or -list)")
		os.Exit(2)
	}
	text := sh.Gen(max(1, sh.Base**mult / *div))
	path := filepath.Join(*dir, sh.File)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := os.WriteFile(path, text, 0o644); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Println(len(text))
}
