package literals

import (
	"errors"
	"fmt"
)

type node struct {
	value any
	kids  []*node
}

// walk visits every node and ignores what fn returns.
func walk(n *node, fn func(*node) error) {
	_ = fn(n)
	for _, k := range n.kids {
		walk(k, fn)
	}
}

// The walker drops the literal's error: returning one would turn the panic
// into silent success, so there is no fix.
func sum(root *node) int {
	total := 0
	walk(root, func(n *node) error {
		total += n.value.(int) // want "type assertion to int panics"
		return nil
	})
	return total
}

// Called where it stands, its result returned: the error reaches the caller.
func first(root *node) (string, error) {
	return func() (string, error) {
		s := root.value.(string) // want "type assertion to string panics"
		return s, nil
	}()
}

// Through a variable only ever called, its result checked.
func check(root *node) error {
	visit := func(n *node) error {
		if n.value.(bool) { // want "type assertion to bool panics"
			return errors.New("flagged")
		}
		return nil
	}
	for _, k := range root.kids {
		if err := visit(k); err != nil {
			return err
		}
	}
	return nil
}

// A variable also handed to the walker: no fix.
func handed(root *node) error {
	visit := func(n *node) error {
		fmt.Println(n.value.(string)) // want "type assertion to string panics"
		return nil
	}
	walk(root, visit)
	return visit(root)
}

// Called in place but its result dropped, or in a goroutine: no fix.
func dropped(root *node) {
	func() error {
		_ = root.value.(float64) // want "type assertion to float64 panics"
		return nil
	}()
	go func() error {
		_ = root.value.(float32) // want "type assertion to float32 panics"
		return nil
	}()
}

// Returned to a caller who may drop its error: no fix.
func later(root *node) func() error {
	return func() error {
		_ = root.value.(int8) // want "type assertion to int8 panics"
		return nil
	}
}
