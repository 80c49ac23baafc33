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

func TestDeadlineKeptAndReleased(t *testing.T) {
	parent := newTracked()
	deadline, ok := Deadline(parent, true)
	if !ok {
		t.Fatal("the context lost its deadline after the nested assignment")
	}
	if time.Until(deadline) < 30*time.Minute {
		t.Fatalf("unexpected deadline %v", deadline)
	}
	if n := parent.children(); n != 0 {
		t.Fatalf("%d derived context(s) still registered on the parent after Deadline returned", n)
	}
	if _, ok := Deadline(parent, false); ok {
		t.Fatal("no deadline expected without the nested assignment")
	}
}

func TestCheckSeesLiveContext(t *testing.T) {
	parent := newTracked()
	if err := Check(parent); err != nil {
		t.Fatalf("the context was cancelled while still in use: %v", err)
	}
	if n := parent.children(); n != 0 {
		t.Fatalf("%d derived context(s) still registered on the parent", n)
	}
}
