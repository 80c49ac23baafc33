// Package fetch fetches pages concurrently under a rate limit.
package fetch

import (
	"sync"
	"sync/atomic"
)

// All fetches every URL in its own goroutine, each after wait() grants it a slot,
// and returns how many were fetched once all are done.
func All(urls []string, wait func(), fetch func(string)) int64 {
	var wg sync.WaitGroup
	var fetched atomic.Int64
	for _, u := range urls {
		go func() {
			wait()
			wg.Add(1)
			defer wg.Done()
			fetch(u)
			fetched.Add(1)
		}()
	}
	wg.Wait()
	return fetched.Load()
}
