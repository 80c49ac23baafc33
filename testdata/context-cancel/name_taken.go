package nametaken

import (
	"context"
	"time"
)

func use(ctx context.Context) error { return ctx.Err() }

func Taken(parent context.Context) error {
	cancel := func() {}
	cancel()
	ctx, _ := context.WithTimeout(parent, time.Second) // want "discarded"
	return use(ctx)
}

func Two(parent context.Context) error {
	ctx, _ := context.WithTimeout(parent, time.Second) // want "discarded"
	if err := use(ctx); err != nil {
		return err
	}
	var ctx2, _ = context.WithCancel(parent) // want "discarded"
	return use(ctx2)
}
