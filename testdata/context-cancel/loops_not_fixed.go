package loopsnotfixed

import (
	"context"
	"time"
)

func try(ctx context.Context) error { return ctx.Err() }

func ReturnUsesContext(parent context.Context, n int) error {
	for i := 0; i < n; i++ {
		ctx, _ := context.WithTimeout(parent, time.Second) // want "discarded"
		if i == 3 {
			return try(ctx)
		}
	}
	return nil
}

func OuterContext(parent context.Context, n int) error {
	ctx := parent
	for i := 0; i < n; i++ {
		ctx, _ = context.WithTimeout(ctx, time.Second) // want "discarded"
	}
	return try(ctx)
}

func DeferUses(parent context.Context, n int) {
	for i := 0; i < n; i++ {
		ctx, _ := context.WithCancel(parent) // want "discarded"
		defer try(ctx)
	}
}

func DeclaredOutsideList(parent context.Context, items []int) error {
	for _, it := range items {
		var cancel context.CancelFunc
		ctx := parent
		if it > 0 {
			ctx, cancel = context.WithTimeout(ctx, time.Second) // want "not called on every path"
			if it > 5 {
				cancel()
				continue
			}
		}
		if err := try(ctx); err != nil {
			return err
		}
	}
	return nil
}
