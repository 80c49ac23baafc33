package lookup

import (
	"fmt"
	"runtime"
	"testing"
)

// mustInt is the test helper under test: it should fail the test, not panic,
// when the registered value is not an int.
func mustInt(tb testing.TB, key string) int {
	n := Get(key).(int)
	return n
}

func TestRetries(t *testing.T) {
	if got := mustInt(t, "retries"); got != 3 {
		t.Fatalf("retries = %d", got)
	}
}

// recorder stands in for a *testing.T: it records Fatalf and stops the
// goroutine the way FailNow does.
type recorder struct {
	testing.TB
	fatal string
}

func (r *recorder) Fatalf(format string, args ...any) {
	r.fatal = fmt.Sprintf(format, args...)
	runtime.Goexit()
}

func TestWrongTypeFailsTheTest(t *testing.T) {
	rec := &recorder{TB: t}
	var panicked any
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer func() { panicked = recover() }()
		mustInt(rec, "name")
	}()
	<-done
	if panicked != nil {
		t.Fatalf("mustInt panicked (%v) instead of failing the test", panicked)
	}
	if rec.fatal != "unexpected type string for Get(key), want int" {
		t.Fatalf("Fatalf message = %q", rec.fatal)
	}
}
