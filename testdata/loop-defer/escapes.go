package fixture

import (
	"context"
	"os"
	"time"
)

// What the defer releases is kept past the iteration (stored in an outer
// variable, slice, field or channel, or used by a goroutine): the code after the
// loop, or a later turn, still uses it, so waiting for the function's return is
// what it needs. Not reported.
func lazyBuffer(items []int, get func() []int, put func([]int)) int {
	var buf []int
	n := 0
	for _, it := range items {
		if buf == nil {
			buf = get()
			defer put(buf)
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
		defer f.Close()
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
			defer t.Stop()
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
			defer cancel()
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
		defer all[i].teardown()
		all[i].up = names[i] != ""
	}
	return all
}

// A callback registered in the body uses the file after the turn.
func watchAll(paths []string, register func(func() string)) {
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			continue
		}
		defer f.Close()
		register(func() string { return f.Name() })
	}
}
