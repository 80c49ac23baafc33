// Package export writes the day's orders to files for the accounting system
// and reads back what it wrote, using io/ioutil, deprecated since Go 1.16.
package export

import (
	"fmt"
	"io/ioutil"
	"path/filepath"
	"sort"
	"strings"
)

// Write stores one order per file under dir.
func Write(dir string, orders map[string]string) error {
	for id, order := range orders {
		if err := ioutil.WriteFile(filepath.Join(dir, id+".txt"), []byte(order), 0o644); err != nil {
			return fmt.Errorf("export: %w", err)
		}
	}
	return nil
}

// IDs lists the orders exported to dir.
func IDs(dir string) ([]string, error) {
	files, err := ioutil.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var ids []string
	for _, f := range files {
		if !f.IsDir() && strings.HasSuffix(f.Name(), ".txt") {
			ids = append(ids, strings.TrimSuffix(f.Name(), ".txt"))
		}
	}
	sort.Strings(ids)
	return ids, nil
}
