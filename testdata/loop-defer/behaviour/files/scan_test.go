package scan

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

func openFDs(t *testing.T) int {
	entries, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Skip("needs /proc/self/fd")
	}
	return len(entries)
}

func files(t *testing.T, n int) []string {
	dir := t.TempDir()
	var paths []string
	for i := 0; i < n; i++ {
		p := filepath.Join(dir, fmt.Sprintf("f%d.txt", i))
		if err := os.WriteFile(p, []byte(fmt.Sprintf("line\nfile %d\n", i)), 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	return paths
}

func TestEachFileIsClosedBeforeTheNext(t *testing.T) {
	paths := files(t, 40)
	base := openFDs(t)
	most := 0
	total, err := CountLines(paths, func(string) {
		if n := openFDs(t) - base; n > most {
			most = n
		}
	})
	if err != nil || total != 80 {
		t.Fatalf("CountLines = %d, %v; want 80, nil", total, err)
	}
	if most > 2 {
		t.Fatalf("%d files open at once; want each closed before the next opens", most)
	}
}

func TestContinueStillSkips(t *testing.T) {
	paths := files(t, 2)
	var seen []string
	total, err := CountLines([]string{"#comment", paths[0], "#x", paths[1]}, func(p string) { seen = append(seen, p) })
	if err != nil || total != 4 || len(seen) != 2 {
		t.Fatalf("CountLines = %d, %v, visited %v", total, err, seen)
	}
}

func TestErrorReachesTheCaller(t *testing.T) {
	paths := files(t, 2)
	missing := filepath.Join(t.TempDir(), "missing")
	total, err := CountLines([]string{paths[0], missing, paths[1]}, func(string) {})
	if !errors.Is(err, os.ErrNotExist) || total != 0 {
		t.Fatalf("CountLines = %d, %v; want 0 and a not-exist error", total, err)
	}
}

func TestEarlyReturnStillReturns(t *testing.T) {
	paths := files(t, 5)
	got, ok := FirstWith(paths, "file 3")
	if !ok || got != paths[3] {
		t.Fatalf("FirstWith = %q, %v", got, ok)
	}
	if _, ok := FirstWith(paths, "nope"); ok {
		t.Fatal("found a needle that is not there")
	}
}
