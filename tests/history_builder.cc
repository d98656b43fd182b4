#include "history_builder.h"

#include <random>
#include <vector>

namespace ksince::test {

void random_history(Builder& b, unsigned seed, int releases, int steps) {
  std::mt19937 rng(seed);
  b.repo.write("include/base.h", "base\n");
  b.commit("base");
  b.tag("v1.0");
  int feature = 0, branch = 0;
  std::vector<std::string> open;
  std::vector<std::string> dirs = {"include/", "include/b/", "src/", "src/e/", "tools/"};
  for (int release = 1; release <= releases; release++) {
    for (int step = 0; step < steps; step++) {
      int op = rng() % 10;
      if (op < 3 || open.empty()) {
        std::string name = "br" + std::to_string(branch++);
        std::string from = rng() % 3 ? "master" : "master~" + std::to_string(rng() % 3);
        if (b.repo.git_status("rev-parse -q --verify " + from) != 0) from = "master";
        b.repo.git("branch " + name + " " + from);
        open.push_back(name);
      } else if (op < 8) {
        std::string br = rng() % 4 ? open[rng() % open.size()] : "master";
        b.checkout(br);
        // One new file per change, so that merges never conflict.
        const std::string& dir = dirs[rng() % dirs.size()];
        std::string name = "F_" + std::to_string(feature++);
        if (rng() % 2) b.add(dir + name + ".h", name);
        else b.noise(dir + name + ".txt");
        b.commit("work on " + br);
        b.checkout("master");
      } else {
        size_t i = rng() % open.size();
        b.merge(open[i]);
        if (rng() % 3 == 0 && open.size() > 1) {  // a branch merged into another branch
          b.checkout(open[(i + 1) % open.size()]);
          b.merge(open[i]);
          b.checkout("master");
        }
        open.erase(open.begin() + i);
      }
    }
    for (const auto& br : open) b.merge(br);
    open.clear();
    b.tag("v1." + std::to_string(release));
  }
}

}  // namespace ksince::test
