package behaviour

import (
	"context"
	"sync"
	"testing"
	"time"
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

// waitNoChildren polls until the parent has no registered children: the
// worker's deferred cancel runs after it has sent its result.
func waitNoChildren(t *testing.T, parent *tracked) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Second)
	for parent.children() != 0 {
		if time.Now().After(deadline) {
			t.Fatalf("%d derived context(s) still registered after the worker finished", parent.children())
		}
		time.Sleep(time.Millisecond)
	}
}

func TestWorkerOutlivesCaller(t *testing.T) {
	parent := newTracked()
	jobs := make(chan int)
	results := make(chan error, 1)
	Start(parent, jobs, results) // returns before the worker has done anything
	for i := 1; i <= 3; i++ {
		jobs <- i
	}
	close(jobs)
	if err := <-results; err != nil {
		t.Fatalf("the worker's context was cancelled when the caller returned: %v", err)
	}
	waitNoChildren(t, parent)
}
