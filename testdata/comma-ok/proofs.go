package proofs

import "fmt"

type Point struct{ X, Y int }

type Named interface{ Name() string }

// A type switch case on the same operand proves the assertion.
func switchCase(x any) int {
	switch x.(type) {
	case *Point:
		return x.(*Point).X
	case int, string:
		return x.(int) // want "type assertion to int panics"
	}
	switch v := x.(type) {
	case Point:
		_ = v
		return x.(Point).Y
	}
	return 0
}

// An operand assigned after the proof is not proved any more.
func switchThenAssign(x any, y any) int {
	switch x.(type) {
	case int:
		x = y
		return x.(int) // want "type assertion to int panics"
	}
	return 0
}

// An ok-check on the same operand proves it, in the body and after && .
func okCheck(x any, m map[string]any) string {
	if _, ok := x.(string); ok {
		return x.(string)
	}
	if v, ok := m["name"].(Named); ok && v.Name() != "" {
		return m["name"].(Named).Name()
	}
	if _, ok := x.(fmt.Stringer); ok && x.(fmt.Stringer).String() != "" {
		return "stringer"
	}
	_, isPoint := x.(Point)
	if isPoint {
		return fmt.Sprint(x.(Point).X)
	}
	if _, ok := x.(int); !ok {
		return ""
	} else {
		return fmt.Sprint(x.(int))
	}
}

// A guard that leaves when the type is wrong proves what follows.
func guards(x any, items []any) (int, error) {
	if _, ok := x.(*Point); !ok {
		return 0, fmt.Errorf("not a point")
	}
	total := x.(*Point).X
	for _, it := range items {
		n, ok := it.(int)
		if !ok || n < 0 {
			continue
		}
		total += it.(int)
	}
	if _, ok := x.(*Point); !ok || x.(*Point).Y > 0 {
		return total, nil
	}
	return total, nil
}

// A guard for another type, a guard that does not leave, or an ok that was
// reassigned proves nothing.
func notProofs(x, y, z any) (int, error) {
	if _, ok := x.(string); !ok {
		return 0, nil
	}
	n := x.(int) // want "type assertion to int panics"
	_, ok := y.(int)
	if !ok {
		fmt.Println("not an int")
	}
	n += y.(int) // want "type assertion to int panics"
	_, ok = z.(int)
	ok = true
	if ok {
		n += z.(int) // want "type assertion to int panics"
	}
	return n, nil
}

// An assertion that did not panic before proves the later ones: only the
// first is a finding.
func repeated(x any, ok bool) (int, error) {
	n := x.(*Point).X // want "type assertion to \\*Point panics"
	if ok && x.(*Point).Y > 0 {
		return n + x.(*Point).Y, nil
	}
	return n, nil
}

// A value just built as a T holds a T.
func constructed(kind string) (Named, *Point, error) {
	var n any
	var p any
	n = &Point{X: 1}
	p = new(Point)
	if kind == "" {
		return nil, p.(*Point), nil
	}
	_ = n.(*Point)
	n = kind
	return nil, n.(*Point), nil // want "type assertion to \\*Point panics"
}

func (p *Point) Name() string { return "point" }

// A loop brings control back to the assertion after the assignment below it.
func loop(x any) int {
	switch x.(type) {
	case int:
		for i := 0; i < 3; i++ {
			n := x.(int) // want "type assertion to int panics"
			x = fmt.Sprint(n)
		}
		return x.(int) + 1 // want "type assertion to int panics"
	}
	return 0
}

// The assignment around the assertion runs after it.
func reassignedAround(x any) any {
	switch x.(type) {
	case int:
		x = x.(int) + 1
	}
	return x
}
