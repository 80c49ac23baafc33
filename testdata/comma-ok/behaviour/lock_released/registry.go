// Package registry keeps named values behind a mutex.
package registry

import "sync"

type Registry struct {
	mu     sync.Mutex
	values map[string]any
}

func New() *Registry { return &Registry{values: map[string]any{}} }

func (r *Registry) Set(name string, v any) {
	r.mu.Lock()
	r.values[name] = v
	r.mu.Unlock()
}

// Port is the value named "port", which must be an int.
func (r *Registry) Port() (int, error) {
	r.mu.Lock()
	p := r.values["port"].(int)
	r.mu.Unlock()
	return p, nil
}
