package notfixed

import (
	"context"
	"net/http"
	"time"
)

type server struct {
	ctx context.Context
}

func use(ctx context.Context) error { return ctx.Err() }

func Header(parent context.Context) error {
	if ctx, _ := context.WithTimeout(parent, time.Second); ctx != nil { // want "discarded"
		return use(ctx)
	}
	return nil
}

func Returned(parent context.Context) context.Context {
	ctx, _ := context.WithCancel(parent) // want "discarded"
	return ctx
}

func Derived(parent context.Context) context.Context {
	ctx, _ := context.WithCancel(parent) // want "discarded"
	v := context.WithValue(ctx, "k", 1)
	return v
}

func Stored(parent context.Context) *server {
	ctx, _ := context.WithCancel(parent) // want "discarded"
	s := &server{ctx: ctx}
	return s
}

func (s *server) Field(parent context.Context) {
	ctx, _ := context.WithCancel(parent) // want "discarded"
	s.ctx = ctx
}

func Sent(parent context.Context, ch chan<- context.Context) {
	ctx, _ := context.WithCancel(parent) // want "discarded"
	ch <- ctx
}

func GoCall(parent context.Context) {
	ctx, _ := context.WithCancel(parent) // want "discarded"
	go use(ctx)
}

func Closure(parent context.Context) func() error {
	ctx, _ := context.WithCancel(parent) // want "discarded"
	f := func() error { return use(ctx) }
	return f
}

func NamedResult(parent context.Context) (ctx context.Context, err error) {
	ctx, _ = context.WithCancel(parent) // want "discarded"
	return
}

func Goto(parent context.Context, n int) error {
	ctx, _ := context.WithCancel(parent) // want "discarded"
	if n > 0 {
		goto done
	}
	n++
done:
	return use(ctx)
}

func VarBlock(parent context.Context) error {
	var (
		n      = 1
		ctx, _ = context.WithCancel(parent) // want "discarded"
	)
	_ = n
	return use(ctx)
}

func SameLine(parent context.Context) error {
	ctx, _ := context.WithCancel(parent); return use(ctx) // want "discarded"
}

func GetResponse(parent context.Context, client *http.Client, url string) (*http.Response, error) {
	ctx, _ := context.WithTimeout(parent, time.Second) // want "discarded"
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	return client.Do(req)
}

func wrap(ctx context.Context) context.Context { return ctx }

func (s *server) StoreWrapped(parent context.Context) {
	ctx, _ := context.WithCancel(parent) // want "discarded"
	s.ctx = wrap(ctx)
}

func SendWrapped(parent context.Context, ch chan<- context.Context) {
	ctx, _ := context.WithCancel(parent) // want "discarded"
	w := wrap(ctx)
	ch <- w
}

type errGroup struct{ fns []func() error }

func (g *errGroup) Go(f func() error) { g.fns = append(g.fns, f) }

func ErrgroupLike(parent context.Context, g *errGroup) {
	ctx, _ := context.WithCancel(parent) // want "discarded"
	g.Go(func() error { return use(ctx) })
}
