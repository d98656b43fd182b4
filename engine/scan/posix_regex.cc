#include "scan/posix_regex.h"

#include <locale.h>

#include <algorithm>
#include <cstring>
#include <vector>

#include "util/error.h"
#include "scan/word_bytes.h"

namespace ksince {

namespace {

// glibc's regex reads the thread's locale (character classes, ranges,
// multibyte); git grep's answers are defined under LC_ALL=C, so every call
// runs in the C locale, restored afterwards.
class CLocaleScope {
 public:
  CLocaleScope() {
    static const locale_t c = newlocale(LC_ALL_MASK, "C", static_cast<locale_t>(0));
    if (!c) throw Error("cannot create the C locale for regex matching");
    old_ = uselocale(c);
  }
  ~CLocaleScope() { uselocale(old_); }
  CLocaleScope(const CLocaleScope&) = delete;
  CLocaleScope& operator=(const CLocaleScope&) = delete;

 private:
  locale_t old_;
};

// glibc's regcomp copies a repeated piece once per repeat it must spell out
// (X+ is X X*, X{3,5} is X X X X? X?), repeats of repeats included, so
// stacked or nested quantifiers grow it exponentially: "e" and 40 "+" wanted
// 2^40 nodes, and git grep would exhaust memory the same way. Copies that can
// match empty cost more: regcomp's epsilon closure is quadratic in them
// ("o*" and 12 "+", 4,096 such copies, took 4.5 s; 13 "+" took 20 s). This
// estimates both from the regex's shape, to refuse such a regex with a message.
struct GlibcCopies {
  double nodes = 0;       // every node spelled out
  double can_be_empty = 0;  // nodes inside copies that may match nothing
};

GlibcCopies copies_glibc_makes(const std::string& ere) {
  struct Seq {
    GlibcCopies all;       // the sequence so far (all branches)
    GlibcCopies last;      // its last piece, which a quantifier repeats
  };
  std::vector<Seq> st(1);
  auto piece = [&](GlibcCopies w) {
    st.back().all.nodes += w.nodes;
    st.back().all.can_be_empty += w.can_be_empty;
    st.back().last = w;
  };
  // The last piece spelled out `times` times, `optional` of them may match empty.
  auto repeat = [&](double times, double optional) {
    Seq& q = st.back();
    GlibcCopies was = q.last;
    GlibcCopies now{was.nodes * times, was.can_be_empty * times + (was.nodes - was.can_be_empty) * optional};
    q.all.nodes += now.nodes - was.nodes;
    q.all.can_be_empty += now.can_be_empty - was.can_be_empty;
    q.last = now;
  };
  for (size_t i = 0; i < ere.size(); i++) {
    char c = ere[i];
    if (c == '\\') {
      i++;
      piece({1, 0});
    } else if (c == '[') {
      size_t j = i + 1;
      if (j < ere.size() && ere[j] == '^') j++;
      if (j < ere.size() && ere[j] == ']') j++;
      while (j < ere.size() && ere[j] != ']') j += (ere[j] == '[' && j + 1 < ere.size() && ere[j + 1] == ':') ? 2 : 1;
      i = j;
      piece({1, 0});
    } else if (c == '(') {
      st.emplace_back();
    } else if (c == ')' && st.size() > 1) {
      GlibcCopies w = st.back().all;
      w.nodes = std::max(1.0, w.nodes);
      st.pop_back();
      piece(w);
    } else if (c == '|') {
      st.back().last = {};
    } else if (c == '+') {
      repeat(2, 0);
    } else if (c == '*' || c == '?') {
      repeat(1, 1);  // spelled once, and may match empty
    } else if (c == '{') {
      size_t close = ere.find('}', i);
      if (close == std::string::npos) {
        piece({1, 0});
        continue;
      }
      double least = -1, most = 1;
      for (size_t k = i + 1, n = 0; k <= close; k++) {
        if (k < close && ere[k] >= '0' && ere[k] <= '9') {
          n = std::min<size_t>(n * 10 + (ere[k] - '0'), 100000);
        } else {
          if (least < 0) least = static_cast<double>(n);
          most = std::max(most, static_cast<double>(n) + (k == close && ere[k - 1] == ',' ? 1 : 0));
          n = 0;
        }
      }
      repeat(most, most - std::min(std::max(least, 0.0), most));
      i = close;
    } else {
      piece({1, 0});
    }
    if (st.back().all.nodes > 1e12) break;
  }
  GlibcCopies total;
  for (const Seq& q : st) {
    total.nodes += q.all.nodes;
    total.can_be_empty += q.all.can_be_empty;
  }
  return total;
}

}  // namespace

PosixRegex::PosixRegex(const std::string& ere) {
  if (ere.find('\0') != std::string::npos) throw Error("the regex contains a NUL byte");
  // More than these would take glibc's regcomp (and git grep) gigabytes, or
  // seconds of epsilon closure.
  constexpr double kMostCopies = 200000, kMostEmptyCopies = 1500;
  GlibcCopies n = copies_glibc_makes(ere);
  if (n.nodes > kMostCopies || n.can_be_empty > kMostEmptyCopies)
    throw Error(cat("too large once its repeats are spelled out (about ", static_cast<uint64_t>(std::min(n.nodes, 1e15)),
                    " pieces, ", static_cast<uint64_t>(std::min(n.can_be_empty, 1e15)),
                    " of them optional, for glibc's regcomp, which git grep uses too); stacked or nested "
                    "quantifiers such as a+++ or (a{100}){100} grow exponentially: write one quantifier"));
  CLocaleScope c;
  int rc = regcomp(&re_, ere.c_str(), REG_EXTENDED | REG_NEWLINE);
  if (rc != 0) {
    char buf[256];
    regerror(rc, &re_, buf, sizeof buf);
    // regcomp frees what it allocated when it fails.
    throw Error(buf);
  }
}

PosixRegex::~PosixRegex() { regfree(&re_); }

bool PosixRegex::exec(const char* b, const char* e, int eflags, regmatch_t& m) const {
  CLocaleScope c;
  m.rm_so = 0;
  m.rm_eo = static_cast<regoff_t>(e - b);
  int rc = regexec(&re_, b, 1, &m, eflags | REG_STARTEND);
  if (rc == 0) return true;
  if (rc == REG_NOMATCH) return false;
  throw Error(cat("regexec failed (", rc, ")"));
}

bool PosixRegex::word_match_in_line(const char* bol, const char* eol) const {
  int eflags = 0;
  for (;;) {
    regmatch_t m;
    if (!exec(bol, eol, eflags, m)) return false;
    const char* so = bol + m.rm_so;
    const char* eo = bol + m.rm_eo;
    bool word = (so == bol || !is_word_byte(static_cast<unsigned char>(so[-1]))) &&
                (eo == eol || !is_word_byte(static_cast<unsigned char>(*eo)));
    if (word && so != eo) return true;
    if (so + 1 >= eol) return false;
    bol = so + 1;
    while (bol < eol && is_word_byte(static_cast<unsigned char>(bol[-1]))) bol++;
    eflags |= REG_NOTBOL;
    if (bol >= eol) return false;
  }
}

bool grep_word_in_buffer(const std::vector<const PosixRegex*>& res, const char* data, size_t len) {
  const char* end = data + len;
  const char* bol = data;
  while (bol < end) {
    const char* earliest = nullptr;
    for (const PosixRegex* re : res) {
      regmatch_t m;
      if (re->exec(bol, end, 0, m) && (!earliest || bol + m.rm_so < earliest)) earliest = bol + m.rm_so;
    }
    if (!earliest) return false;
    while (earliest > bol && earliest[-1] != '\n') earliest--;
    bol = earliest;
    const char* nl = static_cast<const char*>(memchr(bol, '\n', end - bol));
    const char* eol = nl ? nl : end;
    for (const PosixRegex* re : res)
      if (re->word_match_in_line(bol, eol)) return true;
    if (!nl) return false;
    bol = nl + 1;
  }
  return false;
}

}  // namespace ksince
