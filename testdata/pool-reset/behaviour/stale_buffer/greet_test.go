package greet

import (
	"runtime"
	"runtime/debug"
	"testing"
)

// With one P and the GC off, a buffer put back is the one the next Get returns,
// so the second call sees what the first one left behind unless it was reset.
func TestSecondUserSeesOnlyItsOwnBytes(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	for i := 0; i < 3; i++ {
		if got, want := Greeting("ann"), "hello, ann"; got != want {
			t.Fatalf("Greeting = %q, want %q", got, want)
		}
		if got, want := Signature("bob", "ops"), "-- bob, ops"; got != want {
			t.Fatalf("Signature = %q, want %q", got, want)
		}
	}
}
