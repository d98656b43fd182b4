#pragma once
#include <string>

namespace ksince {

// A string as go-yaml v3 (the reference's encoder) writes it: plain where
// YAML reads it back as the same string, double-quoted where plain would
// read as another type (empty, null, bool, number including Go's 0x/0X, 0b/0B
// and 0o/0O prefixes with a sign, a timestamp Go's time.Parse takes) or holds
// a control byte (libyaml's escapes \0 \a \b \t \n \v \f \r \e, else \xXX),
// single-quoted where plain is not allowed (indicators, a leading --- or ...,
// ": ", " #", edge spaces). Not as go-yaml: a string with a newline stays
// double-quoted (go-yaml writes a |- block), and bytes that are not UTF-8 are
// written as they are (go-yaml writes !!binary base64).
std::string yaml_scalar(const std::string& s);

}  // namespace ksince
