package scan

import (
	"bufio"
	"fmt"
	"os"
	"strings"
)

// CountLines counts the lines of every file, skipping names that start with
// "#". visit is called with each open file, before it is read.
func CountLines(paths []string, visit func(string)) (int, error) {
	total := 0
	for _, p := range paths {
		if strings.HasPrefix(p, "#") {
			continue
		}
		f, err := os.Open(p)
		if err != nil {
			return 0, fmt.Errorf("count lines: %w", err)
		}
		defer f.Close()
		visit(p)
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			total++
		}
		if err := sc.Err(); err != nil {
			return 0, err
		}
	}
	return total, nil
}

// FirstWith returns the first file holding needle: a successful early return.
func FirstWith(paths []string, needle string) (string, bool) {
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			continue
		}
		f, err := os.Open(p)
		if err != nil {
			continue
		}
		defer f.Close()
		if strings.Contains(string(data), needle) {
			return p, true
		}
	}
	return "", false
}
