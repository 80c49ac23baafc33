package hoist

import "io"

type Item struct{ Price int }

func count(m map[string]any, k string) (int, error) {
	return len(m[k].([]string)), nil // want "type assertion to \\[\\]string panics"
}

func use(s string) int { return len(s) }

func argument(x any) (int, error) {
	n := use(x.(string)) // want "type assertion to string panics"
	return n, nil
}

func field(x any) (int, error) {
	p := x.(*Item).Price // want "type assertion to \\*Item panics"
	return p, nil
}

func rangeOver(x any) (int, error) {
	total := 0
	for _, it := range x.([]Item) { // want "type assertion to \\[\\]Item panics"
		total += it.Price
	}
	return total, nil
}

func ifHeader(x any) (string, error) {
	if x.(bool) { // want "type assertion to bool panics"
		return "yes", nil
	}
	return "no", nil
}

func ifInit(x any) (int, error) {
	if n := x.(int); n > 0 { // want "type assertion to int panics"
		return n, nil
	}
	return 0, nil
}

func switchValue(x any) (int, error) {
	switch x.(string) { // want "type assertion to string panics"
	case "a":
		return 1, nil
	}
	return 0, nil
}

func twoInOne(m map[string]any) (Item, int, error) {
	it := Item{Price: m["price"].(int)}                    // want "type assertion to int panics"
	return it, use(m["name"].(string)) + m["n"].(int), nil // want "type assertion to string panics" "type assertion to int panics"
}

func deferred(x any) error {
	defer x.(io.Closer).Close() // want "type assertion to io.Closer panics"
	return nil
}

func assignField(x any, it *Item) error {
	it.Price = x.(int) // want "type assertion to int panics"
	return nil
}

var total int

func assignPackageVar(x any) error {
	total = x.(int) // want "type assertion to int panics"
	return nil
}

func assignCaptured(x any) (int, error) {
	n := 0
	defer func() { println(n) }()
	n = x.(int) // want "type assertion to int panics"
	return n, nil
}

func typed(x any) (int64, error) {
	var n int64 = x.(int64) // want "type assertion to int64 panics"
	return n, nil
}

type wrapper struct{ inner any }

func typeSwitchGuard(x any) (string, error) {
	switch v := x.(wrapper).inner.(type) { // want "type assertion to wrapper panics"
	case string:
		return v, nil
	}
	return "", nil
}

func goArgument(x any, done chan<- int) error {
	go func(n int) { done <- n }(x.(int)) // want "type assertion to int panics"
	return nil
}

func receiveFirst(ch, x any) (int, error) {
	return <-ch.(chan int) + x.(int), nil // want "type assertion to chan int panics" "type assertion to int panics"
}
