#include <catch2/catch.hpp>

#include "station/args.hpp"

using sohoa::station::Args;
using sohoa::station::UsageError;

TEST_CASE("options and flags and positionals parse and mistakes are named", "[cli]") {
  const Args a({"in1", "--out", "dir", "--hard", "--seed=7", "in2"}, {"out", "seed"}, {"hard"});
  CHECK(a.require("out") == "dir");
  CHECK(a.flag("hard"));
  CHECK(a.integer("seed", 1, 0, 100) == 7);
  CHECK(a.positional() == std::vector<std::string>{"in1", "in2"});
  CHECK_THROWS_WITH(Args({"--bogus"}, {}, {}), "unknown option --bogus");
  CHECK_THROWS_WITH(Args({"--out"}, {"out"}, {}), "--out needs a value");
  CHECK_THROWS_WITH(Args({"--hard=1"}, {}, {"hard"}), "--hard takes no value");
  CHECK_THROWS_WITH(Args({}, {"out"}, {}).require("out"), "--out is required");
  CHECK_THROWS_WITH(Args({"--n", "x"}, {"n"}, {}).integer("n", 1, 1, 10), "--n must be a whole number from 1 to 10 (got 'x')");
  CHECK_THROWS_AS(Args({"--n", "0"}, {"n"}, {}).integer("n", 1, 1, 10), UsageError);
}
