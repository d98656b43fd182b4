#include "store/store.h"

#include <sys/stat.h>

#include "store/schema_sql.h"

namespace ksince {

namespace {

// SQLite counts every allocation under a global mutex unless told not to,
// before its first use: millions of rows made that lock and unlock a tenth
// of an index run's main-thread time.
void configure_sqlite() {
  static const int once = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
  (void)once;
}

}  // namespace

Store::Store(const std::string& path, Mode mode) : path_(path) {
  configure_sqlite();
  struct stat st;
  bool exists = ::stat(path.c_str(), &st) == 0;
  if (!exists && mode == Mode::ReadOnly)
    throw Error(cat(path, ": no index here; create it with `ksince index --repo PATH --patterns FILE --db ",
                    path, "`"));
  int flags = mode == Mode::Create ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE : SQLITE_OPEN_READONLY;
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &raw, flags | SQLITE_OPEN_NOMUTEX, nullptr);
  db_.reset(raw);
  if (rc != SQLITE_OK)
    throw Error(cat(path, ": cannot open the database: ", raw ? sqlite3_errmsg(raw) : "out of memory",
                    mode == Mode::Create ? " (is the folder there and writable? choose another --db)" : ""));
  // SQLite quietly opens a read-only file read-only; an index run must know now.
  if (mode == Mode::Create && sqlite3_db_readonly(raw, "main") == 1)
    throw Error(cat(path, ": the database file is read-only; fix its permissions or choose another --db"));
  read_only_ = mode == Mode::ReadOnly;
  sqlite3_busy_timeout(raw, 5000);
  try {
    // Not a database at all? This is the first read, so say so plainly.
    exec("PRAGMA foreign_keys = ON");
    // Pages read through a mapping, not a pread each: a nightly step reads
    // tens of thousands of records, and each system call is dear in a VM.
    // Mapped pages are the file's, not the heap's.
    exec("PRAGMA mmap_size = 4294967296");
    Stmt(raw, "SELECT count(*) FROM sqlite_master").step();
  } catch (const Error& e) {
    throw Error(cat(path, ": not a ksince database (", e.what(), ")"));
  }
  // WAL lets `query` read while `index` writes; NORMAL sync is safe with WAL
  // (a crash may lose the last commit, never corrupt the file).
  if (mode == Mode::Create) {
    try {
      exec("PRAGMA journal_mode = WAL");
      exec("PRAGMA synchronous = NORMAL");
    } catch (const Error& e) {
      throw Error(cat(path, ": cannot write the database: ", e.what(),
                      " (is the folder writable? choose another --db)"));
    }
  }
  migrate();
}

int Store::schema_version() const {
  Stmt s(db_.get(), "PRAGMA user_version");
  s.step();
  return static_cast<int>(s.i64(0));
}

void Store::exec(const std::string& sql) {
  char* err = nullptr;
  if (sqlite3_exec(db_.get(), sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err ? err : "unknown error";
    sqlite3_free(err);
    throw Error(cat("database error: ", msg));
  }
}

void Store::migrate() {
  const auto& migrations = schema_migrations();
  int have = schema_version();
  int want = static_cast<int>(migrations.size());
  if (have > want)
    throw Error(cat(path_, ": the database has schema version ", have, ", newer than this ksince (",
                    want, "); upgrade ksince"));
  if (have == want) return;
  if (read_only_)
    throw Error(cat(path_, ": the database has schema version ", have, ", this ksince wants ", want,
                    "; run `ksince index` once to upgrade it"));
  if (have == 0) {
    Stmt s(db_.get(), "SELECT count(*) FROM sqlite_master");
    s.step();
    if (s.i64(0) != 0)
      throw Error(cat(path_, ": an SQLite database that ksince did not create; choose another --db"));
  }
  for (int v = have; v < want; v++) {
    // Each migration and its version bump commit together or not at all.
    Transaction t(*this);
    exec(migrations[v].sql);
    exec(cat("PRAGMA user_version = ", v + 1));
    t.commit();
  }
}

std::optional<std::string> Store::meta(const std::string& key) {
  Stmt s(db_.get(), "SELECT value FROM meta WHERE key = ?");
  s.bind(1, key);
  if (!s.step()) return std::nullopt;
  return s.text(0);
}

void Store::set_meta(const std::string& key, const std::string& value) {
  Stmt s(db_.get(), "INSERT INTO meta(key, value) VALUES(?, ?) "
                    "ON CONFLICT(key) DO UPDATE SET value = excluded.value");
  s.bind(1, key).bind(2, value).run();
}

Store::Transaction::Transaction(Store& s) : s_(s) { s_.exec("BEGIN IMMEDIATE"); }

Store::Transaction::~Transaction() {
  if (open_) sqlite3_exec(s_.db(), "ROLLBACK", nullptr, nullptr, nullptr);
}

void Store::Transaction::commit() {
  s_.exec("COMMIT");
  open_ = false;
}

}  // namespace ksince
