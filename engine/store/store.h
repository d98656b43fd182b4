#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "repo/oid.h"
#include "store/sqlite_handle.h"

namespace ksince {

// The SQLite index: opening, migrations (PRAGMA user_version) and the
// transaction helper. What is stored lives in schema/; the readers and writers
// of each part live with the code that owns it (indexer, query, export).
class Store {
 public:
  enum class Mode { ReadOnly, Create };
  Store(const std::string& path, Mode mode);

  sqlite3* db() const { return db_.get(); }
  const std::string& path() const { return path_; }
  int schema_version() const;

  void exec(const std::string& sql);
  Stmt prepare(std::string_view sql) { return Stmt(db_.get(), sql); }

  std::optional<std::string> meta(const std::string& key);
  void set_meta(const std::string& key, const std::string& value);

  // BEGIN IMMEDIATE ... COMMIT; rolls back unless commit() was called, so a
  // failure or an exception leaves the index as it was.
  class Transaction {
   public:
    explicit Transaction(Store& s);
    ~Transaction();
    void commit();

   private:
    Store& s_;
    bool open_ = true;
  };

 private:
  void migrate();

  std::string path_;
  bool read_only_ = false;
  std::unique_ptr<sqlite3, SqliteClose> db_;
};

}  // namespace ksince
