// The seeded random source of the core: PCG32 plus our own uniform, normal and shuffle, so a seed gives
// the same stream natively (libstdc++) and in wasm (libc++), whose std:: distributions differ.
#pragma once
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <utility>

#include "fastmath.hpp"

namespace bp {

// The named streams one user seed feeds, so that no draw of one part (dropout, say) moves another's.
enum class RngStream : std::uint64_t {
  points = 1,  // a generated data set's points
  noise = 2,   // its label flips or target noise
  dropout,     // a network's dropout masks
  split,       // the shuffle of a train/validation split
};

class Rng {
 public:
  explicit Rng(std::uint64_t seed = 1) { reseed(seed); }

  // The seed of stream `id` of `seed`, the one rule for deriving seeds: points and noise through SplitMix64
  // of (seed, id), dropout and split as seed XOR a fixed odd constant (kept so that every saved seed still
  // draws the numbers it always drew).
  static std::uint64_t stream_seed(std::uint64_t seed, RngStream id) {
    switch (id) {
      case RngStream::dropout:
        return seed ^ 0x9E3779B97F4A7C15ULL;
      case RngStream::split:
        return seed ^ 0x5851F42D4C957F2DULL;
      default:
        break;
    }
    std::uint64_t z = seed + static_cast<std::uint64_t>(id) * 0x9E3779B97F4A7C15ULL;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  static Rng stream(std::uint64_t seed, RngStream id) { return Rng(stream_seed(seed, id)); }

  void reseed(std::uint64_t seed) {
    // PCG32 seeding as in O'Neill's reference: state from the seed, a fixed odd stream.
    state_ = 0;
    next_u32();
    state_ += seed;
    next_u32();
  }

  std::uint32_t next_u32() {
    const std::uint64_t old = state_;
    state_ = old * 6364136223846793005ULL + kIncrement;
    const auto xorshifted = static_cast<std::uint32_t>(((old >> 18u) ^ old) >> 27u);
    const auto rot = static_cast<std::uint32_t>(old >> 59u);
    return (xorshifted >> rot) | (xorshifted << ((32u - rot) & 31u));
  }

  // Uniform in [0, 1) with 53 random bits.
  double uniform() {
    const std::uint64_t hi = next_u32() >> 5;  // 27 bits
    const std::uint64_t lo = next_u32() >> 6;  // 26 bits
    return static_cast<double>((hi << 26) | lo) * (1.0 / 9007199254740992.0);
  }

  double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }

  // Uniform integer in [0, n), unbiased (rejection of the short last bucket).
  std::uint32_t below(std::uint32_t n) {
    const std::uint32_t threshold = static_cast<std::uint32_t>(-n) % n;
    for (;;) {
      const std::uint32_t r = next_u32();
      if (r >= threshold) return r % n;
    }
  }

  // Standard normal by Marsaglia's polar method: our own log and the correctly rounded sqrt, so both
  // targets draw the same numbers.
  double normal() {
    if (has_spare_) {
      has_spare_ = false;
      return spare_;
    }
    double u, v, s;
    do {
      u = 2.0 * uniform() - 1.0;
      v = 2.0 * uniform() - 1.0;
      s = u * u + v * v;
    } while (s >= 1.0 || s == 0.0);
    const double factor = std::sqrt(-2.0 * fm::log(s) / s);
    spare_ = v * factor;
    has_spare_ = true;
    return u * factor;
  }

  double normal(double mean, double stddev) { return mean + stddev * normal(); }

  // Fisher–Yates shuffle of [first, first + n).
  template <class T>
  void shuffle(T* first, std::size_t n) {
    for (std::size_t i = n; i > 1; --i) {
      const std::size_t j = below(static_cast<std::uint32_t>(i));
      std::swap(first[i - 1], first[j]);
    }
  }

 private:
  static constexpr std::uint64_t kIncrement = 1442695040888963407ULL;
  std::uint64_t state_ = 0;
  double spare_ = 0.0;
  bool has_spare_ = false;
};

}  // namespace bp
