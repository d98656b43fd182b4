#pragma once
#include <string>

namespace ksince {

// Rewrites a POSIX extended regex, as `git grep -E` reads it (glibc regcomp,
// C locale), into a Hyperscan expression that is a PREFILTER: on every line
// where glibc finds a match, the result matches too (it may match more, and
// matches may cross a newline). The exact matcher (posix_regex.h) confirms.
// Literal bytes become \xHH, so no PCRE meaning sneaks in; `{,n}` becomes
// `{0,n}`; \< and \> become \b. Throws Error (the reason only) for what it
// cannot rewrite that way: back-references, \` and \' (their meaning depends
// on git's look-ahead), [=x=] and [.x.], a quantifier on a quantifier or an
// anchor. The caller then matches that pattern with the exact matcher alone.
std::string ere_to_hyperscan(const std::string& ere);

}  // namespace ksince
