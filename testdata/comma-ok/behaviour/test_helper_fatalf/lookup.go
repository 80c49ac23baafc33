// Package lookup is a tiny registry of named values of any type.
package lookup

var registry = map[string]any{"retries": 3, "name": "svc"}

// Get returns the registered value for key (nil when there is none).
func Get(key string) any { return registry[key] }
