package declarations

type Config struct{ Name string }

type Celsius float64

type Names []string

type Mode string

func short(x any) (Celsius, error) {
	v := x.(float64) // want "type assertion to float64 panics"
	return Celsius(v), nil
}

func varForm(x any) (*Config, string, error) {
	var c = x.(*Config) // want "type assertion to \\*Config panics"
	return c, "", nil
}

func assign(x any) (int, error) {
	var n int
	n = x.(int) // want "type assertion to int panics"
	return n, nil
}

func blank(x any) error {
	_ = x.(error) // want "type assertion to error panics"
	return nil
}

func zeros(x any) (c Config, t Celsius, n Names, m Mode, p *int, f func(), arr [2]int, err error) {
	s := x.(string) // want "type assertion to string panics"
	m = Mode(s)
	return
}

func generic[T any](x any) (T, error) {
	v := x.(T) // want "type assertion to T panics"
	return v, nil
}

func (c *Config) method(x any) (bool, error) {
	name := x.(string) // want "type assertion to string panics"
	c.Name = name
	return true, nil
}

func literal(x any) func() (int, error) {
	return func() (int, error) {
		n := x.(int) // want "type assertion to int panics"
		return n, nil
	}
}

func withComment(x any) (int, error) {
	n := x.(int) // want "type assertion to int panics"
	// the comment stays above the next statement
	return n, nil
}
