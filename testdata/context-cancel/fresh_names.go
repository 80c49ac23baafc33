package freshnames

import (
	"context"
	"os"
	"os/signal"
	"time"
)

func use(ctx context.Context) error { return ctx.Err() }

// A field, a method, a struct literal key and a selector never clash with a
// local: the func is named cancel (or stop), not cancel2.
type job struct {
	cancel context.CancelFunc
}

type sig struct{}

func (sig) stop() {}

func Field(parent context.Context, w *job) error {
	w.cancel()
	j := job{cancel: func() {}}
	j.cancel()
	ctx, _ := context.WithTimeout(parent, time.Second) // want "discarded"
	return use(ctx)
}

func Method(parent context.Context, s sig) error {
	s.stop()
	ctx, _ := signal.NotifyContext(parent, os.Interrupt) // want "discarded"
	return use(ctx)
}

// A cancel declared in a sibling block before is out of scope.
func Sibling(parent context.Context, slow bool) error {
	if slow {
		ctx, cancel := context.WithTimeout(parent, time.Hour)
		defer cancel()
		if err := use(ctx); err != nil {
			return err
		}
	}
	ctx, _ := context.WithCancel(parent) // want "discarded"
	return use(ctx)
}

// A parameter shares the body's block.
func Param(parent context.Context, cancel func()) error {
	defer cancel()
	ctx, _ := context.WithCancel(parent) // want "discarded"
	return use(ctx)
}

// The outer cancel is called after the declaration, in the same block: the
// new name must not capture it.
func Captured(parent context.Context, slow bool) error {
	cancel := func() {}
	if slow {
		ctx, _ := context.WithCancel(parent) // want "discarded"
		if err := use(ctx); err != nil {
			return err
		}
		cancel()
	}
	cancel()
	return nil
}

// A map key is a reference: it names the local.
func MapKey(parent context.Context) (map[string]int, error) {
	cancel := "c"
	ctx, _ := context.WithCancel(parent) // want "discarded"
	return map[string]int{cancel: 1}, use(ctx)
}

// A bare return reads the named result: it must not be shadowed.
func Result(parent context.Context, slow bool) (cancel bool) {
	if slow {
		ctx, _ := context.WithCancel(parent) // want "discarded"
		cancel = use(ctx) == nil
		return
	}
	return
}
