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

// 2^(j/64) for j = 0..63, each the double nearest the exact value.
inline constexpr double kExp2Sixtyfourths[64] = {
    0x1.0000000000000p+0, 0x1.02c9a3e778061p+0, 0x1.059b0d3158574p+0, 0x1.0874518759bc8p+0,
    0x1.0b5586cf9890fp+0, 0x1.0e3ec32d3d1a2p+0, 0x1.11301d0125b51p+0, 0x1.1429aaea92de0p+0,
    0x1.172b83c7d517bp+0, 0x1.1a35beb6fcb75p+0, 0x1.1d4873168b9aap+0, 0x1.2063b88628cd6p+0,
    0x1.2387a6e756238p+0, 0x1.26b4565e27cddp+0, 0x1.29e9df51fdee1p+0, 0x1.2d285a6e4030bp+0,
    0x1.306fe0a31b715p+0, 0x1.33c08b26416ffp+0, 0x1.371a7373aa9cbp+0, 0x1.3a7db34e59ff7p+0,
    0x1.3dea64c123422p+0, 0x1.4160a21f72e2ap+0, 0x1.44e086061892dp+0, 0x1.486a2b5c13cd0p+0,
    0x1.4bfdad5362a27p+0, 0x1.4f9b2769d2ca7p+0, 0x1.5342b569d4f82p+0, 0x1.56f4736b527dap+0,
    0x1.5ab07dd485429p+0, 0x1.5e76f15ad2148p+0, 0x1.6247eb03a5585p+0, 0x1.6623882552225p+0,
    0x1.6a09e667f3bcdp+0, 0x1.6dfb23c651a2fp+0, 0x1.71f75e8ec5f74p+0, 0x1.75feb564267c9p+0,
    0x1.7a11473eb0187p+0, 0x1.7e2f336cf4e62p+0, 0x1.82589994cce13p+0, 0x1.868d99b4492edp+0,
    0x1.8ace5422aa0dbp+0, 0x1.8f1ae99157736p+0, 0x1.93737b0cdc5e5p+0, 0x1.97d829fde4e50p+0,
    0x1.9c49182a3f090p+0, 0x1.a0c667b5de565p+0, 0x1.a5503b23e255dp+0, 0x1.a9e6b5579fdbfp+0,
    0x1.ae89f995ad3adp+0, 0x1.b33a2b84f15fbp+0, 0x1.b7f76f2fb5e47p+0, 0x1.bcc1e904bc1d2p+0,
    0x1.c199bdd85529cp+0, 0x1.c67f12e57d14bp+0, 0x1.cb720dcef9069p+0, 0x1.d072d4a07897cp+0,
    0x1.d5818dcfba487p+0, 0x1.da9e603db3285p+0, 0x1.dfc97337b9b5fp+0, 0x1.e502ee78b3ff6p+0,
    0x1.ea4afa2a490dap+0, 0x1.efa1bee615a27p+0, 0x1.f50765b6e4540p+0, 0x1.fa7c1819e90d8p+0};

// e^x = 2^m · 2^(j/64) · e^r with x = (64m + j) ln2/64 + r, |r| ≤ ln2/128: a table step and a degree-6
// series (truncation below 3e-20) instead of a long series over the whole ln2/2 range.
inline double exp(double x) {
  if (x != x) return x;
  if (x > 709.782712893384) return std::numeric_limits<double>::infinity();
  if (x < -745.1332191019412) return 0.0;
  constexpr double kSixtyfourOverLn2 = 92.33248261689366;
  constexpr double kLn2Over64Hi = 0x1.62e42feep-7;        // 32 significant bits: k · hi is exact
  constexpr double kLn2Over64Lo = 0x1.a39ef35793c76p-39;  // ln2/64 − hi
  const double k = std::floor(x * kSixtyfourOverLn2 + 0.5);
  const double r = (x - k * kLn2Over64Hi) - k * kLn2Over64Lo;
  double p = 1.0 / 720.0;
  p = p * r + 1.0 / 120.0;
  p = p * r + 1.0 / 24.0;
  p = p * r + 1.0 / 6.0;
  p = p * r + 0.5;
  p = p * r + 1.0;
  p = p * r;  // e^r − 1
  const int ki = static_cast<int>(k);
  const int j = ki & 63;
  const int m = (ki - j) / 64;
  const double t = kExp2Sixtyfourths[j];
  const double e = t + t * p;
  if (m > -1022 && m < 1023) return e * pow2(m);
  // Near overflow or in the subnormal range: scale in two exact steps.
  const int half = m / 2;
  return (e * pow2(half)) * pow2(m - half);
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
    x *= 18014398509481984.0;         // 2^54
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
  constexpr double kPio2_1 = 1.57079632673412561417e+00;  // first 33 bits of π/2
  constexpr double kPio2_2 = 6.07710050650619224932e-11;  // next 33 bits
  constexpr double kPio2_3 = 2.02226624879595063154e-21;  // the rest
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
    case 0:
      return detail::sin_kernel(r);
    case 1:
      return detail::cos_kernel(r);
    case 2:
      return -detail::sin_kernel(r);
    default:
      return -detail::cos_kernel(r);
  }
}

inline double cos(double x) {
  if (!std::isfinite(x)) return std::numeric_limits<double>::quiet_NaN();
  int q;
  const double r = detail::reduce_half_pi(x, q);
  switch (q) {
    case 0:
      return detail::cos_kernel(r);
    case 1:
      return -detail::sin_kernel(r);
    case 2:
      return -detail::cos_kernel(r);
    default:
      return detail::sin_kernel(r);
  }
}

}  // namespace bp::fm
