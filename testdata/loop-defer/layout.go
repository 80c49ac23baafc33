package fixture

import (
	"os"
	"strings"
	"sync"
)

// raw strings spanning lines keep their text; comments move with the code.
func templates(names []string, out *strings.Builder) {
	for _, n := range names {
		f, err := os.Create(n)
		if err != nil {
			continue
		}
		defer f.Close() // want "defer in a loop"

		/* a block
		   comment */
		const header = `# generated
	do not edit
`
		out.WriteString(header) // trailing comment
		out.WriteString(`one line`)
	}
}

// nested loops each with a defer: both are fixed, over two passes.
func nested(groups [][]string) {
	for _, g := range groups {
		d, err := os.MkdirTemp("", "g")
		if err != nil {
			continue
		}
		defer os.RemoveAll(d) // want "defer in a loop"
		for _, name := range g {
			f, err := os.Create(d + "/" + name)
			if err != nil {
				continue
			}
			defer f.Close() // want "defer in a loop"
			f.WriteString(name)
		}
	}
}

// ends with panic: no extra return is needed.
func mustAll(paths []string) error {
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		defer f.Close() // want "defer in a loop"
		if p == "" {
			continue
		}
		panic("unreachable for non-empty input")
	}
	return nil
}

// ends with a loop that only returns: no extra return either.
func waitAll(chans []chan int, mu sync.Locker) (int, bool) {
	for _, ch := range chans {
		mu.Lock()
		defer mu.Unlock() // want "defer in a loop"
		if ch == nil {
			continue
		}
		for {
			select {
			case v := <-ch:
				if v > 0 {
					return v, true
				}
			default:
				break
			}
		}
	}
	return 0, false
}
