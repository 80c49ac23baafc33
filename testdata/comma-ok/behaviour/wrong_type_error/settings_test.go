package settings

import (
	"strings"
	"testing"
)

func parse(t *testing.T, input string) (s Settings, err error) {
	t.Helper()
	defer func() {
		if r := recover(); r != nil {
			t.Fatalf("Parse(%s) panicked: %v", input, r)
		}
	}()
	return Parse([]byte(input))
}

func TestRightTypes(t *testing.T) {
	s, err := parse(t, `{"host": "db", "port": 5432, "debug": true, "tags": ["a", "b"]}`)
	if err != nil {
		t.Fatal(err)
	}
	if s.Host != "db" || s.Port != 5432 || !s.Debug || strings.Join(s.Tags, ",") != "a,b" {
		t.Fatalf("got %+v", s)
	}
}

func TestWrongTypesGiveErrors(t *testing.T) {
	for _, input := range []string{
		`{"host": 1, "port": 5432, "debug": true, "tags": []}`,
		`{"host": "db", "port": "5432", "debug": true, "tags": []}`,
		`{"host": "db", "port": 5432, "debug": "yes", "tags": []}`,
		`{"host": "db", "port": 5432, "debug": true, "tags": "a"}`,
		`{"host": "db", "port": 5432, "debug": true, "tags": [1]}`,
		`{"port": 5432, "debug": true, "tags": []}`,
	} {
		_, err := parse(t, input)
		if err == nil || !strings.Contains(err.Error(), "unexpected type") {
			t.Errorf("Parse(%s): err = %v, want an unexpected type error", input, err)
		}
	}
}
