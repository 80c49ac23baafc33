package config

import "testing"

func TestParse(t *testing.T) {
	shop, err := Parse([]byte(`{"name": "corner shop", "warehouses": ["north", "south"]}`))
	if err != nil {
		t.Fatal(err)
	}
	if shop.Name != "corner shop" || shop.Listen != ":8080" || len(shop.Warehouses) != 2 {
		t.Fatalf("got %+v", shop)
	}
}
