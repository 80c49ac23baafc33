package behaviour

import (
	"context"
	"testing"
)

func TestRetryReleasesEveryAttempt(t *testing.T) {
	parent := newTracked()
	attempts := 0
	err := Retry(parent, 5, func(ctx context.Context) error {
		attempts++
		if ctx.Err() != nil {
			t.Fatalf("attempt %d got a cancelled context", attempts)
		}
		if attempts < 3 {
			return errTemporary
		}
		return nil
	})
	if err != nil || attempts != 3 {
		t.Fatalf("Retry = %v after %d attempts, want nil after 3", err, attempts)
	}
	if n := parent.children(); n != 0 {
		t.Fatalf("%d attempt context(s) still registered on the parent", n)
	}
}

func TestRetryReleasesDuringTheLoop(t *testing.T) {
	parent := newTracked()
	attempts := 0
	_ = Retry(parent, 4, func(ctx context.Context) error {
		attempts++
		// Earlier attempts must already be released while the loop is running.
		if n := parent.children(); n != 1 {
			t.Fatalf("attempt %d: %d contexts registered, want only this attempt's", attempts, n)
		}
		return errTemporary
	})
	if attempts != 4 {
		t.Fatalf("%d attempts, want 4", attempts)
	}
}
