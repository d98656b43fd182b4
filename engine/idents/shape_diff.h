#pragma once
// What changed between two shapes of one name (facts/def_shapes.h), as the
// kinds of change of docs/identifiers.md: a parameter added, a member's type
// changed, a constant's value changed, the kind itself changed.
#include <string>
#include <vector>

#include "facts/def_shapes.h"

namespace ksince {

struct ShapeChange {
  std::string what;    // "parameter added", "member type changed", "kind changed", ...
  std::string detail;  // the element: "parameter 2", "member devnode", "constant FOO"
  std::string before, after;  // the element's old and new text ("" where it has none)
};

// The changes from (kind a, text a) to (kind b, text b); empty when the two
// are the same shape. Elements reordered and nothing else changed is one
// change, "members reordered" (or parameters, constants).
std::vector<ShapeChange> diff_shapes(ShapeKind ka, const std::string& a, ShapeKind kb, const std::string& b);

// One line of a shape for people: `int f(struct device *, long)`,
// `F(2 parameters, ...)`, `struct s { 3 members }`, with the elements the
// changes name marked [[like this]].
std::string render_shape(const std::string& name, ShapeKind kind, const std::string& text,
                         const std::vector<std::string>& marked = {});

// Two kinds are one kind of definition (a prototype is a function's).
bool same_kind(ShapeKind a, ShapeKind b);

}  // namespace ksince
