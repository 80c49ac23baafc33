package fixture

import (
	"context"
	"os"
	"time"
)

// What the defer releases is kept past the iteration: wrapping would release it
// while later iterations or the code after the loop still use it.
func lazyBuffer(items []int, get func() []int, put func([]int)) int {
	var buf []int
	n := 0
	for _, it := range items {
		if buf == nil {
			buf = get()
			defer put(buf) // want "defer in a loop"
		}
		buf = append(buf[:0], it)
		n += len(buf)
	}
	return n
}

func keepFiles(paths []string) []*os.File {
	var kept []*os.File
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			continue
		}
		defer f.Close() // want "defer in a loop"
		kept = append(kept, f)
	}
	return kept
}

func timeouts(events <-chan int, d time.Duration) int {
	var timeout <-chan time.Time
	n := 0
	for {
		select {
		case e := <-events:
			if e < 0 {
				return n
			}
			t := time.NewTimer(d)
			defer t.Stop() // want "defer in a loop"
			timeout = t.C
		case <-timeout:
			n++
		}
	}
}

func racers(ctx context.Context, start func(context.Context), tick <-chan struct{}, done <-chan error) error {
	for {
		select {
		case <-tick:
			fctx, cancel := context.WithCancel(ctx)
			defer cancel() // want "defer in a loop"
			go start(fctx)
		case err := <-done:
			return err
		}
	}
}

type server struct{ up bool }

func (s *server) teardown() { s.up = false }

func servers(names []string) []*server {
	all := make([]*server, len(names))
	for i := range names {
		all[i] = &server{up: true}
		defer all[i].teardown() // want "defer in a loop"
		all[i].up = names[i] != ""
	}
	return all
}
