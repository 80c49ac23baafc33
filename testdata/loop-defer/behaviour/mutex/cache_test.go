package cache

import (
	"testing"
	"time"
)

func run(t *testing.T, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		defer close(done)
		f()
	}()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("deadlock: the loop's second turn waits for a lock the first turn still holds")
	}
}

func TestAddAllDoesNotDeadlock(t *testing.T) {
	c := New()
	var added int
	run(t, func() { added = c.AddAll([]string{"a", "", "b", "stop", "c"}) })
	if added != 2 {
		t.Fatalf("added %d, want 2", added)
	}
	run(t, func() {
		if c.Get("a") != 1 || c.Get("b") != 1 || c.Get("c") != 0 {
			t.Errorf("data = %v", c.data)
		}
	})
}
