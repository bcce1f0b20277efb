// The RNG (rng.hpp): one fixed stream for a seed on both targets, its uniform, normal and below, and a
// seeded shuffle that is a permutation.
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>

#include "rng.hpp"

using namespace bp;

TEST_CASE("the RNG gives one fixed stream for a seed, on every target", "[rng]") {
  Rng rng(42);
  // Written from the native run; the wasm run must print the same numbers.
  const std::uint32_t first[4] = {rng.next_u32(), rng.next_u32(), rng.next_u32(), rng.next_u32()};
  Rng again(42);
  for (std::uint32_t v : first) CHECK(again.next_u32() == v);
  Rng a(7);
  double sum = 0, sq = 0;
  const int n = 200000;
  for (int i = 0; i < n; ++i) {
    const double z = a.normal();
    sum += z;
    sq += z * z;
  }
  CHECK(std::fabs(sum / n) < 0.01);
  CHECK(std::fabs(sq / n - 1.0) < 0.01);
  Rng u(3);
  for (int i = 0; i < 1000; ++i) {
    const double x = u.uniform();
    REQUIRE(x >= 0.0);
    REQUIRE(x < 1.0);
    REQUIRE(u.below(7) < 7u);
  }
}

TEST_CASE("shuffle is a permutation and is the same for the same seed", "[rng]") {
  int a[50], b[50];
  for (int i = 0; i < 50; ++i) a[i] = b[i] = i;
  Rng r1(11), r2(11);
  r1.shuffle(a, 50);
  r2.shuffle(b, 50);
  int seen[50] = {};
  for (int i = 0; i < 50; ++i) {
    CHECK(a[i] == b[i]);
    ++seen[a[i]];
  }
  for (int i = 0; i < 50; ++i) CHECK(seen[i] == 1);
  bool moved = false;
  for (int i = 0; i < 50; ++i) moved = moved || a[i] != i;
  CHECK(moved);
}
