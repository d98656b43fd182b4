#pragma once
#include <string>

namespace ksince {

// Man pages made from `--help`'s own text, so the two never drift: the
// build runs `ksince __man CMD`, which renders CMD's help with this.
//
// The help text's shape (cli.cc): a "usage:" block up to the first blank line;
// then paragraphs; sections headed by a line "NAME:" at column 0; in them,
// items "  TERM  description" (TERM and description parted by two or more
// spaces, a description continued on deeper-indented lines), or for
// "examples:" commands shown verbatim.
struct ManPage {
  std::string name;     // ksince-docs-build
  int section = 1;
  std::string summary;  // for NAME: ksince-docs-build \- SUMMARY
  std::string release;  // ksince 0.1.0
  std::string help;     // the --help text
  std::string see_also; // roff, e.g. "\\fBksince\\fR(1)"
};
std::string render_man_page(const ManPage& page);

// The description of item `term` in a help text's sections ("  index    scan
// ..." gives "scan ..."), continuation lines joined; empty if none.
std::string help_item(const std::string& help, const std::string& term);

}  // namespace ksince
