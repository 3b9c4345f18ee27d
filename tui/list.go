package tui

import (
	"fmt"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// cursor is the selected row of a list and the first row shown, so that a
// list draws only the rows that fit (DESIGN §9).
type cursor struct {
	pos, offset int
	n, rows     int
}

// setLen sets the number of items, keeping the cursor inside.
func (c *cursor) setLen(n int) {
	c.n = n
	c.clamp()
}

// setRows sets how many rows are visible.
func (c *cursor) setRows(rows int) {
	c.rows = max(1, rows)
	c.clamp()
}

// move handles the list keys; it reports whether the key was one.
func (c *cursor) move(msg tea.KeyMsg) bool {
	switch {
	case key.Matches(msg, keyUp):
		c.pos--
	case key.Matches(msg, keyDown):
		c.pos++
	case key.Matches(msg, keyPgUp):
		c.pos -= c.rows
	case key.Matches(msg, keyPgDown):
		c.pos += c.rows
	case key.Matches(msg, keyTop):
		c.pos = 0
	case key.Matches(msg, keyBottom):
		c.pos = c.n - 1
	default:
		return false
	}
	c.clamp()
	return true
}

func (c *cursor) clamp() {
	if c.pos >= c.n {
		c.pos = c.n - 1
	}
	if c.pos < 0 {
		c.pos = 0
	}
	if c.pos < c.offset {
		c.offset = c.pos
	}
	if c.rows > 0 && c.pos >= c.offset+c.rows {
		c.offset = c.pos - c.rows + 1
	}
	if c.offset > max(0, c.n-c.rows) {
		c.offset = max(0, c.n-c.rows)
	}
	if c.offset < 0 {
		c.offset = 0
	}
}

// visible is the range of items to draw.
func (c *cursor) visible() (from, to int) {
	return c.offset, min(c.n, c.offset+c.rows)
}

// inView says which items are in view, "11–25 of 27 lines", when not all
// are; "" when all are. Every list's and checklist's hint says it this way.
func (c *cursor) inView(noun string) string {
	from, to := c.visible()
	if from == 0 && to >= c.n {
		return ""
	}
	return fmt.Sprintf("%d–%d of %s", from+1, to, countNoun(c.n, noun))
}

// scroll moves the rows in view by n (the mouse wheel), taking the
// selection along only when it would leave the view.
func (c *cursor) scroll(n int) {
	c.offset = max(0, min(c.offset+n, c.n-c.rows))
	if c.pos < c.offset {
		c.pos = c.offset
	}
	if c.pos >= c.offset+c.rows {
		c.pos = c.offset + c.rows - 1
	}
	c.clamp()
}
