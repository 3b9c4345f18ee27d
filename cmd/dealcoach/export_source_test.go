package main

import (
	"context"
	"encoding/json"
	"strconv"
	"testing"

	"dealcoach/coaching"
	"dealcoach/store"
)

// An answer the CRM suggested and the manager confirmed says so in the
// JSON ("source": "crm"); the manager's own answers carry no source.
func TestExportAnswerSource(t *testing.T) {
	db, id, _ := coachedDB(t)
	ctx := context.Background()
	st, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	rv, err := st.Reviews(ctx, id)
	if err != nil || len(rv) != 1 {
		t.Fatalf("reviews %+v, %v", rv, err)
	}
	if err := st.SaveAnswer(ctx, coaching.Answer{ReviewID: rv[0].ID, Stage: coaching.EveryKey, Item: "close-date-held",
		Value: coaching.No, Evidence: "pushed Oct 3 → Nov 30", Source: coaching.SourceCRM}); err != nil {
		t.Fatal(err)
	}
	st.Close()

	var out struct {
		Reviews []struct {
			Answers []map[string]any `json:"answers"`
		} `json:"reviews"`
	}
	if err := json.Unmarshal([]byte(exportOK(t, db, "--session", strconv.FormatInt(id, 10), "--format", "json")), &out); err != nil {
		t.Fatal(err)
	}
	if len(out.Reviews) != 1 || len(out.Reviews[0].Answers) != 3 {
		t.Fatalf("export = %+v", out)
	}
	for _, a := range out.Reviews[0].Answers {
		src, has := a["source"]
		if crm := a["item"] == "close-date-held"; crm != has || crm && (src != "crm" || a["evidence"] != "pushed Oct 3 → Nov 30") {
			t.Errorf("answer %v: source %v (%v)", a["item"], src, has)
		}
	}
}
