package readdir

import (
	"fmt"
	"io/ioutil"
	"os"
	"sort"
)

// Used only in ways []fs.FileInfo and []fs.DirEntry share: fixed.
func names(dir string) ([]string, error) {
	entries, err := ioutil.ReadDir(dir) // want "use os.ReadDir, which returns ..fs.DirEntry"
	if err != nil {
		return nil, err
	}
	out := make([]string, 0, len(entries))
	for _, e := range entries {
		if e.IsDir() || !e.Mode().IsRegular() {
			continue
		}
		out = append(out, e.Name())
	}
	if len(entries) > 0 && entries[0].Name() == "." {
		return nil, fmt.Errorf("odd")
	}
	return out, nil
}

func exists(dir string) bool {
	_, err := ioutil.ReadDir(dir) // want "use os.ReadDir"
	return err == nil
}

func indexed(dir string) int {
	list, err := ioutil.ReadDir(dir) // want "use os.ReadDir"
	if err != nil || list == nil {
		return 0
	}
	n := 0
	for i := range list {
		if list[i].Mode().IsDir() {
			n++
		}
	}
	return n
}

// Not fixed: the result is used as []fs.FileInfo.
func sizes(dir string) (int64, error) {
	entries, err := ioutil.ReadDir(dir) // want "use os.ReadDir"
	if err != nil {
		return 0, err
	}
	var total int64
	for _, e := range entries {
		total += e.Size()
	}
	return total, nil
}

func listing(dir string) ([]os.FileInfo, error) {
	return ioutil.ReadDir(dir) // want "use os.ReadDir"
}

func sorted(dir string) []os.FileInfo {
	files, _ := ioutil.ReadDir(dir) // want "use os.ReadDir"
	sort.Slice(files, func(i, j int) bool { return files[i].ModTime().Before(files[j].ModTime()) })
	return files
}

func reassigned(dir string) (n int) {
	var files []os.FileInfo
	files, _ = ioutil.ReadDir(dir) // want "use os.ReadDir"
	return len(files)
}

var readDir = ioutil.ReadDir // want "use os.ReadDir"

// An element printed: fs.DirEntry prints differently.
func printed(dir string) {
	files, _ := ioutil.ReadDir(dir) // want "use os.ReadDir"
	for _, f := range files {
		if !f.IsDir() {
			fmt.Println("skipping", f)
		}
	}
}
