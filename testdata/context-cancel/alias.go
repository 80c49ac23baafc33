package alias

import (
	ctxpkg "context"
	"time"
)

func use(ctx ctxpkg.Context) error { return ctx.Err() }

func Aliased(parent ctxpkg.Context) error {
	ctx, _ := ctxpkg.WithTimeout(parent, time.Second) // want "cancel func returned by context.WithTimeout is discarded"
	return use(ctx)
}

// Assigned in a nested block and read after it: the func is declared on
// its own line, under the file's name for the package.
func AliasedAssign(ctx ctxpkg.Context, slow bool) error {
	if slow {
		ctx, _ = ctxpkg.WithCancel(ctx) // want "discarded"
	}
	return use(ctx)
}
