package local

import (
	"fmt"
	"sync"
)

func fetchAll(urls []string) []string {
	var mu sync.Mutex
	var wg sync.WaitGroup
	var out []string
	for _, url := range urls {
		go func() {
			wg.Add(1) // want "wg.Add called inside the goroutine it counts"
			defer wg.Done()
			mu.Lock()
			out = append(out, url)
			mu.Unlock()
		}()
	}
	wg.Wait()
	return out
}

func pointerLiteral(n int) {
	wg := &sync.WaitGroup{}
	for i := 0; i < n; i++ {
		go func() {
			defer wg.Done()
			wg.Add(1) // want "wg.Add called inside the goroutine"
			fmt.Println(i)
		}()
	}
	wg.Wait()
}

func newGroup() {
	wg := new(sync.WaitGroup)
	go func() {

		wg.Add(1) // want "wg.Add called inside the goroutine"

		defer wg.Done()
	}()
	wg.Wait()
}

func declaredWithValue() {
	var wg = sync.WaitGroup{}
	go func() {
		defer wg.Done()
		fmt.Println("work")

		wg.Add(1) // want "wg.Add called inside the goroutine"
	}()
	wg.Wait()
}
