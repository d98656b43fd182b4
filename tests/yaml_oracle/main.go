// yaml_oracle writes YAML with go-yaml v3 (gopkg.in/yaml.v3), the encoder of
// the reference's data files, for ksince's differential tests. One JSON
// document per input line, strings base64-encoded (they may be invalid
// UTF-8); one output line per input line: the YAML, base64-encoded.
//
//	yaml_oracle features  line: [[GROUP, [[NAME, VERSION, COMMIT], ...] or null], ...]
//	                      written as the reference's version-finder writes its data
//	                      file: yaml.NewEncoder(w).Encode of a list of groups.
//	yaml_oracle tree N    line: a tree, written by an Encoder with SetIndent(N):
//	                      {"v": S} a string, {"s": [TREE, ...]} a block sequence,
//	                      {"m": [KEY, TREE, ...]} a mapping (go-yaml sorts its keys),
//	                      {"f": [S, ...]} the mapping {f: [S, ...]} with a flow sequence.
//
// Build offline with Debian's golang-go and golang-gopkg-yaml.v3-dev:
//
//	GOPATH=/usr/share/gocode GO111MODULE=off go build -o yaml_oracle .
package main

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"strconv"

	"gopkg.in/yaml.v3"
)

type feature struct {
	Name    string `yaml:"name"`
	Version string `yaml:"version"`
	Commit  string `yaml:"commit"`
}

type group struct {
	Name     string    `yaml:"name"`
	Features []feature `yaml:"features"`
}

type flowList struct {
	F []string `yaml:"f,flow"`
}

func str(raw json.RawMessage) string {
	var b64 string
	must(json.Unmarshal(raw, &b64))
	b, err := base64.StdEncoding.DecodeString(b64)
	must(err)
	return string(b)
}

func tree(raw json.RawMessage) interface{} {
	var n map[string]json.RawMessage
	must(json.Unmarshal(raw, &n))
	if v, ok := n["v"]; ok {
		return str(v)
	}
	list := func(key string) (l []json.RawMessage, ok bool) {
		if v, ok := n[key]; ok {
			must(json.Unmarshal(v, &l))
			return l, true
		}
		return nil, false
	}
	if v, ok := list("s"); ok {
		out := []interface{}{}
		for _, t := range v {
			out = append(out, tree(t))
		}
		return out
	}
	if v, ok := list("m"); ok {
		out := map[string]interface{}{}
		for i := 0; i+1 < len(v); i += 2 {
			out[str(v[i])] = tree(v[i+1])
		}
		return out
	}
	if v, ok := list("f"); ok {
		var fl flowList
		for _, s := range v {
			fl.F = append(fl.F, str(s))
		}
		return fl
	}
	panic("bad tree: " + string(raw))
}

func features(line []byte) interface{} {
	var in [][]json.RawMessage
	must(json.Unmarshal(line, &in))
	var out []group
	for _, g := range in {
		gr := group{Name: str(g[0])}
		var fs [][]json.RawMessage
		must(json.Unmarshal(g[1], &fs))
		for _, f := range fs {
			gr.Features = append(gr.Features, feature{str(f[0]), str(f[1]), str(f[2])})
		}
		out = append(out, gr)
	}
	return out
}

func must(err error) {
	if err != nil {
		panic(err)
	}
}

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: yaml_oracle features | yaml_oracle tree INDENT")
		os.Exit(2)
	}
	indent := 0
	if os.Args[1] == "tree" {
		var err error
		indent, err = strconv.Atoi(os.Args[2])
		must(err)
	}
	in := bufio.NewReader(os.Stdin)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	for {
		line, err := in.ReadBytes('\n')
		if len(bytes.TrimSpace(line)) == 0 {
			if err != nil {
				return
			}
			continue
		}
		var buf bytes.Buffer
		enc := yaml.NewEncoder(&buf)
		if os.Args[1] == "features" {
			must(enc.Encode(features(line)))
		} else {
			enc.SetIndent(indent)
			must(enc.Encode(tree(line)))
		}
		must(enc.Close())
		fmt.Fprintln(out, base64.StdEncoding.EncodeToString(buf.Bytes()))
	}
}
