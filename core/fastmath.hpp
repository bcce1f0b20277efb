// exp, expm1, tanh and the logistic sigmoid from arithmetic alone, so that native and wasm builds agree
// to the last bit (glibc's and musl's libm differ by 1–3 ulp on these). Accurate to a few ulp.
#pragma once
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>

namespace bp::fm {

// expm1(r) for |r| <= ~0.35 by its Taylor polynomial to degree 13 (truncation below 1e-17 there).
inline double expm1_small(double r) {
  double p = 1.0 / 6227020800.0;  // 1/13!
  p = p * r + 1.0 / 479001600.0;
  p = p * r + 1.0 / 39916800.0;
  p = p * r + 1.0 / 3628800.0;
  p = p * r + 1.0 / 362880.0;
  p = p * r + 1.0 / 40320.0;
  p = p * r + 1.0 / 5040.0;
  p = p * r + 1.0 / 720.0;
  p = p * r + 1.0 / 120.0;
  p = p * r + 1.0 / 24.0;
  p = p * r + 1.0 / 6.0;
  p = p * r + 0.5;
  p = p * r + 1.0;
  return p * r;
}

// 2^k as a double, for k in the normal range [-1022, 1023].
inline double pow2(int k) {
  const std::uint64_t bits = static_cast<std::uint64_t>(k + 1023) << 52;
  double d;
  std::memcpy(&d, &bits, sizeof d);
  return d;
}

inline double exp(double x) {
  if (x != x) return x;
  if (x > 709.782712893384) return std::numeric_limits<double>::infinity();
  if (x < -745.1332191019412) return 0.0;
  // x = k ln2 + r with ln2 split in two (Cody–Waite) so k * kLn2Hi is exact.
  constexpr double kLog2e = 1.4426950408889634;
  constexpr double kLn2Hi = 6.93147180369123816490e-01;
  constexpr double kLn2Lo = 1.90821492927058770002e-10;
  const double k = std::floor(x * kLog2e + 0.5);
  const double r = (x - k * kLn2Hi) - k * kLn2Lo;
  const double e = 1.0 + expm1_small(r);
  const int ki = static_cast<int>(k);
  if (ki > -1022 && ki < 1023) return e * pow2(ki);
  // Near overflow or in the subnormal range: scale in two exact steps.
  const int half = ki / 2;
  return (e * pow2(half)) * pow2(ki - half);
}

inline double tanh(double x) {
  const double ax = x < 0 ? -x : x;
  double t;
  if (ax > 20.0) {
    t = 1.0;  // tanh(20) = 1 - 8e-18 rounds to 1
  } else {
    // tanh(a) = (e^{2a} - 1) / (e^{2a} + 1), with e^{2a} - 1 taken from the series near 0.
    const double em1 = ax < 0.17 ? expm1_small(2.0 * ax) : exp(2.0 * ax) - 1.0;
    t = em1 / (em1 + 2.0);
  }
  return x < 0 ? -t : t;
}

// Natural logarithm: x = 2^k · m with m in [√½, √2), log m = 2 atanh(f) with f = (m − 1)/(m + 1) summed as a
// series (|f| ≤ 0.172), plus k ln 2. libm's log is not correctly rounded everywhere, and musl's and glibc's
// differ on rare inputs (seen in a trained loss), so the core takes its own.
inline double log(double x) {
  if (x != x || x < 0) return std::numeric_limits<double>::quiet_NaN();
  if (x == 0) return -std::numeric_limits<double>::infinity();
  if (x == std::numeric_limits<double>::infinity()) return x;
  int k = 0;
  if (x < 2.2250738585072014e-308) {  // subnormal: scale into the normal range first (exact)
    x *= 18014398509481984.0;          // 2^54
    k = -54;
  }
  std::uint64_t bits;
  std::memcpy(&bits, &x, sizeof bits);
  k += static_cast<int>((bits >> 52) & 0x7FF) - 1023;
  bits = (bits & 0x000FFFFFFFFFFFFFULL) | 0x3FF0000000000000ULL;  // mantissa in [1, 2)
  double m;
  std::memcpy(&m, &bits, sizeof m);
  if (m > 1.4142135623730951) {
    m *= 0.5;
    ++k;
  }
  const double f = (m - 1.0) / (m + 1.0), f2 = f * f;
  double p = 1.0 / 23.0;
  p = p * f2 + 1.0 / 21.0;
  p = p * f2 + 1.0 / 19.0;
  p = p * f2 + 1.0 / 17.0;
  p = p * f2 + 1.0 / 15.0;
  p = p * f2 + 1.0 / 13.0;
  p = p * f2 + 1.0 / 11.0;
  p = p * f2 + 1.0 / 9.0;
  p = p * f2 + 1.0 / 7.0;
  p = p * f2 + 1.0 / 5.0;
  p = p * f2 + 1.0 / 3.0;
  const double log_m = 2.0 * f + 2.0 * f * f2 * p;
  constexpr double kLn2Hi = 6.93147180369123816490e-01;
  constexpr double kLn2Lo = 1.90821492927058770002e-10;
  const double dk = static_cast<double>(k);
  return dk * kLn2Hi + (log_m + dk * kLn2Lo);
}

// The logistic function 1 / (1 + e^{-z}), evaluated on the side where e^{..} cannot overflow.
inline double sigmoid(double z) {
  if (z >= 0) return 1.0 / (1.0 + exp(-z));
  const double e = exp(z);
  return e / (1.0 + e);
}

// log(1 + e^{-|z|}) + max(z, 0): the softplus, stable for any z.
inline double softplus(double z) {
  const double az = z < 0 ? -z : z;
  return (z > 0 ? z : 0.0) + log(1.0 + exp(-az));
}

// sin and cos: reduction by π/2 in three parts (Cody–Waite, exact for |x| up to ~1e5), then Taylor series
// on [−π/4, π/4]. Used by the data sets and the sin(x) input features.
namespace detail {
inline double sin_kernel(double r) {  // |r| <= π/4, truncation below 1e-17
  const double r2 = r * r;
  double p = -1.0 / 1307674368000.0;  // −1/15!
  p = p * r2 + 1.0 / 6227020800.0;
  p = p * r2 - 1.0 / 39916800.0;
  p = p * r2 + 1.0 / 362880.0;
  p = p * r2 - 1.0 / 5040.0;
  p = p * r2 + 1.0 / 120.0;
  p = p * r2 - 1.0 / 6.0;
  return r + r * r2 * p;
}
inline double cos_kernel(double r) {
  const double r2 = r * r;
  double p = 1.0 / 20922789888000.0;  // 1/16!
  p = p * r2 - 1.0 / 87178291200.0;
  p = p * r2 + 1.0 / 479001600.0;
  p = p * r2 - 1.0 / 3628800.0;
  p = p * r2 + 1.0 / 40320.0;
  p = p * r2 - 1.0 / 720.0;
  p = p * r2 + 1.0 / 24.0;
  p = p * r2 - 0.5;
  return 1.0 + r2 * p;
}
// x = k π/2 + r; returns r and k mod 4.
inline double reduce_half_pi(double x, int& quadrant) {
  constexpr double kTwoOverPi = 0.63661977236758134308;
  constexpr double kPio2_1 = 1.57079632673412561417e+00;   // first 33 bits of π/2
  constexpr double kPio2_2 = 6.07710050650619224932e-11;   // next 33 bits
  constexpr double kPio2_3 = 2.02226624879595063154e-21;   // the rest
  const double k = std::floor(x * kTwoOverPi + 0.5);
  const double r = ((x - k * kPio2_1) - k * kPio2_2) - k * kPio2_3;
  const long long ki = static_cast<long long>(k);
  quadrant = static_cast<int>(((ki % 4) + 4) % 4);
  return r;
}
}  // namespace detail

inline double sin(double x) {
  if (!std::isfinite(x)) return std::numeric_limits<double>::quiet_NaN();
  int q;
  const double r = detail::reduce_half_pi(x, q);
  switch (q) {
    case 0: return detail::sin_kernel(r);
    case 1: return detail::cos_kernel(r);
    case 2: return -detail::sin_kernel(r);
    default: return -detail::cos_kernel(r);
  }
}

inline double cos(double x) {
  if (!std::isfinite(x)) return std::numeric_limits<double>::quiet_NaN();
  int q;
  const double r = detail::reduce_half_pi(x, q);
  switch (q) {
    case 0: return detail::cos_kernel(r);
    case 1: return -detail::sin_kernel(r);
    case 2: return -detail::cos_kernel(r);
    default: return detail::sin_kernel(r);
  }
}

}  // namespace bp::fm
