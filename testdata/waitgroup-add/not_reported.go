package notreported

import (
	"sync"
)

type counter struct{ n int }

func (c *counter) Add(n int) { c.n += n }
func (c *counter) Done()     { c.n-- }

func correct(items []int) {
	var wg sync.WaitGroup
	for range items {
		wg.Add(1)
		go func() {
			defer wg.Done()
		}()
	}
	wg.Wait()
}

func ownGroup() {
	go func() {
		var wg sync.WaitGroup
		wg.Add(1)
		go func() { defer wg.Done() }()
		wg.Wait()
	}()
}

func ownGroupShadow(wg *sync.WaitGroup) {
	go func() {
		wg := new(sync.WaitGroup)
		wg.Add(1)
		wg.Done()
	}()
}

func userType() {
	c := &counter{}
	go func() {
		c.Add(1)
		defer c.Done()
	}()
}

func negative(wg *sync.WaitGroup) {
	go func() {
		work()
		wg.Add(-1)
	}()
}

func unknownType(get func() *sync.WaitGroup) {
	go func(g interface{ Add(int) }) {
		g.Add(1)
	}(get())
}

// The outer goroutine holds its own count until it returns, so adding for the
// inner goroutine it starts cannot race with Wait.
func nested(wg *sync.WaitGroup, conns []int) {
	wg.Add(1)
	go func() {
		defer wg.Done()
		for range conns {
			wg.Add(1)
			go func() {
				defer wg.Done()
			}()
		}
	}()
	wg.Wait()
}

// No Done in the goroutine: whatever the Add counts, it is not this goroutine.
func handsOver(wg *sync.WaitGroup, jobs chan<- func()) {
	go func() {
		wg.Add(1)
		jobs <- wg.Done
	}()
}

func work() {}
