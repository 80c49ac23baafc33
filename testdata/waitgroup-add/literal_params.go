package literalparams

import "sync"

type group struct {
	wg   sync.WaitGroup
	size int
}

func viaPointer(g *group) {
	go func(p *group) {
		p.wg.Add(p.size) // want "p.wg.Add called inside the goroutine"
		for range p.size {
			p.wg.Done()
		}
	}(g)
	g.wg.Wait()
}

func viaAddress() {
	var grp group
	grp.size = 2
	go func(p *group, n int) {
		p.wg.Add(n) // want "p.wg.Add called inside the goroutine"
		for range n {
			p.wg.Done()
		}
	}(&grp, grp.size)
	grp.wg.Wait()
}

func viaConstant(wg *sync.WaitGroup) {
	go func(n int) {
		wg.Add(n + 1) // want "wg.Add called inside the goroutine"
		for range n + 1 {
			wg.Done()
		}
	}(3)
	wg.Wait()
}
