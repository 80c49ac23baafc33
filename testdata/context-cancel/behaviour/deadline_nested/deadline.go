package behaviour

import (
	"context"
	"time"
)

// Deadline narrows ctx with a timeout when slow is set and reports the
// deadline the (possibly narrowed) context carries.
func Deadline(parent context.Context, slow bool) (time.Time, bool) {
	ctx := parent
	if slow {
		ctx, _ = context.WithTimeout(ctx, time.Hour)
	}
	return ctx.Deadline()
}

// Check derives a context and reports whether it is still live after use.
func Check(parent context.Context) error {
	ctx, _ := context.WithCancel(parent)
	step(ctx)
	return ctx.Err()
}

func step(ctx context.Context) { _ = ctx.Value("k") }
