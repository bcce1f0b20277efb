// The seeded random source and its one rule for seed streams (rng.hpp).
#include <catch2/catch.hpp>

#include <cstdint>

#include "rng.hpp"

using bp::Rng;
using bp::RngStream;

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
