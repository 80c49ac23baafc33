// Package config loads the shop's settings from a JSON document into typed
// values. The document is decoded into map[string]any first, so that unknown
// keys can be reported and defaults filled in.
package config

import (
	"encoding/json"
	"fmt"
	"os"
	"time"
)

// Shop is the shop's configuration.
type Shop struct {
	Name         string
	Listen       string
	Currency     string
	CartTimeout  time.Duration
	MaxCartItems int
	Maintenance  bool
	Warehouses   []string
}

var defaults = map[string]any{
	"listen":         ":8080",
	"currency":       "EUR",
	"cart_timeout":   "30m",
	"max_cart_items": 100.0,
	"maintenance":    false,
	"warehouses":     []any{},
}

// Load reads and decodes the configuration file at path.
func Load(path string) (*Shop, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return Parse(data)
}

// Parse decodes a configuration document.
func Parse(data []byte) (*Shop, error) {
	doc := map[string]any{}
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	for key, value := range defaults {
		if _, ok := doc[key]; !ok {
			doc[key] = value
		}
	}
	// A value of the wrong type in the file crashes the service on start-up.
	timeout, err := time.ParseDuration(doc["cart_timeout"].(string))
	if err != nil {
		return nil, fmt.Errorf("config: cart_timeout: %w", err)
	}
	shop := &Shop{
		Name:        doc["name"].(string),
		Listen:      doc["listen"].(string),
		Currency:    doc["currency"].(string),
		CartTimeout: timeout,
		Maintenance: doc["maintenance"].(bool),
	}
	shop.MaxCartItems = int(doc["max_cart_items"].(float64))
	for _, w := range doc["warehouses"].([]any) {
		shop.Warehouses = append(shop.Warehouses, w.(string))
	}
	return shop, nil
}
