// Package fetch downloads product feeds from suppliers, each request with its
// own time budget.
package fetch

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"time"
)

// Client fetches supplier feeds.
type Client struct {
	HTTP    *http.Client
	Timeout time.Duration
}

// Feed downloads one supplier feed. Each call leaks a timer until the parent
// context is done: the cancel func is thrown away.
func (c *Client) Feed(ctx context.Context, url string) ([]byte, error) {
	ctx, _ = context.WithTimeout(ctx, c.Timeout)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	resp, err := c.HTTP.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("fetch %s: %s", url, resp.Status)
	}
	return io.ReadAll(resp.Body)
}

// Status checks every supplier with a short budget per request. Only the
// failing requests are cancelled; the others pile up.
func (c *Client) Status(ctx context.Context, urls []string) map[string]error {
	out := make(map[string]error, len(urls))
	for _, url := range urls {
		reqCtx, cancel := context.WithTimeout(ctx, 2*time.Second)
		req, err := http.NewRequestWithContext(reqCtx, http.MethodHead, url, nil)
		if err != nil {
			cancel()
			out[url] = err
			continue
		}
		resp, err := c.HTTP.Do(req)
		if err != nil {
			out[url] = err
			continue
		}
		resp.Body.Close()
		out[url] = nil
	}
	return out
}
