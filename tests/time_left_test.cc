// The estimate of a progress line: the rest of a phase at its pace so far.
#include <doctest/doctest.h>

#include "util/time_left.h"

using ksince::time_left;

TEST_CASE("time_left: the rest at the pace so far, only once it means something") {
  CHECK(time_left(10, 1, 4) == ", about 30 s left");       // 10 s a quarter: 30 s for three
  CHECK(time_left(30, 1, 5) == ", about 2 min 0 s left");
  CHECK(time_left(100, 1, 40) == ", about 1 h 5 min left");  // 3,900 s
  CHECK(time_left(2, 2, 3) == ", about 1 s left");
  CHECK(time_left(0.5, 1, 10) == "");  // under a second in: no pace yet
  CHECK(time_left(10, 0, 10) == "");   // nothing done
  CHECK(time_left(10, 10, 10) == "");  // all done
}
