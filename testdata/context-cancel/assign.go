package assign

import (
	"context"
	"time"
)

func use(ctx context.Context) error { return ctx.Err() }

// The inner assignment must keep writing the outer ctx.
func Nested(parent context.Context, slow bool) (time.Time, bool) {
	ctx := parent
	if slow {
		ctx, _ = context.WithTimeout(ctx, time.Hour) // want "cancel func returned by context.WithTimeout is discarded"
	}
	return ctx.Deadline()
}

func Param(ctx context.Context) error {
	ctx, _ = context.WithCancel(ctx) // want "discarded"
	return use(ctx)
}

func NamedAssign(parent context.Context, ok bool) error {
	var cancel context.CancelFunc
	ctx := parent
	ctx, cancel = context.WithCancel(ctx) // want "cancel func returned by context.WithCancel is not called on every path"
	if ok {
		return use(ctx)
	}
	cancel()
	return nil
}

// Reassigned after a deferred call: each value is deferred.
func Reassigned(parent context.Context) error {
	ctx, cancel := context.WithCancel(parent)
	defer cancel()
	ctx, cancel = context.WithTimeout(ctx, time.Second)
	defer cancel()
	return use(ctx)
}
