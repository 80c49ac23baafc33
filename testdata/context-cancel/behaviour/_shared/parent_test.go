package behaviour

// Shared by every context-cancel behaviour case (the test harness copies this
// folder into each case).

import (
	"context"
	"sync"
)

// tracked is a parent context that counts the children registered on it and
// not yet cancelled: a derived context whose cancel func is never called stays
// registered.
type tracked struct {
	context.Context
	done chan struct{}

	mu     sync.Mutex
	active int
}

func newTracked() *tracked {
	return &tracked{Context: context.Background(), done: make(chan struct{})}
}

func (t *tracked) Done() <-chan struct{} { return t.done }

func (t *tracked) AfterFunc(f func()) func() bool {
	t.mu.Lock()
	t.active++
	t.mu.Unlock()
	var once sync.Once
	return func() bool {
		once.Do(func() {
			t.mu.Lock()
			t.active--
			t.mu.Unlock()
		})
		return true
	}
}

func (t *tracked) children() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.active
}
