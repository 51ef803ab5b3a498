package stats_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/lantern-help/lantern/internal/stats"
)

// sample is a report with a shown cell, a merged cell and two suppressed ones.
func sample(t *testing.T) stats.Report {
	t.Helper()
	rows := []stats.Row{
		{School: "Hillside", Region: "GB", Event: "started", N: 14},
		{School: "Hillside", Region: "US", Event: "started", N: 3},
		{School: "Oakwood", Region: "GB", Event: "started", N: 4},
		{School: "Oakwood", Region: "FR", Event: "started", N: 7},
		{School: "Hillside", Region: "GB", Event: "path:sextortion", N: 2},
	}
	rep, err := stats.Build(rows, stats.Options{By: []string{"school", "region"}})
	if err != nil {
		t.Fatalf("Build: %v", err)
	}
	return rep
}

func TestWrite(t *testing.T) {
	tests := []struct {
		format string
		want   string
	}{
		{"table", `school    region  event            count
Hillside  GB      started          14
Oakwood   *       started          11
*         *       path:sextortion  <10
*         *       started          <10
`},
		{"csv", `school,region,event,count
Hillside,GB,started,14
Oakwood,*,started,11
*,*,path:sextortion,<10
*,*,started,<10
`},
		{"json", `{
  "by": [
    "school",
    "region"
  ],
  "cells": [
    {
      "school": "Hillside",
      "region": "GB",
      "event": "started",
      "count": "14"
    },
    {
      "school": "Oakwood",
      "region": "*",
      "event": "started",
      "count": "11"
    },
    {
      "school": "*",
      "region": "*",
      "event": "path:sextortion",
      "count": "<10"
    },
    {
      "school": "*",
      "region": "*",
      "event": "started",
      "count": "<10"
    }
  ],
  "threshold": 10
}
`},
	}
	rep := sample(t)
	for _, tt := range tests {
		t.Run(tt.format, func(t *testing.T) {
			var b bytes.Buffer
			if err := rep.Write(&b, tt.format); err != nil {
				t.Fatalf("Write: %v", err)
			}
			if got := b.String(); got != tt.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}

func TestWriteEdges(t *testing.T) {
	t.Run("UnknownFormat", func(t *testing.T) {
		err := sample(t).Write(&bytes.Buffer{}, "xml")
		if !errors.Is(err, stats.ErrUnknownFormat) {
			t.Errorf("Write(xml) = %v, want ErrUnknownFormat", err)
		}
	})
	t.Run("MarshalJSONHasNoRawCounts", func(t *testing.T) {
		b, err := json.Marshal(sample(t))
		if err != nil {
			t.Fatalf("Marshal: %v", err)
		}
		want := `{"by":["school","region"],"cells":[` +
			`{"school":"Hillside","region":"GB","event":"started","count":"14"},` +
			`{"school":"Oakwood","region":"*","event":"started","count":"11"},` +
			`{"school":"*","region":"*","event":"path:sextortion","count":"\u003c10"},` +
			`{"school":"*","region":"*","event":"started","count":"\u003c10"}],"threshold":10}`
		if string(b) != want {
			t.Errorf("got  %s\nwant %s", b, want)
		}
	})
	t.Run("EventOnlyJSON", func(t *testing.T) {
		var b bytes.Buffer
		if err := (stats.Report{}).Write(&b, "json"); err != nil {
			t.Fatalf("Write: %v", err)
		}
		want := "{\n  \"by\": [],\n  \"cells\": [],\n  \"threshold\": 10\n}\n"
		if b.String() != want {
			t.Errorf("got %q, want %q", b.String(), want)
		}
	})
	hostile := stats.Report{By: []string{"school"}, Cells: []stats.Cell{
		{Dims: map[string]string{"school": ""}, Event: "started", N: 3, Shown: "3"},
		{Dims: map[string]string{"school": "=HYPERLINK(\"x\")"}, Event: "a\tb\x1b[2J", N: 12, Shown: "12"},
	}}
	tests := []struct{ format, want string }{
		{"table", "school           event    count\n-                started  <10\n=HYPERLINK(\"x\")  a\uFFFDb\uFFFD[2J  12\n"},
		{"csv", "school,event,count\n,started,<10\n\"'=HYPERLINK(\"\"x\"\")\",a\tb\x1b[2J,12\n"},
	}
	for _, tt := range tests {
		t.Run("Hostile_"+tt.format, func(t *testing.T) {
			var b bytes.Buffer
			if err := hostile.Write(&b, tt.format); err != nil {
				t.Fatalf("Write: %v", err)
			}
			if b.String() != tt.want {
				t.Errorf("got %q\nwant %q", b.String(), tt.want)
			}
			if strings.Contains(b.String(), "\x1b") && tt.format == "table" {
				t.Error("table passes an escape character through")
			}
		})
	}
}
