// The initializers (init.hpp): xavier, he, uniform and zeros draw from their documented ranges, seeded.
#include <catch2/catch.hpp>
#include <cmath>

#include "helpers.hpp"

using namespace bp;
using bp::test::config;

TEST_CASE("initializers draw from their documented ranges", "[init]") {
  Network xavier(config({4, 6, 1}, "relu", "sigmoid", "bce", 1, "xavier"));
  const double limit = std::sqrt(6.0 / 10.0);
  for (double w : xavier.layer(1).W) CHECK(std::fabs(w) <= limit);
  Network zeros(config({4, 6, 1}, "relu", "sigmoid", "bce", 1, "zeros"));
  for (double w : zeros.layer(1).W) CHECK(w == 0.0);
  Network uniform(config({4, 6, 1}, "relu", "sigmoid", "bce", 1, "uniform"));
  for (double w : uniform.layer(1).W) CHECK(std::fabs(w) <= 0.5);
  Network he(config({64, 64, 1}, "relu", "sigmoid", "bce", 1, "he"));
  double sq = 0;
  for (double w : he.layer(1).W) sq += w * w;
  CHECK(sq / 4096.0 == Approx(2.0 / 64.0).epsilon(0.1));  // variance 2/n_in
  for (double b : he.layer(1).b) CHECK(b == 0.0);
  // Same seed, same weights; another seed, other weights.
  Network again(config({4, 6, 1}, "relu", "sigmoid", "bce", 1, "xavier"));
  CHECK((again.layer(1).W == xavier.layer(1).W));
  Network other(config({4, 6, 1}, "relu", "sigmoid", "bce", 2, "xavier"));
  CHECK((other.layer(1).W != xavier.layer(1).W));
}
