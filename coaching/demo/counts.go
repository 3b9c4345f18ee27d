package demo

import "dealcoach/coaching"

// Counts is how many rows of each kind went through a counting Sink.
type Counts struct {
	Reps, Deals, Sessions, Reviews, Answers, Actions, Debriefs, Snapshots int
}

// Counting wraps sink so that c counts the rows it accepted; the command
// line reports them ("wrote 6 reps, 72 deals, …").
func Counting(sink Sink, c *Counts) Sink { return &counting{sink: sink, c: c} }

type counting struct {
	sink Sink
	c    *Counts
}

// count adds one to n when err is nil, and passes the result on.
func count[T any](n *int, v T, err error) (T, error) {
	if err == nil {
		*n++
	}
	return v, err
}

func (s *counting) Rep(v coaching.Rep) (int64, error) {
	id, err := s.sink.Rep(v)
	return count(&s.c.Reps, id, err)
}

func (s *counting) Deal(v coaching.Deal) (int64, error) {
	id, err := s.sink.Deal(v)
	return count(&s.c.Deals, id, err)
}

func (s *counting) Session(v coaching.Session) (int64, error) {
	id, err := s.sink.Session(v)
	return count(&s.c.Sessions, id, err)
}

func (s *counting) Review(v coaching.Review) (int64, error) {
	id, err := s.sink.Review(v)
	return count(&s.c.Reviews, id, err)
}

func (s *counting) Answer(v coaching.Answer) error {
	_, err := count(&s.c.Answers, struct{}{}, s.sink.Answer(v))
	return err
}

func (s *counting) Action(v coaching.Action) (int64, error) {
	id, err := s.sink.Action(v)
	return count(&s.c.Actions, id, err)
}

func (s *counting) Debrief(v coaching.Debrief) error {
	_, err := count(&s.c.Debriefs, struct{}{}, s.sink.Debrief(v))
	return err
}

func (s *counting) Snapshot(v coaching.Snapshot) error {
	_, err := count(&s.c.Snapshots, struct{}{}, s.sink.Snapshot(v))
	return err
}
