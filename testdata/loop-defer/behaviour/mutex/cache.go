package cache

import "sync"

type Cache struct {
	mu   sync.Mutex
	data map[string]int
}

func New() *Cache { return &Cache{data: map[string]int{}} }

// AddAll adds each key under the lock, stopping at the first "stop" key.
func (c *Cache) AddAll(keys []string) int {
	added := 0
	for _, k := range keys {
		c.mu.Lock()
		defer c.mu.Unlock()
		if k == "stop" {
			break
		}
		if k == "" {
			continue
		}
		c.data[k]++
		added++
	}
	return added
}

func (c *Cache) Get(k string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.data[k]
}
