// Package store keeps small blobs in files under a directory.
package store

import (
	"fmt"
	"io"
	"io/ioutil"
	"path/filepath"
	"strings"
)

// Put writes a blob.
func Put(dir, name string, data []byte) error {
	return ioutil.WriteFile(filepath.Join(dir, name), data, 0o600)
}

// Get reads a blob back.
func Get(dir, name string) ([]byte, error) {
	return ioutil.ReadFile(filepath.Join(dir, name))
}

// Names lists the blobs, skipping directories.
func Names(dir string) ([]string, error) {
	entries, err := ioutil.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range entries {
		if !e.IsDir() {
			out = append(out, e.Name())
		}
	}
	return out, nil
}

// Scratch makes a temporary directory with one temporary file in it.
func Scratch() (string, string, error) {
	dir, err := ioutil.TempDir("", "store")
	if err != nil {
		return "", "", err
	}
	f, err := ioutil.TempFile(dir, "blob-*")
	if err != nil {
		return "", "", err
	}
	defer f.Close()
	return dir, f.Name(), nil
}

// Drain reads r to the end, keeping nothing, and reports the bytes seen.
func Drain(r io.Reader) (int64, error) {
	return io.Copy(ioutil.Discard, r)
}

// Slurp reads all of s through a ReadCloser.
func Slurp(s string) (string, error) {
	b, err := ioutil.ReadAll(ioutil.NopCloser(strings.NewReader(s)))
	if err != nil {
		return "", fmt.Errorf("slurp: %w", err)
	}
	return string(b), nil
}
