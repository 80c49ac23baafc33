package zerosstd

import (
	"encoding/json"
	"net"
	"net/http"
	"net/url"
)

// Named slice and map types of the standard library are nil, as anyone writes
// them; structs are T{}.
func addr(cfg map[string]any) (net.IP, http.Header, json.RawMessage, url.Values, net.TCPAddr, error) {
	port := cfg["port"].(int) // want "type assertion to int panics"
	return nil, nil, nil, nil, net.TCPAddr{Port: port}, nil
}

// A long operand is named by its key; quotes and percent signs are escaped.
func label(settings map[string]map[string]any) (string, error) {
	s := settings["primary-database-connection"]["label %s"].(string) // want "type assertion to string panics"
	return s, nil
}
