package coaching

import (
	"bytes"
	"reflect"
	"testing"

	"dealcoach/internal/hostile"
)

func TestPlaybookBinaryRoundTrip(t *testing.T) {
	pb := DefaultPlaybook()
	pb.Version, pb.Source = 0, ""
	b, err := pb.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	var got Playbook
	if err := got.UnmarshalBinary(b); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(&got, pb) {
		t.Errorf("round trip changed the default playbook:\n got %+v\nwant %+v", got, *pb)
	}
}

// TestPlaybookBinaryCoversEveryField fills every field of the playbook's
// structs, nested ones included, with a value of its own, so a field added
// to them and not to the binary form fails here.
func TestPlaybookBinaryCoversEveryField(t *testing.T) {
	var pb Playbook
	n := 0
	fill(reflect.ValueOf(&pb).Elem(), &n)
	pb.Version, pb.Source = 0, "" // the store's, not the binary form's
	b, err := pb.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	got := Playbook{Version: 7, Source: "kept"}
	if err := got.UnmarshalBinary(b); err != nil {
		t.Fatal(err)
	}
	if got.Version != 7 || got.Source != "kept" {
		t.Errorf("Version, Source = %d, %q; want them left as they were", got.Version, got.Source)
	}
	got.Version, got.Source = 0, ""
	if !reflect.DeepEqual(got, pb) {
		t.Errorf("round trip lost a field:\n got %+v\nwant %+v", got, pb)
	}
	// Nil and empty lists stay apart.
	pb.Stages[0].Aliases = []string{}
	pb.Skills[0].Items = nil
	b, _ = pb.MarshalBinary()
	got = Playbook{}
	if err := got.UnmarshalBinary(b); err != nil {
		t.Fatal(err)
	}
	if got.Stages[0].Aliases == nil || got.Skills[0].Items != nil {
		t.Errorf("aliases %#v, skill items %#v; want empty and nil", got.Stages[0].Aliases, got.Skills[0].Items)
	}
}

// fill gives every settable field a distinct non-zero value: strings carry
// hostile text, lists two elements.
func fill(v reflect.Value, n *int) {
	*n++
	switch v.Kind() {
	case reflect.String:
		v.SetString(hostile.Names[*n%len(hostile.Names)] + string(rune('a'+*n%26)))
	case reflect.Int:
		v.SetInt(int64(-*n))
	case reflect.Float64:
		v.SetFloat(float64(*n) / 3)
	case reflect.Slice:
		v.Set(reflect.MakeSlice(v.Type(), 2, 2))
		for i := range 2 {
			fill(v.Index(i), n)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			fill(v.Field(i), n)
		}
	default:
		panic("fill: no value for a " + v.Kind().String() + "; add one, and the field to the binary form")
	}
}

func TestPlaybookBinaryRefusesOtherBytes(t *testing.T) {
	pb := DefaultPlaybook()
	b, _ := pb.MarshalBinary()
	for name, cell := range map[string][]byte{
		"empty":       nil,
		"JSON":        []byte(`{"Form":1,"Playbook":{"Name":"x"}}`),
		"cut short":   b[:len(b)/2],
		"one more":    append(bytes.Clone(b), 0),
		"next layout": append([]byte{playbookLayout + 1}, b[1:]...),
	} {
		got := Playbook{Name: "untouched"}
		if err := got.UnmarshalBinary(cell); err == nil || got.Name != "untouched" {
			t.Errorf("%s: err %v, name %q; want an error and the playbook untouched", name, err, got.Name)
		}
	}
}

// FuzzPlaybookBinary: any bytes either fail to decode or decode to a
// playbook that encodes and decodes to itself; none panics or asks for
// more memory than the bytes could describe.
func FuzzPlaybookBinary(f *testing.F) {
	b, _ := DefaultPlaybook().MarshalBinary()
	f.Add(b)
	f.Add([]byte{playbookLayout, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0})
	f.Fuzz(func(t *testing.T, data []byte) {
		var pb Playbook
		if pb.UnmarshalBinary(data) != nil {
			return
		}
		again, _ := pb.MarshalBinary()
		var pb2 Playbook
		if err := pb2.UnmarshalBinary(again); err != nil || !reflect.DeepEqual(pb, pb2) {
			t.Fatalf("re-encoding changed it: %v\n%+v\n%+v", err, pb, pb2)
		}
	})
}
