package fixture

import (
	"os"
	"sync"
)

// first returns a found name: a successful early return.
func first(paths []string) (string, error) {
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			continue
		}
		defer f.Close() // want "defer in a loop"
		if p == "wanted" {
			return p, nil
		}
	}
	return "", os.ErrNotExist
}

// untilStop breaks out of the loop.
func untilStop(mu *sync.Mutex, items []string, seen *int) {
	for _, it := range items {
		mu.Lock()
		defer mu.Unlock() // want "defer in a loop"
		if it == "stop" {
			break
		}
		*seen++
	}
}

// noResults returns early from a function without results.
func noResults(mu *sync.Mutex, items []string, seen *int) {
	for _, it := range items {
		mu.Lock()
		defer mu.Unlock() // want "defer in a loop"
		if it == "stop" {
			return
		}
		*seen++
	}
	*seen = -1
}

// varyingResult returns a variable that cannot be restated outside.
func varyingResult(paths []string) (int, error) {
	n := 0
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			return n, err
		}
		defer f.Close() // want "defer in a loop"
		n++
	}
	return n, nil
}

// labelled jumps: to the wrapped loop itself and to an outer loop.
func labelled(mu *sync.Mutex, grid [][]int) int {
	sum := 0
rows:
	for _, row := range grid {
	cells:
		for _, c := range row {
			mu.Lock()
			defer mu.Unlock() // want "defer in a loop"
			switch {
			case c < 0:
				continue rows
			case c == 0:
				continue cells
			case c > 100:
				break rows
			}
			sum += c
		}
	}
	return sum
}

// gotoOut jumps to a label outside the loop; labels inside stay inside.
func gotoOut(mu *sync.Mutex, items []int) int {
	n := 0
	for _, it := range items {
		mu.Lock()
		defer mu.Unlock() // want "defer in a loop"
		if it < 0 {
			goto fail
		}
		if it == 0 {
			goto next
		}
		n += it
	next:
	}
	return n
fail:
	return -1
}

// The label is only used inside the body: it goes, the comment stays.
func retry(mu *sync.Mutex, try func() bool) {
Attempts:
	// Three attempts at most.
	for i := 0; i < 3; i++ {
		mu.Lock()
		defer mu.Unlock() // want "defer in a loop"
		if !try() {
			continue Attempts
		}
		_ = i
	}
}
