package behaviour

import (
	"context"
	"errors"
	"time"
)

var errTemporary = errors.New("temporary")

// Retry calls op up to attempts times, each with its own one-second budget.
func Retry(parent context.Context, attempts int, op func(context.Context) error) error {
	var last error
	for i := 0; i < attempts; i++ {
		ctx, _ := context.WithTimeout(parent, time.Second)
		err := op(ctx)
		if err == nil {
			return nil
		}
		if !errors.Is(err, errTemporary) {
			return err
		}
		last = err
	}
	return last
}
