package fixture

import "os"

// golangci-lint's nolint comments for the linters that report a defer in a loop
// silence loop-defer too: above the loop (the whole loop), at the end of the
// defer's line, or bare (every linter).
func nolintAbove(paths []string) {
	//nolint:gocritic // the files must stay open until the caller is done
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			continue
		}
		defer f.Close()
		_ = f.Name()
	}
}

func nolintOnLine(paths []string) {
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			continue
		}
		defer f.Close() //nolint:revive,staticcheck
		_ = f.Name()
	}
}

func nolintBare(paths []string) {
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			continue
		}
		defer f.Close() //nolint
		_ = f.Name()
	}
}

// A nolint for another linter silences nothing here.
func nolintOther(paths []string) {
	//nolint:errcheck
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			continue
		}
		defer f.Close() // want "each turn's file f \\(os.Open\\) stays open"
		_ = f.Name()
	}
}
