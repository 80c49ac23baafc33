package behaviour

import (
	"testing"
	"time"
)

func TestDeadlineKeptAndReleased(t *testing.T) {
	parent := newTracked()
	deadline, ok := Deadline(parent, true)
	if !ok {
		t.Fatal("the context lost its deadline after the nested assignment")
	}
	if time.Until(deadline) < 30*time.Minute {
		t.Fatalf("unexpected deadline %v", deadline)
	}
	if n := parent.children(); n != 0 {
		t.Fatalf("%d derived context(s) still registered on the parent after Deadline returned", n)
	}
	if _, ok := Deadline(parent, false); ok {
		t.Fatal("no deadline expected without the nested assignment")
	}
}

func TestCheckSeesLiveContext(t *testing.T) {
	parent := newTracked()
	if err := Check(parent); err != nil {
		t.Fatalf("the context was cancelled while still in use: %v", err)
	}
	if n := parent.children(); n != 0 {
		t.Fatalf("%d derived context(s) still registered on the parent", n)
	}
}
