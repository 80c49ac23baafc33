package registry

import "testing"

func port(t *testing.T, r *Registry) (n int, err error) {
	t.Helper()
	defer func() {
		if e := recover(); e != nil {
			t.Fatalf("Port panicked: %v", e)
		}
	}()
	return r.Port()
}

func TestPort(t *testing.T) {
	r := New()
	r.Set("port", 8080)
	if n, err := port(t, r); err != nil || n != 8080 {
		t.Fatalf("Port() = %d, %v; want 8080", n, err)
	}
}

// A wrong type is an error, and the registry stays usable: the lock is free.
func TestWrongTypeReleasesTheLock(t *testing.T) {
	r := New()
	r.Set("port", "8080")
	if _, err := port(t, r); err == nil {
		t.Fatal("Port() with a string: want an error")
	}
	if !r.mu.TryLock() {
		t.Fatal("Port() returned with the registry's lock held")
	}
	r.mu.Unlock()
}
