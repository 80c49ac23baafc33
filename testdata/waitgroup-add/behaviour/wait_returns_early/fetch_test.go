package fetch

import (
	"testing"
	"time"
)

func TestAllWaitsForEveryFetch(t *testing.T) {
	urls := []string{"a", "b", "c"}
	open := make(chan struct{})
	done := make(chan int64, 1)
	go func() { done <- All(urls, func() { <-open }, func(string) {}) }()
	// Every goroutine is held in wait() until open is closed, so All must not
	// return before that.
	select {
	case got := <-done:
		close(open)
		t.Fatalf("All returned %d before any fetch ran", got)
	case <-time.After(time.Second):
	}
	close(open)
	select {
	case got := <-done:
		if got != int64(len(urls)) {
			t.Fatalf("All = %d, want %d", got, len(urls))
		}
	case <-time.After(30 * time.Second):
		t.Fatal("All never returned")
	}
}
