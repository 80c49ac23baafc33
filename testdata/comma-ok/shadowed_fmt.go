package shadowed

type printer struct{}

func (printer) Errorf(string, ...any) error { return nil }

func load(x any) (int, error) {
	fmt := printer{}
	n := x.(int) // want "type assertion to int panics"
	return n, fmt.Errorf("")
}
