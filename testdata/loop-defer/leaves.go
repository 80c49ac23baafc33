package fixture

import (
	"errors"
	"os"
	"sync"
)

// After the defer every path returns: the call runs once, at the return.
func firstReadable(paths []string) (string, error) {
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			continue
		}
		defer f.Close()
		st, err := f.Stat()
		if err != nil {
			return "", err
		}
		if st.IsDir() {
			return "", errors.New("a directory")
		}
		return p, nil
	}
	return "", os.ErrNotExist
}

// The return is further out: after the inner if, the outer block returns.
func signalOnce(mu *sync.Mutex, ready func() bool, wake func()) {
	for {
		if ready() {
			if wake != nil {
				mu.Lock()
				defer mu.Unlock()
				wake()
			}
			return
		}
	}
}

// The turn closes the file itself: the defer only covers the early exits.
func copyAll(paths []string, sink func(*os.File) error) error {
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := sink(f); err != nil {
			return err
		}
		f.Close()
	}
	return nil
}
