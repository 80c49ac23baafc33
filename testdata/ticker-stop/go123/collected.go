package collected

import (
	"context"
	"time"
)

// From Go 1.23 an unstopped ticker nobody refers to is freed: no finding.
func Poll(ctx context.Context, check func() bool) error {
	t := time.NewTicker(time.Second)
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
