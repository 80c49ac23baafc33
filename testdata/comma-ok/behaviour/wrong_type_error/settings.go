// Package settings reads typed values out of a decoded JSON document.
package settings

import "encoding/json"

type Settings struct {
	Host  string
	Port  int
	Debug bool
	Tags  []string
}

// Parse decodes a JSON object and picks the known keys out of it.
func Parse(data []byte) (Settings, error) {
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		return Settings{}, err
	}
	host := doc["host"].(string)
	port := doc["port"].(float64)
	s := Settings{Host: host, Port: int(port), Debug: doc["debug"].(bool)}
	for _, t := range doc["tags"].([]any) {
		s.Tags = append(s.Tags, t.(string))
	}
	return s, nil
}
