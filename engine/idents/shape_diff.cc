#include "idents/shape_diff.h"

#include <algorithm>
#include <map>
#include <set>
#include <utility>

#include "util/lines.h"

namespace ksince {

namespace {

std::string nth(size_t i) { return "parameter " + std::to_string(i + 1); }

// Parameters compared by position when their count stays, else by their
// longest common subsequence: what is left over was added or removed.
void diff_params(const std::vector<std::string>& a, const std::vector<std::string>& b, std::vector<ShapeChange>& out) {
  if (a.size() == b.size()) {
    for (size_t i = 0; i < a.size(); i++)
      if (a[i] != b[i]) out.push_back({"parameter type changed", nth(i), a[i], b[i]});
    return;
  }
  std::vector<std::vector<size_t>> lcs(a.size() + 1, std::vector<size_t>(b.size() + 1, 0));
  for (size_t i = a.size(); i-- > 0;)
    for (size_t j = b.size(); j-- > 0;)
      lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : std::max(lcs[i + 1][j], lcs[i][j + 1]);
  size_t i = 0, j = 0;
  while (i < a.size() || j < b.size()) {
    if (i < a.size() && j < b.size() && a[i] == b[j]) {
      i++, j++;
    } else if (j < b.size() && (i == a.size() || lcs[i][j + 1] >= lcs[i + 1][j])) {
      out.push_back({"parameter added", nth(j), "", b[j]});
      j++;
    } else {
      out.push_back({"parameter removed", nth(i), a[i], ""});
      i++;
    }
  }
}

std::vector<ShapeChange> diff_function(const std::string& a, const std::string& b) {
  std::vector<std::string> la = lines_of(a), lb = lines_of(b);
  if (la.empty()) la.emplace_back();
  if (lb.empty()) lb.emplace_back();
  std::vector<ShapeChange> out;
  if (la[0] != lb[0]) out.push_back({"return type changed", "return type", la[0], lb[0]});
  diff_params({la.begin() + 1, la.end()}, {lb.begin() + 1, lb.end()}, out);
  return out;
}

std::vector<ShapeChange> diff_macro(const std::string& a, const std::string& b) {
  std::vector<std::string> la = lines_of(a), lb = lines_of(b);
  auto count = [](const std::vector<std::string>& l) { return l.empty() ? 0 : std::stoi(l[0]); };
  auto variadic = [](const std::vector<std::string>& l) { return l.size() > 1; };
  std::vector<ShapeChange> out;
  int na = count(la), nb = count(lb);
  if (na != nb)
    out.push_back({nb > na ? "parameter added" : "parameter removed", "parameters", std::to_string(na),
                   std::to_string(nb)});
  if (variadic(la) != variadic(lb))
    out.push_back({variadic(lb) ? "parameter added" : "parameter removed", "...", variadic(la) ? "..." : "",
                   variadic(lb) ? "..." : ""});
  return out;
}

// Named elements, one per line: `name '\t' rest`, in order.
std::vector<std::pair<std::string, std::string>> elements(const std::string& text) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const std::string& l : lines_of(text)) {
    size_t tab = l.find('\t');
    out.push_back(tab == std::string::npos ? std::pair{l, std::string()} : std::pair{l.substr(0, tab), l.substr(tab + 1)});
  }
  return out;
}

std::vector<ShapeChange> diff_named(const std::string& a, const std::string& b, const std::string& element,
                                    const std::string& changed, const std::string& plural) {
  auto ea = elements(a), eb = elements(b);
  std::map<std::string, std::string> ma(ea.begin(), ea.end()), mb(eb.begin(), eb.end());
  std::vector<ShapeChange> out;
  for (const auto& [n, v] : ea)
    if (!mb.count(n)) out.push_back({element + " removed", element + " " + n, v, ""});
  for (const auto& [n, v] : eb) {
    auto it = ma.find(n);
    if (it == ma.end())
      out.push_back({element + " added", element + " " + n, "", v});
    else if (it->second != v)
      out.push_back({changed, element + " " + n, it->second, v});
  }
  if (out.empty() && a != b) out.push_back({plural + " reordered", plural, "", ""});
  return out;
}

int category(ShapeKind k) { return k == ShapeKind::Prototype ? static_cast<int>(ShapeKind::Function) : static_cast<int>(k); }

std::string joined(const std::vector<std::string>& parts, size_t from, const std::set<std::string>& marks,
                   bool params) {
  std::string out;
  for (size_t i = from; i < parts.size(); i++) {
    std::string p = parts[i];
    if (params && marks.count(nth(i - from))) p = "[[" + p + "]]";
    out += (i > from ? ", " : "") + p;
  }
  return out;
}

}  // namespace

bool same_kind(ShapeKind a, ShapeKind b) { return category(a) == category(b); }

std::vector<ShapeChange> diff_shapes(ShapeKind ka, const std::string& a, ShapeKind kb, const std::string& b) {
  if (!same_kind(ka, kb))
    return {{"kind changed", "kind", std::string(shape_kind_name(ka)), std::string(shape_kind_name(kb))}};
  if (a == b) return {};
  switch (ka) {
    case ShapeKind::Function:
    case ShapeKind::Prototype:
      return diff_function(a, b);
    case ShapeKind::FnMacro:
      return diff_macro(a, b);
    case ShapeKind::Struct:
    case ShapeKind::Union:
      return diff_named(a, b, "member", "member type changed", "members");
    case ShapeKind::Enum:
      return diff_named(a, b, "constant", "value changed", "constants");
    case ShapeKind::Typedef:
      return {{"target changed", "target", a, b}};
    case ShapeKind::Export:
      return {{"export changed", "export", a, b}};
    default:  // a variable, a Kconfig option
      return {{"type changed", "type", a, b}};
  }
}

std::string render_shape(const std::string& name, ShapeKind kind, const std::string& text,
                         const std::vector<std::string>& marked) {
  std::set<std::string> marks(marked.begin(), marked.end());
  auto mark = [&](const std::string& what, const std::string& s) { return marks.count(what) ? "[[" + s + "]]" : s; };
  switch (kind) {
    case ShapeKind::Function:
    case ShapeKind::Prototype: {
      std::vector<std::string> l = lines_of(text);
      if (l.empty()) l.emplace_back();
      const std::string ret = mark("return type", l[0]);
      return ret + (!ret.empty() && ret.back() == '*' ? "" : " ") + name + "(" + joined(l, 1, marks, true) + ")";
    }
    case ShapeKind::FnMacro: {
      std::vector<std::string> l = lines_of(text);
      std::string n = mark("parameters", (l.empty() ? "0" : l[0]) + " parameters");
      return name + "(" + n + (l.size() > 1 ? ", " + mark("...", "...") : "") + ")";
    }
    case ShapeKind::ObjMacro:
      return name + " (object-like macro)";
    case ShapeKind::Struct:
    case ShapeKind::Union:
    case ShapeKind::Enum: {
      const std::string element = kind == ShapeKind::Enum ? "constant " : "member ";
      auto all = elements(text);
      std::string shown;
      for (const auto& [n, v] : all)
        if (marks.count(element + n)) shown += " [[" + n + (v.empty() ? "" : ": " + v) + "]];";
      std::string head = std::string(kind == ShapeKind::Enum ? "enum " : kind == ShapeKind::Struct ? "struct " : "union ") + name;
      return head + " {" + shown + " " + std::to_string(all.size()) + (kind == ShapeKind::Enum ? " constants }" : " members }");
    }
    case ShapeKind::Export:
      return mark("export", text) + "(" + name + ")";
    case ShapeKind::Kconfig:
      return name + ": " + mark("type", text.empty() ? "(no type here)" : text);
    default:  // typedef, variable
      return name + ": " + mark(kind == ShapeKind::Typedef ? "target" : "type", text);
  }
}

}  // namespace ksince
