// Package crawler fetches the shop's product pages concurrently, a few at a
// time, to warm the cache after a deploy.
package crawler

import (
	"sync"
)

// Crawler fetches pages with at most Limit requests in flight.
type Crawler struct {
	Fetch func(url string) (string, error)
	Limit int

	wg    sync.WaitGroup
	mu    sync.Mutex
	slots chan struct{}
	pages map[string]string
	errs  []error
}

// Crawl fetches every URL and returns the pages that could be fetched and the
// errors for the others.
func (c *Crawler) Crawl(urls []string) (map[string]string, []error) {
	c.slots = make(chan struct{}, max(c.Limit, 1))
	c.pages = make(map[string]string)
	for _, u := range urls {
		go func() {
			c.slots <- struct{}{}
			c.wg.Add(1)
			defer c.wg.Done()
			defer func() { <-c.slots }()
			body, err := c.Fetch(u)
			c.mu.Lock()
			defer c.mu.Unlock()
			if err != nil {
				c.errs = append(c.errs, err)
				return
			}
			c.pages[u] = body
		}()
	}
	c.wg.Wait()
	return c.pages, c.errs
}
