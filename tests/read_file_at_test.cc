// Reading a file of a repository at a ref with libgit2, against git itself
// (git show REV:PATH) on a real repository made in the test.
#include <doctest/doctest.h>

#include "util/error.h"
#include "git_fixture.h"
#include "docs/helper_defs.h"
#include "repo/repo.h"

using namespace ksince;
using namespace ksince::test;

namespace {

const std::string kData = std::string(KSINCE_SOURCE_DIR) + "/tests/data";

// Two versions of src/bpf_helper_defs.h: the real one at v1.5.0 (annotated
// tag), an edited one on master, the real one again on branch "pinned".
struct TwoVersions {
  GitRepo repo;
  std::string real = read_file(kData + "/libbpf/bpf_helper_defs.h");
  std::string first, second;
  TwoVersions() {
    repo.write("README", "libbpf\n");
    first = repo.release("v1.5.0", "src/bpf_helper_defs.h", real, 1700000000);
    repo.git("branch pinned");
    repo.tag("light", first, false, 1700000010);
    repo.write("src/bpf_helper_defs.h", real + "/* later */\n");
    second = repo.commit("later", 1700000100);
  }
};

}  // namespace

TEST_CASE("read file at ref: commit ids, short ids, tags and branches give git show's bytes") {
  TwoVersions t;
  Repo repo(t.repo.path());
  for (std::string ref : {t.first, t.first.substr(0, 7), std::string("v1.5.0"), std::string("light"),
                          std::string("pinned"), std::string("master"), std::string("HEAD"), t.second}) {
    CAPTURE(ref);
    std::string want = t.repo.git("show " + ref + ":src/bpf_helper_defs.h");
    CHECK(repo.read_file_at(ref, "src/bpf_helper_defs.h") == want);
  }
  CHECK(read_file_at(t.repo.path(), "v1.5.0", "src/bpf_helper_defs.h") == t.real);
  CHECK(read_file_at(t.repo.path(), "master", "src/bpf_helper_defs.h") == t.real + "/* later */\n");
}

TEST_CASE("read file at ref: a bare repository, as the mirrors are, reads the same") {
  TwoVersions t;
  TempDir bare;
  run("git clone -q --bare " + shell_quote(t.repo.path()) + " " + shell_quote(bare.file("libbpf.git")));
  CHECK(read_file_at(bare.file("libbpf.git"), "v1.5.0", "src/bpf_helper_defs.h") == t.real);
}

TEST_CASE("read file at ref: the header read at the tag renders the site's real page") {
  TwoVersions t;
  std::string header = read_file_at(t.repo.path(), "v1.5.0", "src/bpf_helper_defs.h");
  std::vector<Block> blocks = render_helper_defs(header, "src/bpf_helper_defs.h@v1.5.0");
  std::string page = read_file(kData + "/ebpf-docs-pages/linux/helper-function/bpf_map_lookup_elem.md");
  BlockKind k = helper_def_kind();
  size_t start = page.find(k.start) + k.start.size();
  std::string want = page.substr(start, page.find(k.stop) - start);
  bool found = false;
  for (const Block& b : blocks)
    if (b.page == "linux/helper-function/bpf_map_lookup_elem.md") {
      found = true;
      CHECK(b.body == want);
    }
  CHECK(found);
}

TEST_CASE("read file at ref: errors name the repository and say how to fix") {
  TwoVersions t;
  TempDir empty;
  CHECK_THROWS_WITH_AS(read_file_at(empty.path(), "master", "src/x"),
                       doctest::Contains("not a git repository"), Error);
  CHECK_THROWS_WITH_AS(read_file_at(empty.file("missing"), "master", "src/x"),
                       doctest::Contains("not a git repository"), Error);
  CHECK_THROWS_WITH_AS(read_file_at(t.repo.path(), "v9.9.9", "src/bpf_helper_defs.h"),
                       doctest::Contains("unknown ref 'v9.9.9'"), Error);
  CHECK_THROWS_WITH_AS(read_file_at(t.repo.path(), "4c893341f5513055a148bedbf7e2fbff392325b2", "src/bpf_helper_defs.h"),
                       doctest::Contains("fetch it: git -C "), Error);
  // The command the message gives works: a clone that lacks the tag gets it.
  TempDir clone_dir;
  const std::string clone = clone_dir.file("clone");
  run("git clone -q --bare --no-tags " + shell_quote(t.repo.path()) + " " + shell_quote(clone));
  std::string message;
  try {
    read_file_at(clone, "v1.5.0", "src/bpf_helper_defs.h");
  } catch (const Error& e) {
    message = e.what();
  }
  size_t at = message.find("fetch it: ");
  REQUIRE(at != std::string::npos);
  std::string command = message.substr(at + 10, message.find(" (a tag)") - at - 10);
  CHECK(command == "git -C " + clone + " fetch origin tag v1.5.0");
  REQUIRE(run("GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null " + command + " 2>&1").status == 0);
  CHECK(read_file_at(clone, "v1.5.0", "src/bpf_helper_defs.h") == t.real);
  const std::string missing = "src/libbpf.map does not exist at v1.5.0 (commit " + t.first.substr(0, 12) + ")";
  CHECK_THROWS_WITH_AS(read_file_at(t.repo.path(), "v1.5.0", "src/libbpf.map"), doctest::Contains(missing.c_str()),
                       Error);
  CHECK_THROWS_WITH_AS(read_file_at(t.repo.path(), "v1.5.0", "src"), doctest::Contains("src at v1.5.0"), Error);
  CHECK_THROWS_WITH_AS(read_file_at(t.repo.path(), "v1.5.0", "src"), doctest::Contains("is not a file but a folder"), Error);
  run("ln -s bpf_helper_defs.h " + shell_quote(t.repo.path() + "/src/link.h"));
  t.repo.commit("link", 1700000200);
  CHECK_THROWS_WITH_AS(read_file_at(t.repo.path(), "master", "src/link.h"),
                       doctest::Contains("is not a file but a symbolic link"), Error);
  std::string blob = t.repo.git("rev-parse v1.5.0:README").substr(0, 40);
  CHECK_THROWS_WITH_AS(read_file_at(t.repo.path(), blob, "README"), doctest::Contains("names a blob, not a commit"),
                       Error);
}
