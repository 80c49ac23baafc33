package literals

import (
	"context"
	"testing"
)

func TestX(t *testing.T) {
	t.Run("a", func(t *testing.T) {
		ctx, _ := context.WithCancel(context.Background()) // want "discarded"
		_ = ctx.Err()
	})
	t.Run("b", func(t *testing.T) {
		ctx, _ := context.WithCancel(context.Background()) // want "discarded"
		_ = ctx.Err()
		func() {
			ctx, _ := context.WithCancel(ctx) // want "discarded"
			_ = ctx.Err()
		}()
	})
}
