#pragma once
#include <cstddef>
#include <string>

namespace ksince {

// Where a scalar is written in a block of go-yaml's layout: after "key: "
// with the key at `column`, or after "- " with the dash at `column`, in a
// file written with go-yaml indent `indent` (the reference's data file: 4;
// kfuncs.yaml and helpers-functions.yaml: 2). Only a multi-line string's
// block depends on it.
struct YamlAt {
  size_t column = 0;
  bool item = false;
  int indent = 2;
};

// A string as go-yaml v3 (the reference's encoder) writes it, byte for byte:
// plain where YAML reads it back as the same string; double-quoted where plain
// would read as another type (empty, null, bool, number including Go's
// 0x/0X, 0b/0B and 0o/0O prefixes with a sign, a timestamp Go's time.Parse
// takes) or holds a character libyaml does not print (control bytes, U+0085,
// U+FEFF, 4-byte characters: libyaml's escapes \0 \a \b \t \n \v \f \r \e \N,
// else \xXX, \uXXXX, \UXXXXXXXX); single-quoted where plain is not allowed
// (indicators, a leading --- or ..., ": ", " #", edge spaces); a string with
// a line break as a literal block (|-, | or |+ by its final breaks, with an
// indentation indicator when it starts with a space or a break); bytes that
// are not UTF-8 as "!!binary " and their base64 (lines of 70, then a block).
// Two exceptions, where go-yaml's output does not read back as the same
// string: a block starting with a space or a break whose indicator go-yaml
// gets wrong (its lines are not `indent` columns right of the key or dash),
// and U+2028/U+2029 in a block or single-quoted string. Those are
// double-quoted. Without a final line break: the caller writes it.
std::string yaml_scalar(const std::string& s, const YamlAt& at);

// The same inside a flow sequence ("[a, b]"): ',', '[', ']', '{', '}', '?'
// and ':' quote, a line break is "\n" in a double-quoted string.
std::string yaml_flow_scalar(const std::string& s);

// A mapping key. go-yaml writes a key with a line break or over 128 bytes as
// a complex key ("? "); ksince refuses those with an Error naming the key.
std::string yaml_key(const std::string& s);

}  // namespace ksince
