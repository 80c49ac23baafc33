// Package archive bundles order exports into a zip file and keeps a manifest of
// what went in.
package archive

import (
	"archive/zip"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
)

// Manifest records the files added to archives, safe for concurrent use.
type Manifest struct {
	mu      sync.Mutex
	entries map[string]int64
}

func NewManifest() *Manifest { return &Manifest{entries: map[string]int64{}} }

// Record adds every entry under the manifest's lock.
func (m *Manifest) Record(names []string, sizes []int64) {
	for i, name := range names {
		m.mu.Lock()
		defer m.mu.Unlock()
		if name == "" {
			continue
		}
		m.entries[name] = sizes[i]
	}
}

// Size reports the recorded size of name.
func (m *Manifest) Size(name string) (int64, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	n, ok := m.entries[name]
	return n, ok
}

// Bundle writes each export file into a zip archive at dst and returns the
// number of bytes archived.
func Bundle(dst string, exports []string) (int64, error) {
	out, err := os.Create(dst)
	if err != nil {
		return 0, err
	}
	defer out.Close()
	zw := zip.NewWriter(out)
	var total int64
	for _, path := range exports {
		f, err := os.Open(path)
		if err != nil {
			return 0, fmt.Errorf("bundle: %w", err)
		}
		defer f.Close()
		w, err := zw.Create(filepath.Base(path))
		if err != nil {
			return 0, err
		}
		n, err := io.Copy(w, f)
		if err != nil {
			return 0, fmt.Errorf("bundle %s: %w", path, err)
		}
		total += n
	}
	if err := zw.Close(); err != nil {
		return 0, err
	}
	return total, out.Close()
}
