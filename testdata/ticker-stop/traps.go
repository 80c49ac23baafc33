package traps

import (
	"context"
	clock "time"
)

type fakeClock struct{}

func (fakeClock) NewTicker(d clock.Duration) *clock.Ticker { return nil }

func Aliased(ctx context.Context) {
	t := clock.NewTicker(clock.Second) // want "not stopped"
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

func ShadowedPackage(ctx context.Context) {
	clock := fakeClock{}
	t := clock.NewTicker(1)
	<-t.C
	<-ctx.Done()
}

func Goto(ctx context.Context, n int) {
	t := clock.NewTicker(clock.Second) // want "not stopped"
	i := 0
again:
	select {
	case <-ctx.Done():
		return
	case <-t.C:
	}
	i++
	if i < n {
		goto again
	}
}

func Header(ctx context.Context) {
	if t := clock.NewTicker(clock.Second); ctx != nil { // want "not stopped"
		<-t.C
	}
}

func TickerNameTaken(stop <-chan struct{}) {
	ticker, ticker2 := 1, 2
	for range clock.Tick(clock.Second) { // want "time.Tick can never be stopped"
		select {
		case <-stop:
			return
		default:
			ticker += ticker2
		}
	}
}

func TwoTicks(stop <-chan struct{}) {
	for range clock.Tick(clock.Second) { // want "time.Tick can never be stopped"
		select {
		case <-stop:
			return
		default:
		}
	}
	for range clock.Tick(clock.Millisecond) { // want "time.Tick can never be stopped"
		select {
		case <-stop:
			return
		default:
		}
	}
}

func ZeroTick(stop <-chan struct{}) {
	for range clock.Tick(0) { // want "time.Tick can never be stopped"
		select {
		case <-stop:
			return
		default:
		}
	}
}

func Labeled(stop <-chan struct{}) {
outer:
	for range clock.Tick(clock.Second) { // want "time.Tick can never be stopped"
		select {
		case <-stop:
			break outer
		default:
		}
	}
}
