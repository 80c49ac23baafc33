package loops

import (
	"context"
	"errors"
	"time"
)

func try(ctx context.Context, n int) error {
	if n < 0 {
		return errors.New("negative")
	}
	return ctx.Err()
}

func Range(parent context.Context, items []int) error {
	for _, it := range items {
		ctx, _ := context.WithTimeout(parent, time.Second) // want "discarded"
		if it == 0 {
			continue
		}
		if err := try(ctx, it); err != nil {
			return err
		}
	}
	return nil
}

func ThreeClause(parent context.Context, n int) int {
	ok := 0
	for i := 0; i < n; i++ {
		ctx, cancel := context.WithTimeout(parent, time.Second) // want "not called on every path"
		if try(ctx, i) != nil {
			break
		}
		ok++
		if i > 10 {
			cancel()
			continue
		}
	}
	return ok
}

func Retry(parent context.Context, attempts int) error {
	var last error
	for i := 0; i < attempts; i++ {
		ctx, _ := context.WithTimeout(parent, time.Second) // want "discarded"
		err := try(ctx, i)
		switch {
		case err == nil:
			return nil
		case errors.Is(err, context.Canceled):
			break
		default:
			last = err
		}
	}
	return last
}

func InSelect(parent context.Context, in <-chan int) int {
	sum := 0
	for {
		select {
		case v, ok := <-in:
			if !ok {
				return sum
			}
			ctx, _ := context.WithCancel(parent) // want "discarded"
			if try(ctx, v) != nil {
				break
			}
			sum += v
		}
	}
}

func AssignInLoop(parent context.Context, n int) error {
	for i := 0; i < n; i++ {
		ctx := parent
		ctx, _ = context.WithTimeout(ctx, time.Second) // want "discarded"
		if err := try(ctx, i); err != nil {
			return err
		}
	}
	return nil
}
