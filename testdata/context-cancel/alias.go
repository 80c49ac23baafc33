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

func AliasedAssign(ctx ctxpkg.Context) error {
	ctx, _ = ctxpkg.WithCancel(ctx) // want "discarded"
	return use(ctx)
}
