package define

import (
	"context"
	"errors"
	"time"
)

func get(ctx context.Context, url string) error {
	if url == "" {
		return errors.New("no url")
	}
	return ctx.Err()
}

func Fetch(parent context.Context, url string) error {
	ctx, _ := context.WithTimeout(parent, 5*time.Second) // want "cancel func returned by context.WithTimeout is discarded"
	return get(ctx, url)
}

func FetchDeadline(parent context.Context, url string, at time.Time) error {
	ctx, _ := context.WithDeadline(parent, at) // want "cancel func returned by context.WithDeadline is discarded"
	if err := get(ctx, url); err != nil {
		return err
	}
	return nil
}

func Var(parent context.Context) error {
	var ctx, _ = context.WithCancel(parent) // want "cancel func returned by context.WithCancel is discarded"
	return get(ctx, "x")
}

func OneBranch(parent context.Context, fast bool) error {
	ctx, cancel := context.WithTimeout(parent, time.Second) // want "cancel func returned by context.WithTimeout is not called on every path"
	if fast {
		cancel()
		return nil
	}
	return get(ctx, "y")
}

func CalledBeforeReturnOnly(parent context.Context, n int) error {
	ctx, cancel := context.WithCancel(parent) // want "not called on every path"
	switch n {
	case 0:
		cancel()
		return nil
	case 1:
		return get(ctx, "a")
	}
	cancel()
	return nil
}

func AllPaths(parent context.Context, n int) error {
	ctx, cancel := context.WithCancel(parent)
	switch n {
	case 0:
		cancel()
		return nil
	default:
		err := get(ctx, "a")
		cancel()
		return err
	}
}

func Panics(parent context.Context, n int) error {
	ctx, cancel := context.WithCancel(parent)
	if n < 0 {
		panic("negative")
	}
	err := get(ctx, "a")
	cancel()
	return err
}
