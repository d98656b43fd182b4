#include "util/atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <set>
#include <vector>

#include "util/error.h"

namespace ksince {

namespace {

std::string dir_of(const std::string& path) {
  size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

// Writes `content` to a new hidden temporary file beside `path`, with the
// target's permissions; fsyncs it when `sync`. Returns its name. The file sits
// in the target's folder (rename is atomic only within one file system),
// under a short hidden name: appending to the target's name would fail for
// names near NAME_MAX, and a leftover from a killed run stays out of sight of
// mkdocs and of *.md globs. mkstemp creates files as 0600, hence the chmod.
std::string write_temp(const std::string& path, const std::string& content, bool sync) {
  std::string dir = dir_of(path);
  std::string t = (dir == "/" ? std::string("/") : dir + "/") + ".ksince-tmp-XXXXXX";
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
  if (sync && ::fsync(fd) != 0) fail("cannot flush");
  if (::close(fd) != 0) {
    ::unlink(tmp.c_str());
    throw Error(cat(path, ": cannot close: ", std::strerror(errno)));
  }
  return tmp;
}

}  // namespace

void write_files_atomic(const std::vector<std::pair<std::string, std::string>>& files) {
  std::vector<std::string> temps;
  auto remove_temps = [&] {
    for (const std::string& t : temps) ::unlink(t.c_str());
  };
  try {
    for (const auto& [path, content] : files) temps.push_back(write_temp(path, content, false));
  } catch (const Error&) {
    remove_temps();
    throw;
  }
  // Durable before visible: one syncfs per file system holding a folder.
  std::set<std::string> dirs;
  for (const auto& f : files) dirs.insert(dir_of(f.first));
  std::vector<int> dir_fds;
  auto close_dirs = [&] {
    for (int fd : dir_fds) ::close(fd);
  };
  std::set<dev_t> synced;
  for (const std::string& d : dirs) {
    int fd = ::open(d.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    struct stat st;
    if (fd < 0 || ::fstat(fd, &st) != 0) {
      int err = errno;
      if (fd >= 0) ::close(fd);
      close_dirs();
      remove_temps();
      throw Error(cat(d, ": cannot open the folder: ", std::strerror(err)));
    }
    dir_fds.push_back(fd);
    if (synced.insert(st.st_dev).second && ::syncfs(fd) != 0) {
      int err = errno;
      close_dirs();
      remove_temps();
      throw Error(cat(d, ": cannot flush: ", std::strerror(err)));
    }
  }
  for (size_t i = 0; i < files.size(); i++) {
    if (::rename(temps[i].c_str(), files[i].first.c_str()) != 0) {
      int err = errno;
      for (size_t j = i; j < temps.size(); j++) ::unlink(temps[j].c_str());
      close_dirs();
      throw Error(cat(files[i].first, ": cannot replace: ", std::strerror(err), " (", i, " of the ", files.size(),
                      " files were replaced before it)"));
    }
  }
  for (int fd : dir_fds) ::fsync(fd);  // the renames themselves; a failure here loses nothing already visible
  close_dirs();
}

void write_file_atomic(const std::string& path, const std::string& content) {
  std::string tmp = write_temp(path, content, true);
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    int err = errno;
    ::unlink(tmp.c_str());
    throw Error(cat(path, ": cannot replace: ", std::strerror(err)));
  }
}

}  // namespace ksince
