package goroutine

import (
	"context"
	"time"
)

func work(ctx context.Context, n int) error {
	_ = n
	return ctx.Err()
}

func Start(parent context.Context, jobs <-chan int, errs chan<- error) {
	ctx, _ := context.WithTimeout(parent, time.Minute) // want "discarded"
	go func() {
		for j := range jobs {
			if err := work(ctx, j); err != nil {
				errs <- err
				return
			}
		}
		errs <- nil
	}()
}

func PerItem(parent context.Context, items []int, errs chan<- error) {
	for _, it := range items {
		ctx, _ := context.WithTimeout(parent, time.Minute) // want "discarded"
		go func() {
			errs <- work(ctx, it)
		}()
	}
}
