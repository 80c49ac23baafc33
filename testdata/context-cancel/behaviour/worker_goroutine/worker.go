package behaviour

import (
	"context"
	"errors"
	"time"
)

func process(ctx context.Context, job int) error {
	if job < 0 {
		return errors.New("bad job")
	}
	return ctx.Err()
}

// Start runs a worker over jobs; it reports the first error, or nil, on results.
func Start(parent context.Context, jobs <-chan int, results chan<- error) {
	ctx, _ := context.WithTimeout(parent, time.Minute)
	go func() {
		for j := range jobs {
			if err := process(ctx, j); err != nil {
				results <- err
				return
			}
		}
		results <- nil
	}()
}
