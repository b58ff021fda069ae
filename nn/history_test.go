package nn

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// TestSnapshots records the weights every 3 epochs of 10, on the tape and
// on the plan, writes and reads them back as JSON, and compares each
// snapshot with a network trained that many epochs, bit for bit (epoch 0
// is the initial network).
func TestSnapshots(t *testing.T) {
	d, _ := Builtin("xor-quadrants", &ToyOptions{N: 30, Seed: 1})
	for _, hidden := range []int{2, 9} { // 9 and 37 parameters
		t.Run(fmt.Sprint(hidden), func(t *testing.T) {
			cfg := Config{Inputs: 2, Layers: Dense(Tanh, hidden, 1), Alpha: 0.1, Seed: 6}
			m, _ := New(cfg)
			h := &History{Format: HistoryFormat, Version: HistoryVersion, Every: 3, Snapshots: []Snapshot{NewSnapshot(0, m.Plan())}}
			opts := TrainOptions{Epochs: 10, Shuffle: true, Seed: 2, Every: 3, Snapshot: func(e int, p *Plan) error {
				h.Snapshots = append(h.Snapshots, NewSnapshot(e, p))
				return nil
			}}
			if _, err := m.Train(d, &opts); err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			if err := WriteHistory(&buf, h); err != nil {
				t.Fatal(err)
			}
			var back History
			if err := json.Unmarshal(buf.Bytes(), &back); err != nil {
				t.Fatal(err)
			}
			var epochs []int
			for _, s := range back.Snapshots {
				epochs = append(epochs, s.Epoch)
			}
			if fmt.Sprint(epochs) != "[0 3 6 9 10]" {
				t.Fatalf("epochs %v", epochs)
			}
			for _, s := range back.Snapshots {
				ref, _ := New(cfg)
				if s.Epoch > 0 {
					o := opts
					o.Epochs, o.Snapshot = s.Epoch, nil
					if _, err := ref.Train(d, &o); err != nil {
						t.Fatal(err)
					}
				}
				if want := NewSnapshot(s.Epoch, ref.Plan()); fmt.Sprint(want) != fmt.Sprint(s) {
					t.Errorf("epoch %d: %v, trained %v", s.Epoch, s, want)
				}
			}
		})
	}
}

// TestReadHistory writes a history, reads it back with its network,
// restores a snapshot (the network's weights are then the snapshot's, bit
// for bit) and checks the errors of broken files.
func TestReadHistory(t *testing.T) {
	cfg := Config{Inputs: 2, Layers: Dense(Tanh, 3, 1), Alpha: 0.1, Seed: 6}
	m, _ := New(cfg)
	var model bytes.Buffer
	m.WriteModel(&model, nil)
	h := &History{Format: HistoryFormat, Version: HistoryVersion, Every: 2, Model: model.Bytes(), Data: &HistoryData{Dataset: "xor"},
		Snapshots: []Snapshot{NewSnapshot(0, m.Plan())}}
	opts := TrainOptions{Epochs: 5, Every: 2, Snapshot: func(e int, p *Plan) error {
		h.Snapshots = append(h.Snapshots, NewSnapshot(e, p))
		return nil
	}}
	if _, err := m.Train(XOR(), &opts); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	WriteHistory(&buf, h)
	good := buf.String()
	back, err := ReadHistory(strings.NewReader(good), "h.json")
	if err != nil {
		t.Fatal(err)
	}
	net, err := back.Network("h.json", nil)
	if err != nil {
		t.Fatal(err)
	}
	s, err := back.At(4)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Restore(net); err != nil {
		t.Fatal(err)
	}
	if got := NewSnapshot(4, net.Plan()); fmt.Sprint(got) != fmt.Sprint(*s) {
		t.Errorf("restored %v, snapshot %v", got, *s)
	}
	if w := net.Layers()[1].W[0][2].Value(); w != s.Layers[1].Weights[0][2] {
		t.Errorf("w2_1_3's node %v, snapshot %v", w, s.Layers[1].Weights[0][2])
	}
	if _, err := back.At(3); err == nil || err.Error() != "epoch 3 was not recorded (every 2 epochs from 0 to 5; nearest: 2 and 4)" {
		t.Errorf("At(3): %v", err)
	}
	for _, c := range []struct{ name, text, want string }{
		{"empty", "", "h.json: not a cgraph history: the file is empty or cut short"},
		{"cut", good[:len(good)/2], "cut short"},
		{"garbage", "{]", "invalid JSON at byte 2"},
		{"model", strings.Replace(good, `"format":"cgraph-history"`, `"format":"cgraph-mlp"`, 1), `not a cgraph history (format "cgraph-mlp"`},
		{"future", strings.Replace(good, `"version":2,"every"`, `"version":7,"every"`, 1), "history format version 7; this cgraph reads versions 1 to 2"},
		{"order", strings.Replace(good, `"epoch":4`, `"epoch":1`, 1), "snapshot 3: epoch 1 after epoch 2"},
		{"shape", strings.Replace(good, `{"epoch":2,"layers":[{"weights":[[`, `{"epoch":2,"layers":[{"weights":[[1,`, 1), "snapshot 2 (epoch 2), layer 1: unit 1 has 3 weights, where the first snapshot's have 2"},
		{"unknown", strings.Replace(good, `"every":2`, `"every":2,"colour":1`, 1), `unknown field "colour"`},
		{"none", `{"format":"cgraph-history","version":1,"every":1,"snapshots":[]}`, "no snapshots"},
	} {
		_, err := ReadHistory(strings.NewReader(c.text), "h.json")
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want %q", c.name, err, c.want)
		}
	}
	v1 := &History{Format: HistoryFormat, Version: 1, Every: 1, Snapshots: h.Snapshots}
	if _, err := v1.Network("old.json", nil); err == nil || !strings.Contains(err.Error(), "old.json: a history of version 1 does not record the network") {
		t.Errorf("version 1: %v", err)
	}
	other, _ := New(Config{Inputs: 2, Layers: Dense(Tanh, 4, 1)})
	if err := s.Restore(other); err == nil || !strings.Contains(err.Error(), "layer 1 is not 4×2") {
		t.Errorf("restore into another shape: %v", err)
	}
}
