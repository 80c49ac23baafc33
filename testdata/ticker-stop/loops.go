package loops

import (
	"context"
	"time"
)

func Rounds(ctx context.Context, rounds int, work func() bool) int {
	done := 0
	for i := 0; i < rounds; i++ {
		t := time.NewTicker(10 * time.Millisecond) // want "not stopped"
		for {
			select {
			case <-ctx.Done():
				return done
			case <-t.C:
			}
			if work() {
				break
			}
		}
		if i%2 == 0 {
			continue
		}
		done++
	}
	return done
}

func Attempts(ctx context.Context, n int, d time.Duration) error {
	for i := 0; i < n; i++ {
		timer := time.NewTimer(d) // want "timer timer from time.NewTimer"
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-timer.C:
		}
	}
	return nil
}

func Declared(ctx context.Context, n int) {
	var t *time.Ticker
	for i := 0; i < n; i++ {
		t = time.NewTicker(time.Second) // want "not stopped"
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

func Shadowed(ctx context.Context, n int) {
	for i := 0; i < n; i++ {
		t := time.NewTicker(time.Second) // want "not stopped"
		<-t.C
		if i > 2 {
			t := time.NewTicker(time.Minute)
			defer t.Stop()
			return
		}
	}
}

func TickInLoop(items []string, stop <-chan struct{}) {
	for range items {
		for range time.Tick(time.Second) { // want "time.Tick can never be stopped"
			select {
			case <-stop:
				return
			default:
			}
		}
	}
}
