package fixture

import (
	"errors"
	"fmt"
	"os"
)

// sizes adds up file sizes; every early return is an error.
func sizes(paths []string) (int64, error) {
	var total int64
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			return 0, err
		}
		defer f.Close() // want "defer in a loop runs when the function returns"
		st, err := f.Stat()
		if err != nil {
			return 0, fmt.Errorf("stat %s: %w", p, err)
		}
		if st.IsDir() {
			return 0, errors.New("a directory")
		}
		total += st.Size()
	}
	return total, nil
}

// check has a single error result and a continue.
func check(paths []string) error {
	for _, p := range paths {
		if p == "" {
			continue
		}
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		defer f.Close() // want "defer in a loop"
		if _, err := f.Stat(); err != nil {
			return &os.PathError{Op: "stat", Path: p, Err: err}
		}
	}
	return nil
}

// errTaken already uses err2, so the literal's error gets another name.
func errTaken(paths []string) (string, bool, error) {
	var err2 error
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil && p != "" {
			return "", false, err
		}
		defer f.Close() // want "defer in a loop"
		if p == "x" {
			return "", false, fmt.Errorf("x")
		}
	}
	return "ok", true, err2
}

// named results, explicit returns only.
func named(paths []string) (n int, err error) {
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			return -1, err
		}
		defer f.Close() // want "defer in a loop"
		n++
	}
	return n, nil
}
