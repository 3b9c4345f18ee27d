package coaching

import (
	"encoding/binary"
	"errors"
	"math"
)

// The binary form of a playbook is what the store keeps beside its TOML so
// that every command and the app's start read it without a parser or
// reflection. It is length-prefixed fields in struct order;
// TestPlaybookBinaryCoversEveryField fails when a field is added to the
// structs and not here.

// playbookLayout numbers the layout below; a reader refuses any other.
const playbookLayout = 1

var errPlaybookBinary = errors.New("not a playbook in its binary form")

// MarshalBinary encodes the playbook's rules: Version and Source are the
// store's, not the playbook's, and are left out.
func (pb *Playbook) MarshalBinary() ([]byte, error) {
	b := []byte{playbookLayout}
	b = appendString(b, pb.Name)
	b = binary.LittleEndian.AppendUint64(b, math.Float64bits(pb.WeakBelow))
	b = binary.AppendVarint(b, int64(pb.MinAnswers))
	b = binary.AppendUvarint(b, uint64(len(pb.Stages)))
	for i := range pb.Stages {
		b = appendStage(b, &pb.Stages[i])
	}
	b = appendStage(b, &pb.Every)
	b = binary.AppendUvarint(b, uint64(len(pb.Skills)))
	for _, sk := range pb.Skills {
		b = appendString(b, sk.Key)
		b = appendString(b, sk.Name)
		b = appendStrings(b, sk.Items)
	}
	return b, nil
}

func appendStage(b []byte, s *Stage) []byte {
	b = appendString(b, s.Key)
	b = appendString(b, s.Name)
	b = appendStrings(b, s.Aliases)
	b = binary.AppendVarint(b, int64(s.ExpectedDays))
	b = binary.AppendUvarint(b, uint64(len(s.Items)))
	for _, it := range s.Items {
		b = appendString(b, it.Key)
		b = appendString(b, it.Question)
		b = appendString(b, it.Hint)
	}
	return b
}

func appendString(b []byte, s string) []byte {
	return append(binary.AppendUvarint(b, uint64(len(s))), s...)
}

// appendStrings keeps nil and empty apart, as the TOML decoder gives them.
func appendStrings(b []byte, ss []string) []byte {
	if ss == nil {
		return append(b, 0)
	}
	b = binary.AppendUvarint(b, uint64(len(ss))+1)
	for _, s := range ss {
		b = appendString(b, s)
	}
	return b
}

// UnmarshalBinary reads what MarshalBinary wrote. Anything else, a cut or
// altered cell included, is an error and leaves pb as it was.
func (pb *Playbook) UnmarshalBinary(data []byte) error {
	r := binReader{b: data}
	if r.byte() != playbookLayout {
		return errPlaybookBinary
	}
	var p Playbook
	p.Name = r.string()
	p.WeakBelow = math.Float64frombits(r.uint64())
	p.MinAnswers = r.int()
	if n := r.count(); n > 0 {
		p.Stages = make([]Stage, n)
		for i := range p.Stages {
			r.stage(&p.Stages[i])
		}
	}
	r.stage(&p.Every)
	if n := r.count(); n > 0 {
		p.Skills = make([]Skill, n)
		for i := range p.Skills {
			sk := &p.Skills[i]
			sk.Key, sk.Name, sk.Items = r.string(), r.string(), r.strings()
		}
	}
	if r.bad || len(r.b) > 0 {
		return errPlaybookBinary
	}
	p.Version, p.Source = pb.Version, pb.Source
	*pb = p
	return nil
}

// binReader reads the binary form; after the first problem it reads zeros
// and bad tells.
type binReader struct {
	b   []byte
	bad bool
}

func (r *binReader) fail() { r.bad, r.b = true, nil }

func (r *binReader) byte() byte {
	if len(r.b) < 1 {
		r.fail()
		return 0
	}
	c := r.b[0]
	r.b = r.b[1:]
	return c
}

func (r *binReader) uint64() uint64 {
	if len(r.b) < 8 {
		r.fail()
		return 0
	}
	v := binary.LittleEndian.Uint64(r.b)
	r.b = r.b[8:]
	return v
}

func (r *binReader) uvarint() uint64 {
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.fail()
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *binReader) int() int {
	v, n := binary.Varint(r.b)
	if n <= 0 || v != int64(int(v)) {
		r.fail()
		return 0
	}
	r.b = r.b[n:]
	return int(v)
}

// count is a length that the bytes left could hold (each element takes at
// least one byte), so a corrupt cell cannot ask for a huge allocation.
func (r *binReader) count() int {
	n := r.uvarint()
	if n > uint64(len(r.b)) {
		r.fail()
		return 0
	}
	return int(n)
}

func (r *binReader) string() string {
	n := r.count()
	s := string(r.b[:n])
	r.b = r.b[n:]
	return s
}

func (r *binReader) strings() []string {
	n := r.count()
	if n == 0 {
		return nil
	}
	ss := make([]string, n-1)
	for i := range ss {
		ss[i] = r.string()
	}
	return ss
}

func (r *binReader) stage(s *Stage) {
	s.Key, s.Name, s.Aliases = r.string(), r.string(), r.strings()
	s.ExpectedDays = r.int()
	if n := r.count(); n > 0 {
		s.Items = make([]Item, n)
		for i := range s.Items {
			it := &s.Items[i]
			it.Key, it.Question, it.Hint = r.string(), r.string(), r.string()
		}
	}
}
