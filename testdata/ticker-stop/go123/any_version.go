// fixture-options: {"any-go-version": true}
package anyversion

import (
	"context"
	"time"
)

func Poll(ctx context.Context, check func() bool) error {
	t := time.NewTicker(time.Second) // want "not stopped on every path"
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
			if check() {
				return nil
			}
		}
	}
}
