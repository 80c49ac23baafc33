package traps

import "errors"

var global any = 1

var atPackageLevel = global.(int) // want "type assertion to int panics"

func get() any { return 1 }

func noHandler(x any) int {
	return x.(int) // want "type assertion to int panics"
}

func shortCircuit(x any, ready bool) error {
	if ready && x.(bool) { // want "type assertion to bool panics"
		return errors.New("ready")
	}
	if !ready || x.(bool) { // want "type assertion to bool panics"
		return nil
	}
	return nil
}

func elseIf(x any, ready bool) error {
	if ready {
		return nil
	} else if x.(bool) { // want "type assertion to bool panics"
		return errors.New("x")
	}
	return nil
}

func loopCondition(x any) error {
	for x.(int) < 10 { // want "type assertion to int panics"
		x = x.(int) + 1 // want "type assertion to int panics"
	}
	return nil
}

func afterCall(x any) (int, error) {
	n := max(len(errors.New("a").Error()), x.(int)) // want "type assertion to int panics"
	return n, nil
}

func headerAfterInit(x any) error {
	if err := errors.New("a"); x.(bool) { // want "type assertion to bool panics"
		return err
	}
	return nil
}

func multi(x any) (int, int, error) {
	a, b := x.(int), 2 // want "type assertion to int panics"
	return a, b, nil
}

func withGoto(x any) (int, error) {
	n := x.(int) // want "type assertion to int panics"
	if n > 0 {
		goto done
	}
	n++
done:
	return n, nil
}

func sameLine(x any) (int, error) {
	n := 0
	set := func() error { n = x.(int); return nil } // want "type assertion to int panics"
	return n, set()
}

func caseExpr(x any, s string) error {
	switch s {
	case x.(string): // want "type assertion to string panics"
		return nil
	}
	return nil
}

func inGoroutine(x any) error {
	done := make(chan int)
	go func() {
		done <- x.(int) // want "type assertion to int panics"
	}()
	<-done
	return nil
}

func fromCall() (int, error) {
	return get().(int), nil // want "type assertion to int panics"
}

// A goroutine's panic is not recovered by the function that started it.
func recoveredElsewhere(v any) (err error) {
	defer func() {
		if recover() != nil {
			err = errors.New("recovered")
		}
	}()
	go func() {
		_ = v.(int) // want "type assertion to int panics"
	}()
	return nil
}
