package signaltest

import (
	"net/http"
	"os"
	"os/signal"
	"testing"
)

func TestInterrupt(t *testing.T) {
	ctx, stop := signal.NotifyContext(new(http.Request).Context(), os.Interrupt)
	defer stop()
	ctx, _ = signal.NotifyContext(ctx, os.Kill) // want "stop func returned by signal.NotifyContext is discarded"
	if ctx.Err() != nil {
		t.Fatal(ctx.Err())
	}
}

func TestLoop(t *testing.T) {
	for i := 0; i < 3; i++ {
		ctx, _ := signal.NotifyContext(new(http.Request).Context(), os.Interrupt) // want "discarded"
		if i == 1 {
			t.Skip("flaky")
		}
		if ctx.Err() != nil {
			t.Fatalf("attempt %d: %v", i, ctx.Err())
		}
	}
}
