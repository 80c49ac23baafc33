package behaviour

import (
	"testing"
	"time"
)

// waitNoChildren polls until the parent has no registered children: the
// worker's deferred cancel runs after it has sent its result.
func waitNoChildren(t *testing.T, parent *tracked) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Second)
	for parent.children() != 0 {
		if time.Now().After(deadline) {
			t.Fatalf("%d derived context(s) still registered after the worker finished", parent.children())
		}
		time.Sleep(time.Millisecond)
	}
}

func TestWorkerOutlivesCaller(t *testing.T) {
	parent := newTracked()
	jobs := make(chan int)
	results := make(chan error, 1)
	Start(parent, jobs, results) // returns before the worker has done anything
	for i := 1; i <= 3; i++ {
		jobs <- i
	}
	close(jobs)
	if err := <-results; err != nil {
		t.Fatalf("the worker's context was cancelled when the caller returned: %v", err)
	}
	waitNoChildren(t, parent)
}
