#include "posix_regex.h"

#include <locale.h>

#include <cstring>

#include "error.h"
#include "matcher.h"

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

}  // namespace

PosixRegex::PosixRegex(const std::string& ere) {
  if (ere.find('\0') != std::string::npos) throw Error("the regex contains a NUL byte");
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
