package fixture

import (
	"fmt"
	"os"
	"sync"
)

// A deferred recover is written for the function's exit. Not reported.
func recovers(jobs []func()) {
	for _, j := range jobs {
		defer func() {
			if r := recover(); r != nil {
				fmt.Println(r)
			}
		}()
		j()
	}
}

// Reported (a file per turn stays open), but the deferred call sets the
// function's named result: no fix.
func namedResultInDefer(paths []string) (err error) {
	for _, p := range paths {
		f, oerr := os.Open(p)
		if oerr != nil {
			return oerr
		}
		defer func() { // want "defer in a loop"
			if cerr := f.Close(); cerr != nil && err == nil {
				err = cerr
			}
		}()
		_ = f
	}
	return nil
}

func nakedReturn(mu *sync.Mutex, items []int) (n int, ok bool) {
	for _, it := range items {
		mu.Lock()
		defer mu.Unlock() // want "defer in a loop"
		if it < 0 {
			return
		}
		n += it
	}
	return n, true
}

func pair() (int, error) { return 0, nil }

func multiValue(mu *sync.Mutex, items []int) (int, error) {
	for _, it := range items {
		mu.Lock()
		defer mu.Unlock() // want "defer in a loop"
		if it < 0 {
			return pair()
		}
	}
	return 0, nil
}

func oneLine(mu *sync.Mutex, items []int) {
	for range items { mu.Lock(); defer mu.Unlock(); items[0]++ } // want "defer in a loop"
}

type score int

func shadowedType(mu *sync.Mutex, items []int) (score, error) {
	for _, it := range items {
		mu.Lock()
		defer mu.Unlock() // want "defer in a loop"
		score := it * 2
		if score > 10 {
			return 1, nil
		}
	}
	return 0, nil
}
