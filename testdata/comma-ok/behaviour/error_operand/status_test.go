package status

import (
	"errors"
	"testing"
)

func code(t *testing.T, key string) (n int, err error) {
	t.Helper()
	defer func() {
		if r := recover(); r != nil {
			t.Fatalf("Code(%q) panicked: %v", key, r)
		}
	}()
	return Code(key)
}

func TestStatusErrors(t *testing.T) {
	for key, want := range map[string]int{"ok": 200, "gone": 410, "missing": 404} {
		if n, err := code(t, key); err != nil || n != want {
			t.Errorf("Code(%q) = %d, %v; want %d", key, n, err, want)
		}
	}
}

// The caller's error must survive: errors.Is finds the sentinel lookup gave.
func TestOtherErrorsKeepTheirIdentity(t *testing.T) {
	_, err := code(t, "")
	if !errors.Is(err, ErrEmpty) {
		t.Fatalf("Code(\"\") error = %v; want one wrapping ErrEmpty", err)
	}
}
