// Package pool counts the connections its clients hold open.
package pool

import "sync"

type Pool struct {
	mu   sync.Mutex
	open int
}

type Conn struct{ p *Pool }

func (p *Pool) Connect() *Conn {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.open++
	return &Conn{p}
}

func (c *Conn) Close() {
	c.p.mu.Lock()
	defer c.p.mu.Unlock()
	c.p.open--
}

// Open is the number of connections not closed yet.
func (p *Pool) Open() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.open
}
