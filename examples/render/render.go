// Package render writes order documents (invoices, packing slips) as text.
package render

import (
	"bytes"
	"fmt"
	"io"
	"sync"
)

// Line is one item of an order.
type Line struct {
	SKU      string
	Quantity int
	Cents    int
}

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// Invoice writes the invoice for an order to w in one Write.
func Invoice(w io.Writer, order string, lines []Line) error {
	buf := bufPool.Get().(*bytes.Buffer)
	defer bufPool.Put(buf)
	fmt.Fprintf(buf, "Invoice for order %s\n", order)
	total := 0
	for _, l := range lines {
		fmt.Fprintf(buf, "%-12s %3d x %8.2f\n", l.SKU, l.Quantity, float64(l.Cents)/100)
		total += l.Quantity * l.Cents
	}
	fmt.Fprintf(buf, "Total: %.2f\n", float64(total)/100)
	_, err := w.Write(buf.Bytes())
	return err
}

// PackingSlip writes the packing slip for an order to w.
func PackingSlip(w io.Writer, order string, lines []Line) error {
	buf := bufPool.Get().(*bytes.Buffer)
	fmt.Fprintf(buf, "Packing slip for order %s\n", order)
	for _, l := range lines {
		fmt.Fprintf(buf, "[ ] %s x%d\n", l.SKU, l.Quantity)
	}
	_, err := buf.WriteTo(w)
	bufPool.Put(buf)
	return err
}
