package fixture

import (
	"os"
	"sync"
)

// Deferring every call until return is the intent: the defer ends the body.
func runCleanups(cleanups []func()) {
	for _, f := range cleanups {
		defer f()
	}
}

func lockAll(mus []*sync.Mutex) {
	for _, mu := range mus {
		mu.Lock()
		defer mu.Unlock()
	}
	// every mutex is held here
}

func lockSome(mus []*sync.Mutex) {
	for _, mu := range mus {
		if mu != nil {
			mu.Lock()
			defer mu.Unlock()
		}
	}
}

// Defers already inside a func literal in the loop run per call.
func perIteration(paths []string) {
	for _, p := range paths {
		func() {
			f, err := os.Open(p)
			if err != nil {
				return
			}
			defer f.Close()
			_ = f
		}()
	}
}

func goroutines(paths []string, wg *sync.WaitGroup) {
	for _, p := range paths {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_ = p
		}()
	}
}

// A defer outside any loop is fine.
func once(p string) error {
	f, err := os.Open(p)
	if err != nil {
		return err
	}
	defer f.Close()
	return nil
}
