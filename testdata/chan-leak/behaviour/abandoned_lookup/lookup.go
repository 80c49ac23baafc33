// Package lookup resolves names with a deadline: the caller gets an answer or
// the context's error, whichever comes first.
package lookup

import "context"

// Lookup asks resolve for name's address, giving up when ctx ends.
func Lookup(ctx context.Context, name string, resolve func(string) string) (string, error) {
	ch := make(chan string)
	go func() {
		ch <- resolve(name)
	}()
	select {
	case addr := <-ch:
		return addr, nil
	case <-ctx.Done():
		return "", ctx.Err()
	}
}
