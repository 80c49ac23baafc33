package testingcases

import "testing"

func value() any { return 1 }

func TestDirect(t *testing.T) {
	n := value().(int) // want "type assertion to int panics"
	if n != 1 {
		t.Fatal(n)
	}
}

func TestSubtest(t *testing.T) {
	t.Run("sub", func(st *testing.T) {
		s, _ := value().(int), 1 // want "type assertion to int panics"
		_ = s
		v := value()
		n := v.(int) // want "type assertion to int panics"
		st.Log(n)
	})
}

func BenchmarkB(b *testing.B) {
	v := value()
	for range b.N {
		_ = v.(int) // want "type assertion to int panics"
	}
}

func helper(tb testing.TB, v any) {
	tb.Helper()
	tb.Log(v.(int)) // want "type assertion to int panics"
}

func TestInPlaceLiteral(t *testing.T) {
	v := value()
	func() {
		n := v.(int) // want "type assertion to int panics"
		t.Log(n)
	}()
}

func TestGoroutine(t *testing.T) {
	v := value()
	done := make(chan bool)
	go func() {
		defer close(done)
		n := v.(int) // want "type assertion to int panics"
		_ = n
	}()
	<-done
}

func TestRedeclared(t *testing.T) {
	for _, t := range []any{value()} {
		n := t.(int) // want "type assertion to int panics"
		_ = n
	}
}

func TestRedeclaredLater(t *testing.T) {
	v := value()
	n := v.(int) // want "type assertion to int panics"
	{
		t := n
		_ = t
	}
}

func TestCallback(t *testing.T) {
	v := value()
	apply := func(f func()) { f() }
	apply(func() {
		n := v.(int) // want "type assertion to int panics"
		t.Log(n)
	})
}

func TestErrorLiteral(t *testing.T) {
	v := value()
	check := func() error {
		n := v.(int) // want "type assertion to int panics"
		_ = n
		return nil
	}
	if err := check(); err != nil {
		t.Fatal(err)
	}
}
