package lookup

import (
	"context"
	"runtime"
	"testing"
	"time"
)

func TestAnswers(t *testing.T) {
	got, err := Lookup(context.Background(), "db", func(n string) string { return n + ".internal" })
	if err != nil || got != "db.internal" {
		t.Fatalf("Lookup = %q, %v", got, err)
	}
}

// Callers that gave up must not leave their resolvers' goroutines behind once
// the resolvers answer.
func TestAbandonedLookupsLeaveNoGoroutines(t *testing.T) {
	base := runtime.NumGoroutine()
	gate := make(chan struct{})
	slow := func(n string) string { <-gate; return n }
	for i := 0; i < 20; i++ {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		if _, err := Lookup(ctx, "db", slow); err == nil {
			t.Fatal("a cancelled lookup succeeded")
		}
	}
	close(gate) // every resolver now answers, to no one
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > base && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := runtime.NumGoroutine() - base; n > 0 {
		t.Fatalf("%d goroutines still blocked on their send", n)
	}
}
