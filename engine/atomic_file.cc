#include "atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include "error.h"

namespace ksince {

void write_file_atomic(const std::string& path, const std::string& content) {
  // The temporary file sits in the target's folder (rename is atomic only
  // within one file system), under a short hidden name: appending to the
  // target's name would fail for names near NAME_MAX, and a leftover from a
  // killed run stays out of sight of mkdocs and of *.md globs.
  size_t slash = path.rfind('/');
  std::string dir = slash == std::string::npos ? "." : path.substr(0, slash);
  std::string t = (dir.empty() ? std::string("/") : dir + "/") + ".ksince-tmp-XXXXXX";
  std::vector<char> tmpl(t.begin(), t.end());
  tmpl.push_back('\0');
  int fd = mkstemp(tmpl.data());
  if (fd < 0) throw Error(cat(path, ": cannot write: ", std::strerror(errno)));
  std::string tmp(tmpl.data());
  auto fail = [&](const char* what) {
    int err = errno;
    ::close(fd);
    ::unlink(tmp.c_str());
    throw Error(cat(path, ": ", what, ": ", std::strerror(err)));
  };
  // Keep the target's permissions; mkstemp creates files as 0600.
  struct stat st;
  mode_t mode = ::stat(path.c_str(), &st) == 0 ? (st.st_mode & 07777) : 0644;
  if (::fchmod(fd, mode) != 0) fail("cannot set permissions");
  size_t off = 0;
  while (off < content.size()) {
    ssize_t n = ::write(fd, content.data() + off, content.size() - off);
    if (n < 0) {
      if (errno == EINTR) continue;
      fail("cannot write");
    }
    off += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0) fail("cannot flush");
  if (::close(fd) != 0) {
    ::unlink(tmp.c_str());
    throw Error(cat(path, ": cannot close: ", std::strerror(errno)));
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    int err = errno;
    ::unlink(tmp.c_str());
    throw Error(cat(path, ": cannot replace: ", std::strerror(err)));
  }
}

}  // namespace ksince
