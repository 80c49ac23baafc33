package notify

import (
	"context"
	"os"
	"os/signal"
)

func use(ctx context.Context) error { return ctx.Err() }

func Serve(parent context.Context) error {
	ctx, _ := signal.NotifyContext(parent, os.Interrupt) // want "stop func returned by signal.NotifyContext is discarded"
	return use(ctx)
}

func ServeNamed(parent context.Context, quick bool) error {
	ctx, stop := signal.NotifyContext(parent, os.Interrupt) // want "stop func returned by signal.NotifyContext is not called on every path"
	if quick {
		stop()
		return nil
	}
	return use(ctx)
}
