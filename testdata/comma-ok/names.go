package names

import (
	"errors"
	format "fmt"
)

func okParam(x any, ok bool) (int, error) {
	n := x.(int) // want "type assertion to int panics"
	if ok {
		n++
	}
	return n, nil
}

func okLater(x any, m map[string]int) (int, error) {
	n := x.(int) // want "type assertion to int panics"
	_, ok := m["k"]
	if ok {
		n++
	}
	return n, nil
}

func okReused(x, y any, m map[string]int) (int, error) {
	_, ok := m["k"]
	if !ok {
		return 0, errors.New("no k")
	}
	a := x.(int) // want "type assertion to int panics"
	var b int
	b = y.(int) // want "type assertion to int panics"
	return a + b, nil
}

func okNotBool(x any) (int, error) {
	ok := 1
	n := x.(int) // want "type assertion to int panics"
	return n + ok, nil
}

func okSameStatement(x any) (bool, error) {
	ok := x.(bool) // want "type assertion to bool panics"
	return ok, nil
}

func selfMention(v any) (string, error) {
	{
		v := v.(string) // want "type assertion to string panics"
		return v, nil
	}
}

func aliasedFmt(x any) (string, error) {
	s := x.(string) // want "type assertion to string panics"
	return format.Sprint(s), nil
}

func typeSwitchAlias(x, y any) (int, error) {
	switch ok := x.(type) {
	case bool:
		n := y.(int) // want "type assertion to int panics"
		if ok {
			n++
		}
		return n, nil
	}
	return 0, nil
}

func nestedBlocks(x, y any) (int, error) {
	a := x.(int) // want "type assertion to int panics"
	if a > 0 {
		b := y.(int) // want "type assertion to int panics"
		return b, nil
	}
	return a, nil
}

type shape interface{ Area() int }

func hoistThenAssign(x, y any) (int, error) {
	if x.(shape).Area() > 0 { // want "type assertion to shape panics"
		return 1, nil
	}
	var s shape
	s = y.(shape) // want "type assertion to shape panics"
	return s.Area(), nil
}
