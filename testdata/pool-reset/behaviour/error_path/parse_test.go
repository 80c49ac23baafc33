package parse

import (
	"runtime"
	"runtime/debug"
	"testing"
)

// With one P and the GC off, a buffer put back is the one the next Get
// returns: after a refused record, the next one must not see its bytes.
func TestRecordAfterARefusedOne(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	for i := 0; i < 3; i++ {
		if _, err := Record("# note"); err == nil {
			t.Fatal("Record of a comment: want an error")
		}
		if got, err := Record("ab"); err != nil || got != "ab" {
			t.Fatalf("Record(%q) = %q, %v; want %q", "ab", got, err, "ab")
		}
	}
}
