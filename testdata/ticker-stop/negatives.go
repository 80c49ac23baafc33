package negatives

import (
	"context"
	"time"
)

type poller struct {
	t    *time.Ticker
	tick <-chan time.Time
}

var global *time.Ticker

func Deferred(ctx context.Context) {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

func DeferredLiteral(ctx context.Context) {
	t := time.NewTicker(time.Second)
	defer func() {
		t.Stop()
	}()
	<-ctx.Done()
}

func StoppedOnEveryPath(ctx context.Context) error {
	t := time.NewTicker(time.Second)
	select {
	case <-ctx.Done():
		t.Stop()
		return ctx.Err()
	case <-t.C:
		t.Stop()
		return nil
	}
}

func Returned() *time.Ticker {
	t := time.NewTicker(time.Second)
	return t
}

func Stored(p *poller) {
	t := time.NewTicker(time.Second)
	p.t = t
}

func StoredChannel(p *poller) {
	t := time.NewTicker(time.Second)
	p.tick = t.C
}

func Global() {
	global = time.NewTicker(time.Second)
}

func Outer() func() {
	var t *time.Ticker
	return func() {
		t = time.NewTicker(time.Second)
	}
}

func Sent(out chan<- *time.Ticker) {
	t := time.NewTicker(time.Second)
	out <- t
}

func Passed(ctx context.Context) {
	t := time.NewTicker(time.Second)
	watch(ctx, t)
}

func watch(ctx context.Context, t *time.Ticker) {
	defer t.Stop()
	<-ctx.Done()
}

func Goroutine(stop <-chan struct{}) {
	t := time.NewTicker(time.Second)
	go func() {
		defer t.Stop()
		for {
			select {
			case <-t.C:
			case <-stop:
				return
			}
		}
	}()
}

func StoppedLater(stop <-chan struct{}) func() {
	t := time.NewTicker(time.Second)
	return func() { t.Stop() }
}

func TimerReset(ctx context.Context, d time.Duration, bump <-chan struct{}) {
	timer := time.NewTimer(d)
	for {
		select {
		case <-bump:
			timer.Reset(d)
		case <-timer.C:
			return
		case <-ctx.Done():
			return
		}
	}
}

func TimerWaited(d time.Duration) {
	timer := time.NewTimer(d)
	<-timer.C
}

func TimerFiredOrStopped(ctx context.Context, d time.Duration) error {
	timer := time.NewTimer(d)
	select {
	case <-ctx.Done():
		timer.Stop()
		return ctx.Err()
	case <-timer.C:
	}
	return nil
}

func TimerFlagLoop(events <-chan string, d time.Duration) int {
	n := 0
	timer := time.NewTimer(d)
	for done := false; !done; {
		select {
		case <-events:
			n++
		case <-timer.C:
			done = true
		}
	}
	return n
}

func Endless(f func()) {
	for range time.Tick(time.Second) {
		f()
	}
}

func EndlessChannel(f func()) {
	tick := time.Tick(time.Second)
	for range tick {
		f()
	}
}

func EndlessWithContinue(f func() bool) {
	for range time.Tick(time.Second) {
		if !f() {
			continue
		}
	}
}

func InSelect(stop <-chan struct{}) {
	for {
		select {
		case <-time.Tick(time.Second):
		case <-stop:
			return
		}
	}
}

func TickReturned() <-chan time.Time {
	c := time.Tick(time.Second)
	return c
}

func NeverLeaves(f func()) {
	t := time.NewTicker(time.Second)
	for range t.C {
		f()
	}
}

func NamedResult(d time.Duration) (t *time.Ticker) {
	t = time.NewTicker(d)
	return
}
