package locks

import "sync"

type cache struct {
	mu    sync.RWMutex
	items map[string]any
}

// The lock is held at the assertion: the not-ok branch releases it first.
func (c *cache) size(key string) (int, error) {
	c.mu.Lock()
	n := c.items[key].(int) // want "type assertion to int panics"
	c.mu.Unlock()
	return n, nil
}

// Read locks are released with RUnlock, innermost first.
func (c *cache) name(key string, other *sync.Mutex) (string, error) {
	other.Lock()
	c.mu.RLock()
	if key != "" {
		s := c.items[key].(string) // want "type assertion to string panics"
		c.mu.RUnlock()
		other.Unlock()
		return s, nil
	}
	c.mu.RUnlock()
	other.Unlock()
	return "", nil
}

// A deferred unlock already releases the lock on return.
func (c *cache) deferred(key string) (bool, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.items[key].(bool), nil // want "type assertion to bool panics"
}

// Released before the assertion: nothing to release.
func (c *cache) released(key string) (float64, error) {
	c.mu.RLock()
	v := c.items[key]
	c.mu.RUnlock()
	return v.(float64), nil // want "type assertion to float64 panics"
}

// Taken on one path only: no fix can mirror that.
func (c *cache) conditional(key string, lock bool) (int, error) {
	if lock {
		c.mu.Lock()
	}
	n := c.items[key].(int) // want "type assertion to int panics"
	if lock {
		c.mu.Unlock()
	}
	return n, nil
}

// A branch that unlocks and returns leaves the lock held on the path that
// goes on: the not-ok branch releases it.
func (c *cache) increment(key string, n int) error {
	c.mu.Lock()
	v, found := c.items[key]
	if !found {
		c.mu.Unlock()
		return nil
	}
	switch v.(type) {
	case int:
		c.items[key] = v.(int) + n
	}
	c.items[key] = c.items[key].(int) + 1 // want "type assertion to int panics"
	c.mu.Unlock()
	return nil
}
