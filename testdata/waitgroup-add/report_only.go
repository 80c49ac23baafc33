package reportonly

import (
	"errors"
	"sync"
)

type job struct{ parts []int }

func conditional(wg *sync.WaitGroup, ok bool) {
	go func() {
		if ok {
			wg.Add(1) // want "wg.Add called inside the goroutine"
		}
		defer wg.Done()
	}()
}

func inLoop(wg *sync.WaitGroup, n int) {
	go func() {
		for i := 0; i < n; i++ {
			wg.Add(1) // want "wg.Add called inside the goroutine"
		}
		for i := 0; i < n; i++ {
			wg.Done()
		}
	}()
}

func earlyReturn(wg *sync.WaitGroup, err error) {
	go func() {
		if errors.Is(err, errors.ErrUnsupported) {
			return
		}
		wg.Add(1) // want "wg.Add called inside the goroutine"
		defer wg.Done()
	}()
}

func insideName(wg *sync.WaitGroup, j *job) {
	go func() {
		n := len(j.parts)
		wg.Add(n) // want "wg.Add called inside the goroutine"
		for range n {
			wg.Done()
		}
	}()
}

func callInCount(wg *sync.WaitGroup, count func() int) {
	go func() {
		wg.Add(count()) // want "wg.Add called inside the goroutine"
		wg.Done()
	}()
}

func sideEffectArg(wg *sync.WaitGroup, count func() int) {
	go func(n int) {
		wg.Add(n) // want "wg.Add called inside the goroutine"
		wg.Done()
	}(count())
}

func changedBefore(wg *sync.WaitGroup, n int) {
	go func() {
		n++
		wg.Add(n) // want "wg.Add called inside the goroutine"
		wg.Done()
	}()
}

func sameLine(wg *sync.WaitGroup) {
	go func() { wg.Add(1); defer wg.Done() }() // want "wg.Add called inside the goroutine"
}

type group struct{ wg sync.WaitGroup }

func reassigned(g *group, other *group) {
	go func() {
		g = other
		g.wg.Add(1) // want "g.wg.Add called inside the goroutine"
		defer g.wg.Done()
	}()
}
