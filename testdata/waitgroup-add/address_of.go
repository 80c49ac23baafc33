package addressof

import "sync"

type state struct {
	wg sync.WaitGroup
	n  int
}

type encoder struct {
	state state
}

// The group is reached through `s := &e.state`: its type is still known.
func (e *encoder) write(blocks [][]byte) {
	s := &e.state
	for _, b := range blocks {
		go func() {
			s.wg.Add(1) // want "s.wg.Add called inside the goroutine it counts"
			defer s.wg.Done()
			_ = b
		}()
	}
	s.wg.Wait()
}
