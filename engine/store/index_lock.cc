#include "store/index_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "util/error.h"

namespace ksince {

IndexLock::IndexLock(const std::string& path) {
  std::string lock = path_for(path);
  fd_ = ::open(lock.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd_ < 0)
    throw Error(cat(path, ": cannot create the database's lock file ", lock, ": ", std::strerror(errno),
                    " (is the folder there and writable? choose another --db)"));
  if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    int err = errno;
    ::close(fd_);
    fd_ = -1;
    if (err == EWOULDBLOCK)
      throw Error(cat(path, ": another `ksince index` is running on this database; wait for it to "
                            "finish (queries work meanwhile) or use another --db"));
    throw Error(cat(path, ": cannot lock the database: ", std::strerror(err)));
  }
}

IndexLock::~IndexLock() {
  if (fd_ >= 0) ::close(fd_);  // closing releases the flock
}

}  // namespace ksince
