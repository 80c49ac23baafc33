package shared

import (
	"fmt"
	gosync "sync"
)

var pending gosync.WaitGroup

type crawler struct {
	wg    gosync.WaitGroup
	seen  map[string]bool
	limit int
}

type server struct {
	c *crawler
}

func visit(wg *gosync.WaitGroup, pages []string) {
	for _, p := range pages {
		go func() {
			wg.Add(1) // want "wg.Add called inside the goroutine"
			defer wg.Done()
			fmt.Println(p)
		}()
	}
}

func background() {
	go func() {
		pending.Add(1) // want "pending.Add called inside the goroutine"
		defer pending.Done()
	}()
	pending.Wait()
}

func (c *crawler) crawl(urls []string) {
	for _, u := range urls {
		go func() {
			c.wg.Add(1) // want "c.wg.Add called inside the goroutine"
			defer c.wg.Done()
			fmt.Println(u, c.limit)
		}()
	}
	c.wg.Wait()
}

func (s server) start() {
	c := s.c
	go func() {
		c.wg.Add(1) // want "c.wg.Add called inside the goroutine"
		defer c.wg.Done()
	}()
	s.c.wg.Wait()
}

func batches(jobs [][]int) {
	local := &crawler{}
	for _, batch := range jobs {
		go func(items []int, n int) {
			local.wg.Add(n) // want "local.wg.Add called inside the goroutine"
			for range items {
				local.wg.Done()
			}
		}(batch, len(batch))
		go func(items []int, n int) {
			local.wg.Add(n) // want "local.wg.Add called inside the goroutine"
			for range items {
				local.wg.Done()
			}
		}(batch, local.limit)
	}
	local.wg.Wait()
}

func passed() {
	var wg gosync.WaitGroup
	go func(g *gosync.WaitGroup) {
		g.Add(1) // want "g.Add called inside the goroutine"
		defer g.Done()
	}(&wg)
	wg.Wait()
}
