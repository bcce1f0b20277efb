// Own exp, log, tanh, sigmoid, sin and cos (fastmath.hpp): accuracy against libm, edge values and saturation
// (the RNG's fixed streams are in test_rng.cpp).
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>

#include "fastmath.hpp"

using namespace bp;

namespace {
double ulps(double a, double b) {
  return std::fabs(a - b) / (std::nextafter(std::fabs(b), INFINITY) - std::fabs(b));
}
}  // namespace

TEST_CASE("exp agrees with libm to a few ulp over its whole range", "[fastmath]") {
  double worst = 0;
  for (double x = -740.0; x <= 709.0; x += 0.3711) worst = std::max(worst, ulps(fm::exp(x), std::exp(x)));
  for (double x = -1.0; x <= 1.0; x += 0.0013) worst = std::max(worst, ulps(fm::exp(x), std::exp(x)));
  CHECK(worst <= 2.0);
  CHECK(fm::exp(0.0) == 1.0);
  CHECK(fm::exp(1.0) == Approx(2.718281828459045).epsilon(1e-15));
  CHECK(fm::exp(710.0) == std::numeric_limits<double>::infinity());
  CHECK(fm::exp(-746.0) == 0.0);
  CHECK(std::isnan(fm::exp(std::nan(""))));
}

TEST_CASE("log agrees with libm to an ulp or two, subnormals and edges included", "[fastmath]") {
  double worst = 0;
  for (double x = 1e-300; x < 1e300; x *= 1.0137) worst = std::max(worst, ulps(fm::log(x), std::log(x)));
  for (double x = 0.5; x < 2.0; x += 0.000731) {
    if (x == 1.0) continue;
    worst = std::max(worst, ulps(fm::log(x), std::log(x)));
  }
  CHECK(worst <= 2.0);
  CHECK(fm::log(1.0) == 0.0);
  CHECK(fm::log(std::exp(1.0)) == Approx(1.0).epsilon(1e-15));
  CHECK(fm::log(2.0) == Approx(0.6931471805599453).epsilon(1e-15));
  CHECK(fm::log(5e-324) == Approx(std::log(5e-324)).epsilon(1e-15));
  CHECK(fm::log(0.0) == -INFINITY);
  CHECK(std::isnan(fm::log(-1.0)));
  CHECK(fm::log(INFINITY) == INFINITY);
}

TEST_CASE("tanh and sigmoid agree with libm and saturate without NaN", "[fastmath]") {
  double worst_t = 0, worst_s = 0;
  for (double x = -25.0; x <= 25.0; x += 0.0123) {
    worst_t = std::max(worst_t, ulps(fm::tanh(x), std::tanh(x)));
    worst_s = std::max(worst_s, ulps(fm::sigmoid(x), 1.0 / (1.0 + std::exp(-x))));
  }
  CHECK(worst_t <= 4.0);
  CHECK(worst_s <= 4.0);
  CHECK(fm::tanh(std::log(2.0)) == Approx(0.6).epsilon(1e-15));  // (4 − 1)/(4 + 1)
  CHECK(fm::tanh(1e-12) == Approx(1e-12).epsilon(1e-15));
  CHECK(fm::tanh(1e4) == 1.0);
  CHECK(fm::tanh(-1e4) == -1.0);
  CHECK(fm::sigmoid(0.0) == 0.5);
  CHECK(fm::sigmoid(1e4) == 1.0);
  CHECK(fm::sigmoid(-1e4) == 0.0);
  CHECK(fm::softplus(1e4) == 1e4);
  CHECK(fm::softplus(-1e4) == 0.0);
  CHECK(fm::softplus(0.0) == Approx(std::log(2.0)).epsilon(1e-15));
}

TEST_CASE("sin and cos agree with libm to a few ulp-scaled units on [-1000, 1000]", "[fastmath]") {
  double worst = 0;
  for (double x = -1000.0; x <= 1000.0; x += 0.0917) {
    worst = std::max(worst, std::fabs(fm::sin(x) - std::sin(x)));
    worst = std::max(worst, std::fabs(fm::cos(x) - std::cos(x)));
  }
  CHECK(worst <= 1e-15);
  CHECK(fm::sin(0.0) == 0.0);
  CHECK(fm::cos(0.0) == 1.0);
  CHECK(fm::sin(M_PI / 6) == Approx(0.5).epsilon(1e-15));
  CHECK(fm::cos(M_PI / 3) == Approx(0.5).epsilon(1e-15));
  CHECK(fm::sin(-M_PI / 2) == Approx(-1.0).epsilon(1e-15));
  CHECK(std::isnan(fm::sin(INFINITY)));
}
