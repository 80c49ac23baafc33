package notreported

import (
	"context"
	"time"
)

func work() int { return 1 }

// The receive always happens.
func always() int {
	ch := make(chan int)
	go func() { ch <- work() }()
	return <-ch
}

// Already buffered.
func buffered(ctx context.Context) int {
	ch := make(chan int, 1)
	go func() { ch <- work() }()
	select {
	case v := <-ch:
		return v
	case <-ctx.Done():
		return 0
	}
}

// The other case goes round the loop again.
func ticking(ctx context.Context) int {
	ch := make(chan int)
	go func() { ch <- work() }()
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	for {
		select {
		case v := <-ch:
			return v
		case <-tick.C:
			println("still waiting")
		}
	}
}

// The timeout path still waits for the value.
func drained() int {
	ch := make(chan int)
	go func() { ch <- work() }()
	select {
	case v := <-ch:
		return v
	case <-time.After(time.Second):
	}
	return <-ch
}

// Received by another goroutine, or the function sends itself: another protocol.
func relay(ctx context.Context) {
	ch := make(chan int)
	go func() { ch <- work() }()
	go func() {
		select {
		case <-ch:
		case <-ctx.Done():
		}
	}()
}

func handoff(ctx context.Context) {
	ch := make(chan int)
	go func() {
		select {
		case v := <-ch:
			println(v)
		case <-ctx.Done():
		}
	}()
	ch <- work()
}

// The sender has its own way out.
func selfish(ctx context.Context) int {
	ch := make(chan int)
	go func() {
		select {
		case ch <- work():
		case <-ctx.Done():
		}
	}()
	select {
	case v := <-ch:
		return v
	case <-ctx.Done():
		return 0
	}
}

// The other case hears from the same goroutine: it answered there instead.
func signalled(ctx context.Context) error {
	errc := make(chan error)
	ok := make(chan struct{})
	go func() {
		if work() == 0 {
			errc <- context.Canceled
			return
		}
		close(ok)
	}()
	select {
	case err := <-errc:
		return err
	case <-ok:
		return nil
	}
}

// Another channel from here on: which one a send targets is not known.
func replaced(ctx context.Context) int {
	ch := make(chan int)
	go func() { ch <- work() }()
	<-ch
	ch = make(chan int, 1)
	go func() { ch <- work() }()
	select {
	case v := <-ch:
		return v
	case <-ctx.Done():
		return 0
	}
}
