package rebind

import (
	"context"
	"time"
)

func use(ctx context.Context) error { return ctx.Err() }

// A parameter re-bound at the top level of the body: `:=` assigns it.
func Param(ctx context.Context) error {
	ctx, _ = context.WithTimeout(ctx, time.Second) // want "discarded"
	return use(ctx)
}

// A local of the same block: `:=` assigns it too.
func Local(parent context.Context) error {
	ctx := parent
	if err := use(ctx); err != nil {
		return err
	}
	ctx, _ = context.WithCancel(ctx) // want "discarded"
	return use(ctx)
}

// In a nested block, `:=` declares a new ctx: fine when the outer one is
// not read after the assignment.
func NestedLast(ctx context.Context, slow bool) error {
	if slow {
		ctx, _ = context.WithTimeout(ctx, time.Hour) // want "discarded"
		return use(ctx)
	}
	return nil
}

// The outer ctx is read after the block: it must keep being assigned.
func NestedUsedAfter(ctx context.Context, slow bool) error {
	if slow {
		ctx, _ = context.WithTimeout(ctx, time.Hour) // want "discarded"
	}
	return use(ctx)
}

// A func literal set up before reads the outer ctx when it runs.
func Closure(ctx context.Context, slow bool) error {
	check := func() error { return use(ctx) }
	if slow {
		ctx, _ = context.WithTimeout(ctx, time.Hour) // want "discarded"
		if err := use(ctx); err != nil {
			return err
		}
	}
	return check()
}

// Only ever assigned outside: `:=` would leave it unused.
func NeverRead(parent context.Context, slow bool) error {
	var ctx context.Context
	if slow {
		ctx, _ = context.WithTimeout(parent, time.Hour) // want "discarded"
		return use(ctx)
	}
	return nil
}
