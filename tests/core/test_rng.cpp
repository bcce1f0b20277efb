// The RNG (rng.hpp): one fixed stream for a seed on both targets, its uniform, normal and below, a
// seeded shuffle that is a permutation, and the one rule for seed streams.
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

TEST_CASE("Rng::stream_seed: points and noise are SplitMix64 of (seed, id)", "[rng]") {
  // SplitMix64 from state 0 gives 0xe220a8397b1dcdaf, then 0x6e789e6aa1b965f4: the streams 1 and 2 of seed 0.
  CHECK(Rng::stream_seed(0, RngStream::points) == 0xE220A8397B1DCDAFULL);
  CHECK(Rng::stream_seed(0, RngStream::noise) == 0x6E789E6AA1B965F4ULL);
  CHECK(Rng::stream_seed(42, RngStream::points) != Rng::stream_seed(42, RngStream::noise));
  CHECK(Rng::stream_seed(42, RngStream::points) != Rng::stream_seed(43, RngStream::points));
}

TEST_CASE("Rng::stream_seed: dropout and split keep the seeds they always had", "[rng]") {
  // seed XOR a fixed odd constant, as the network's dropout and the experiment's split derived them.
  CHECK(Rng::stream_seed(0, RngStream::dropout) == 0x9E3779B97F4A7C15ULL);
  CHECK(Rng::stream_seed(1, RngStream::dropout) == 0x9E3779B97F4A7C14ULL);
  CHECK(Rng::stream_seed(0, RngStream::split) == 0x5851F42D4C957F2DULL);
  CHECK(Rng::stream_seed(0xFFULL, RngStream::split) == 0x5851F42D4C957FD2ULL);
}

TEST_CASE("Rng::stream draws what an Rng of the stream's seed draws", "[rng]") {
  for (RngStream id : {RngStream::points, RngStream::noise, RngStream::dropout, RngStream::split}) {
    Rng a = Rng::stream(7, id), b(Rng::stream_seed(7, id));
    for (int i = 0; i < 5; ++i) CHECK(a.next_u32() == b.next_u32());
  }
  Rng p = Rng::stream(7, RngStream::points), q = Rng::stream(7, RngStream::noise);
  CHECK(p.next_u32() != q.next_u32());
}
