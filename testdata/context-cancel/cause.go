package cause

import (
	"context"
	"errors"
	"time"
)

var errStop = errors.New("stop")

func use(ctx context.Context) error { return ctx.Err() }

func CancelCause(parent context.Context) error {
	ctx, _ := context.WithCancelCause(parent) // want "cancel func returned by context.WithCancelCause is discarded"
	return use(ctx)
}

func CancelCauseAssign(ctx context.Context) error {
	ctx, _ = context.WithCancelCause(ctx) // want "discarded"
	return use(ctx)
}

func CancelCauseNamed(parent context.Context, fail bool) error {
	ctx, cancel := context.WithCancelCause(parent) // want "not called on every path"
	if fail {
		cancel(errStop)
		return context.Cause(ctx)
	}
	return use(ctx)
}

func TimeoutCause(parent context.Context) error {
	ctx, _ := context.WithTimeoutCause(parent, time.Second, errStop) // want "context.WithTimeoutCause is discarded"
	return use(ctx)
}

func DeadlineCause(parent context.Context, at time.Time) error {
	ctx, _ := context.WithDeadlineCause(parent, at, errStop) // want "context.WithDeadlineCause is discarded"
	return use(ctx)
}
