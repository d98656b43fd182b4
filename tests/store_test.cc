#include <doctest/doctest.h>

#include <sys/stat.h>

#include "util/error.h"
#include "git_fixture.h"
#include "store/schema_sql.h"
#include "store/store.h"

using namespace ksince;
using namespace ksince::test;

TEST_CASE("store: a new database gets every migration, a second open none") {
  TempDir tmp;
  {
    Store s(tmp.file("k.db"), Store::Mode::Create);
    CHECK(s.schema_version() == static_cast<int>(schema_migrations().size()));
    s.set_meta("x", "1");
  }
  Store s(tmp.file("k.db"), Store::Mode::ReadOnly);
  CHECK(s.meta("x") == "1");
}

TEST_CASE("store: a transaction that is not committed leaves nothing") {
  TempDir tmp;
  Store s(tmp.file("k.db"), Store::Mode::Create);
  try {
    Store::Transaction t(s);
    s.set_meta("half", "written");
    throw Error("interrupted");
  } catch (const Error&) {
  }
  CHECK_FALSE(s.meta("half"));
}

TEST_CASE("store: refuses what is not its own") {
  TempDir tmp;
  write_file(tmp.file("text.db"), "this is not a database, just text that is long enough to matter\n");
  CHECK_THROWS_WITH_AS(Store(tmp.file("text.db"), Store::Mode::Create), doctest::Contains("not a ksince database"), Error);
  run("sqlite3 " + shell_quote(tmp.file("other.db")) + " 'CREATE TABLE t(x)'");
  CHECK_THROWS_WITH_AS(Store(tmp.file("other.db"), Store::Mode::Create), doctest::Contains("did not create"), Error);
  run("sqlite3 " + shell_quote(tmp.file("future.db")) + " 'PRAGMA user_version = 999'");
  CHECK_THROWS_WITH_AS(Store(tmp.file("future.db"), Store::Mode::Create), doctest::Contains("upgrade ksince"), Error);
  CHECK_THROWS_WITH_AS(Store(tmp.file("missing.db"), Store::Mode::ReadOnly), doctest::Contains("no index here"), Error);
}
