package goroutinenotfixed

import "context"

func work(ctx context.Context, n int) error {
	_ = n
	return ctx.Err()
}

func StartTwo(parent context.Context, done chan<- error) {
	ctx, _ := context.WithCancel(parent) // want "discarded"
	go func() {
		done <- work(ctx, 1)
	}()
	go func() {
		done <- work(ctx, 2)
	}()
}

func UsedAfter(parent context.Context, done chan<- error) error {
	ctx, _ := context.WithCancel(parent) // want "discarded"
	go func() {
		done <- work(ctx, 1)
	}()
	return work(ctx, 2)
}

// The goroutine runs until the context is cancelled: a cancel deferred in it
// would never run, and the loop would never end.
func StopSignal(parent context.Context, tick <-chan struct{}, done chan<- error) {
	ctx, _ := context.WithCancel(parent) // want "discarded"
	go func() {
		for {
			select {
			case <-tick:
				done <- work(ctx, 1)
			case <-ctx.Done():
				return
			}
		}
	}()
}
