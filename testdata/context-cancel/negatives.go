package negatives

import (
	"context"
	"sync"
	"time"
)

type worker struct {
	cancel context.CancelFunc
}

func use(ctx context.Context) error { return ctx.Err() }

func Deferred(parent context.Context) error {
	ctx, cancel := context.WithTimeout(parent, time.Second)
	defer cancel()
	return use(ctx)
}

func DeferredLiteral(parent context.Context) error {
	ctx, cancel := context.WithCancel(parent)
	defer func() {
		cancel()
	}()
	return use(ctx)
}

func ReturnsCancel(parent context.Context) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithCancel(parent)
	return ctx, cancel
}

func NamedResultCancel(parent context.Context) (ctx context.Context, cancel context.CancelFunc) {
	ctx, cancel = context.WithTimeout(parent, time.Second)
	return
}

func (w *worker) StoresCancel(parent context.Context) context.Context {
	ctx, cancel := context.WithCancel(parent)
	w.cancel = cancel
	return ctx
}

func FieldCancel(w *worker, parent context.Context) context.Context {
	var ctx context.Context
	ctx, w.cancel = context.WithCancel(parent)
	return ctx
}

func SendsCancel(parent context.Context, ch chan<- context.CancelFunc) error {
	ctx, cancel := context.WithCancel(parent)
	ch <- cancel
	return use(ctx)
}

func Watcher(parent context.Context, stop <-chan struct{}) error {
	ctx, cancel := context.WithCancel(parent)
	go func() {
		<-stop
		cancel()
	}()
	return use(ctx)
}

// An errgroup-like helper: the closure owns the cancel func.
type group struct {
	wg     sync.WaitGroup
	cancel func()
	err    error
}

func withContext(parent context.Context) (*group, context.Context) {
	ctx, cancel := context.WithCancel(parent)
	return &group{cancel: cancel}, ctx
}

func (g *group) Go(f func() error) {
	g.wg.Add(1)
	go func() {
		defer g.wg.Done()
		if err := f(); err != nil {
			g.err = err
			if g.cancel != nil {
				g.cancel()
			}
		}
	}()
}

func Pass(parent context.Context, keep func(context.CancelFunc)) error {
	ctx, cancel := context.WithCancel(parent)
	keep(cancel)
	return use(ctx)
}

func AllBranches(parent context.Context, ok bool) error {
	ctx, cancel := context.WithCancel(parent)
	if ok {
		cancel()
	} else {
		cancel()
	}
	return use(ctx)
}

func LoopDone(parent context.Context, n int) error {
	for i := 0; i < n; i++ {
		ctx, cancel := context.WithTimeout(parent, time.Second)
		err := use(ctx)
		cancel()
		if err != nil {
			return err
		}
	}
	return nil
}

func Forever(parent context.Context, in <-chan int) {
	ctx, cancel := context.WithCancel(parent)
	for v := range in {
		if v < 0 {
			cancel()
			return
		}
		_ = use(ctx)
	}
	cancel()
}
