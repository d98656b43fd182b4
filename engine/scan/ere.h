#pragma once
#include <string>

namespace ksince {

// Rewrites a POSIX extended regex, as `git grep -E` reads it (glibc regcomp),
// into Hyperscan's PCRE-like syntax with the same meaning on one line of text.
// git matches line by line, while we scan whole blobs, so nothing may cross a
// newline: negated brackets and \W get \n excluded, \s becomes [ \t\v\f\r].
// Inside brackets a backslash is literal in POSIX, so it is escaped for PCRE.
// Throws Error (with the reason only; the caller names the pattern) for what
// Hyperscan cannot express: back-references, [=x=] and [.x.].
std::string ere_to_hyperscan(const std::string& ere);

}  // namespace ksince
