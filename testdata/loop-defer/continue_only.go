package fixture

import "sync"

type counter struct {
	mu sync.Mutex
	n  map[string]int
}

func (c *counter) addAll(keys []string, done <-chan struct{}) {
	for i, k := range keys {
		c.mu.Lock()
		defer c.mu.Unlock() // want "defer in a loop"

		// Skip empty keys.
		if k == "" {
			continue
		}
		for j := 0; j < i; j++ {
			if keys[j] == k {
				continue // the inner loop's continue stays
			}
		}
		switch k {
		case "skip":
			continue
		case "stop":
			break // breaks the switch, stays
		}
		select {
		case <-done:
			continue
		default:
		}
		c.n[k]++
	}
}

// A different mutex each turn: the set stays locked until the function returns,
// on purpose. Not reported.
func threeClause(mus []sync.Mutex) {
	for i := 0; i < len(mus); i++ {
		mus[i].Lock()
		defer mus[i].Unlock()
		i++
	}
}

func conditionOnly(mu *sync.Mutex, more func() bool) {
	for more() {
		mu.Lock()
		defer mu.Unlock() // want "defer in a loop"
		_ = 1
	}
}

func rangeInt(mu *sync.Mutex, total *int) {
	for i := range 3 {
		mu.Lock()
		defer mu.Unlock() // want "defer in a loop"
		*total += i
	}
}

func rangeFunc(mu *sync.Mutex, seq func(func(int) bool), total *int) {
	for v := range seq {
		mu.Lock()
		defer mu.Unlock() // want "defer in a loop"
		*total += v
	}
}

func forever(mu *sync.Mutex, work func() bool) {
	for {
		mu.Lock()
		if work() {
			defer mu.Unlock() // want "defer in a loop"
			continue
		}
		mu.Unlock()
	}
}

// Writing through the locked value is not keeping it: still fixed.
func (c *counter) set(keys []string, vals []int) {
	for i, k := range keys {
		c.mu.Lock()
		defer c.mu.Unlock() // want "defer in a loop"
		c.n[k] = vals[i]
	}
}
