package basic

import (
	"context"
	"errors"
	"time"
)

func Poll(ctx context.Context, check func() bool) error {
	t := time.NewTicker(time.Second) // want "ticker t from time.NewTicker is not stopped"
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
			if check() {
				return nil
			}
		}
	}
}

func StoppedOnOnePath(ctx context.Context, work <-chan int) int {
	ticker := time.NewTicker(100 * time.Millisecond) // want "not stopped on every path"
	n := 0
	for {
		select {
		case <-ctx.Done():
			ticker.Stop()
			return n
		case <-ticker.C:
			n++
		case v, ok := <-work:
			if !ok {
				return n
			}
			n += v
		}
	}
}

func WaitOrGiveUp(ctx context.Context, d time.Duration) error {
	var timer = time.NewTimer(d) // want "timer timer from time.NewTimer is not stopped"
	select {
	case <-timer.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func ResetTicker(ctx context.Context, d time.Duration, bump <-chan struct{}) {
	t := time.NewTicker(d) // want "not stopped"
	for {
		select {
		case <-bump:
			t.Reset(d)
		case <-t.C:
		case <-ctx.Done():
			return
		}
	}
}

func Wait(done <-chan struct{}) {
	for range time.Tick(time.Second) { // want "time.Tick can never be stopped"
		select {
		case <-done:
			return
		default:
		}
	}
}

func UntilReady(ready func() bool) error {
	ticker := 0
	for now := range time.Tick(50 * time.Millisecond) { // want "time.Tick can never be stopped"
		ticker++
		if ready() {
			return nil
		}
		if now.IsZero() {
			break
		}
	}
	return errors.New("never ready")
}

func Channel(stop <-chan struct{}, f func()) {
	tick := time.Tick(2 * time.Second) // want "time.Tick can never be stopped"
	for {
		select {
		case <-tick:
			f()
		case <-stop:
			return
		}
	}
}

func VariableDuration(d time.Duration, stop <-chan struct{}) {
	for range time.Tick(d) { // want "time.Tick can never be stopped"
		select {
		case <-stop:
			return
		default:
		}
	}
}

func InGoroutine(stop <-chan struct{}) {
	go func() {
		t := time.NewTicker(time.Minute) // want "not stopped"
		for {
			select {
			case <-t.C:
			case <-stop:
				return
			}
		}
	}()
}
