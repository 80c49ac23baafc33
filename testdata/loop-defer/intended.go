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

// The iteration that defers never goes round again: the call runs once.
func openAccess(open func(string) (*os.File, error), dirs []string) *os.File {
	var found *os.File
	for _, d := range dirs {
		f, err := open(d)
		if err == nil {
			defer f.Close()
			found = f
			break
		}
	}
	return found
}

func serveOnce(cmds []string, open func(string) (*os.File, error)) error {
	for _, c := range cmds {
		switch c {
		case "tls":
			f, err := open(c)
			if err != nil {
				return err
			}
			defer f.Close()
			return f.Sync()
		}
	}
	return nil
}
