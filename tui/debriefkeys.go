package tui

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"dealcoach/coaching"
)

// The debrief's keys, each a binding matched with key.Matches and enabled
// only where it applies, so that what the help lists is what works.

type debriefKeys struct {
	Next, Prev, Edit, Enter, Left, Right key.Binding
	OutYes, OutPartly, OutNo             key.Binding
	AddStep, After, Before, Finish       key.Binding
	SaveNext, SavePrev, SaveStay         key.Binding
	Home, Export, Leave                  key.Binding
}

func newDebriefKeys() debriefKeys {
	return debriefKeys{
		Next:      key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "next line")),
		Prev:      key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", "previous line")),
		Edit:      key.NewBinding(key.WithKeys("enter"), key.WithHelp("type/enter", "write")),
		Enter:     key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "next line")),
		Left:      key.NewBinding(key.WithKeys("left"), key.WithHelp("←/→", "")),
		Right:     key.NewBinding(key.WithKeys("right", " "), key.WithHelp("", "")),
		OutYes:    key.NewBinding(key.WithKeys("y"), key.WithHelp("y/p/n", "")),
		OutPartly: key.NewBinding(key.WithKeys("p"), key.WithHelp("", "")),
		OutNo:     key.NewBinding(key.WithKeys("n"), key.WithHelp("", "")),
		AddStep:   key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "next step")),
		After:     key.NewBinding(key.WithKeys("ctrl+n"), key.WithHelp("ctrl+n", "after the call")),
		Before:    key.NewBinding(key.WithKeys("ctrl+p"), key.WithHelp("ctrl+p", "before the call")),
		Finish:    key.NewBinding(key.WithKeys("ctrl+s"), key.WithHelp("ctrl+s", "finish")),
		SaveNext:  key.NewBinding(key.WithKeys("enter", "tab", "down"), key.WithHelp("enter", "save, next")),
		SavePrev:  key.NewBinding(key.WithKeys("shift+tab", "up"), key.WithHelp("↑", "save, back")),
		SaveStay:  key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "save")),
		Home:      key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "done")),
		Export:    key.NewBinding(key.WithKeys("w"), key.WithHelp("w", "export recap")),
		Leave:     key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "leave")),
	}
}

func (d *debrief) updateKey(msg tea.KeyMsg) tea.Cmd {
	k := d.keys
	if d.half == halfDone {
		switch {
		case key.Matches(msg, k.Home):
			return back
		case key.Matches(msg, k.Export):
			return d.export()
		}
		return nil
	}
	if key.Matches(msg, k.Leave) {
		// Leave once the saves asked for have landed: the debrief waits
		// on home.
		if !d.c.q.idle() {
			d.leaving = true
			return nil
		}
		return back
	}
	row := d.row()
	d.msg = ""
	// On a text field, typing writes in it: no key to open it first.
	if row.isOwn(dbText) && startsTyping(msg) {
		cmd := d.edit(row)
		if row.field() == dfObserve && d.observesFocus() && msg.Type != tea.KeyBackspace {
			// The focus is a suggestion: a letter typed writes another skill.
			d.input.SetValue("")
		}
		var typed tea.Cmd
		d.input, typed = d.input.Update(msg)
		return tea.Batch(cmd, typed)
	}
	switch {
	case key.Matches(msg, k.Next):
		d.list.move(1)
	case key.Matches(msg, k.Prev):
		d.list.move(-1)
	case key.Matches(msg, k.After):
		return d.switchHalf(halfAfter)
	case key.Matches(msg, k.Before):
		return d.switchHalf(halfBefore)
	case key.Matches(msg, k.Finish):
		return d.finish()
	case key.Matches(msg, k.AddStep):
		return d.addStep()
	case key.Matches(msg, k.Edit) && row.field() == dfObserve && d.observesFocus():
		d.list.move(1) // the rep's focus kept as the skill to observe
	case key.Matches(msg, k.Edit):
		return d.edit(row)
	case key.Matches(msg, k.Left, k.Right) && row.isOwn(dbRole):
		return d.cycleRole(key.Matches(msg, k.Left))
	case key.Matches(msg, k.OutYes, k.OutPartly, k.OutNo, k.Left, k.Right) && row.isOwn(dbObserved):
		return d.setOutcome(msg, &d.deb.ObserveOutcome, "did "+d.deb.ObserveSkill+": ")
	case key.Matches(msg, k.OutYes, k.OutPartly, k.OutNo, k.Left, k.Right):
		return d.setOutcome(msg, &d.deb.Outcome, "got the commitment: ")
	case key.Matches(msg, k.Enter) && row.isOwn(dbGoAfter):
		return d.switchHalf(halfAfter)
	case key.Matches(msg, k.Enter) && row.isOwn(dbAddStep):
		return d.addStep()
	case key.Matches(msg, k.Enter) && row.isOwn(dbFinish):
		return d.finish()
	case key.Matches(msg, k.Enter):
		d.list.move(1)
	case row.isOwn(dbOutcome) && msg.Type == tea.KeyRunes:
		d.msg = "Got the commitment? y yes · p partly · n no"
	case row.isOwn(dbObserved) && msg.Type == tea.KeyRunes:
		d.msg = "Did the rep do it on the call? y yes · p partly · n no"
	default:
		changed, cmd := d.list.Update(msg)
		d.msg = d.list.msg
		return tea.Batch(cmd, d.saveChange(changed))
	}
	return nil
}

// syncKeys enables the keys that apply to the line under the cursor, so
// that matching and the help agree.
func (d *debrief) syncKeys() {
	k := &d.keys
	r := d.row()
	typing, before, after := d.editing, d.half == halfBefore, d.half == halfAfter
	on := func(b *key.Binding, v bool) { b.SetEnabled(v) }
	on(&k.Next, !typing && !d.done())
	on(&k.Prev, !typing && !d.done())
	on(&k.Edit, !typing && r.isOwn(dbText))
	outcome := r.isOwn(dbOutcome) || r.isOwn(dbObserved)
	on(&k.Left, !typing && (r.isOwn(dbRole) || outcome))
	on(&k.Right, !typing && (r.isOwn(dbRole) || outcome))
	for _, b := range []*key.Binding{&k.OutYes, &k.OutPartly, &k.OutNo} {
		on(b, !typing && outcome)
	}
	on(&k.Enter, !typing && !d.done() && !r.isOwn(dbText))
	k.Enter.SetHelp("enter", "next line")
	switch {
	case r.isOwn(dbGoAfter):
		k.Enter.SetHelp("enter", "after the call")
	case r.isOwn(dbAddStep):
		k.Enter.SetHelp("enter", "add next step")
	case r.isOwn(dbFinish):
		k.Enter.SetHelp("enter", "finish")
	}
	on(&k.AddStep, !typing && after)
	on(&k.After, before)
	on(&k.Before, after)
	on(&k.Finish, after)
	on(&k.SaveNext, typing)
	on(&k.SavePrev, typing)
	on(&k.SaveStay, typing)
	on(&k.Home, d.done())
	on(&k.Export, d.done())
	on(&k.Leave, !typing && !d.done())
}

func (d *debrief) done() bool { return d.half == halfDone }

func (d *debrief) cycleRole(left bool) tea.Cmd {
	n := len(debriefRoles)
	i := roleIndex(d.deb.ManagerRole)
	if left {
		i = (i - 1 + n) % n
	} else {
		i = (i + 1) % n
	}
	d.deb.ManagerRole = debriefRoles[i].role
	d.fit()
	d.list.redraw()
	return d.saveDebrief("your role: " + debriefRoles[i].label)
}

// setOutcome answers "got the commitment?" or "did the rep do the skill?"
// (out, saved as what): y, p, n, then the next line; ←/→ cycle it in place.
func (d *debrief) setOutcome(msg tea.KeyMsg, out *coaching.Outcome, what string) tea.Cmd {
	k := d.keys
	n, cur := len(debriefOutcomes), -1
	for j, o := range debriefOutcomes {
		if o.outcome == *out {
			cur = j
		}
	}
	var i int
	switch {
	case key.Matches(msg, k.OutYes):
		i = 0
	case key.Matches(msg, k.OutPartly):
		i = 1
	case key.Matches(msg, k.OutNo):
		i = 2
	case cur < 0:
		i = 0
	case key.Matches(msg, k.Left):
		i = (cur + n - 1) % n
	default:
		i = (cur + 1) % n
	}
	*out = debriefOutcomes[i].outcome
	cmd := d.saveDebrief(what + debriefOutcomes[i].label)
	if msg.Type == tea.KeyRunes {
		d.list.move(1)
	}
	return cmd
}

func (d *debrief) addStep() tea.Cmd {
	return open(openStepFormMsg{session: d.sid, deal: d.deal, afterCall: true})
}
