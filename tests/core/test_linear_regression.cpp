// Bonus 1's linear regression (linear_regression.hpp): the closed-form fit by hand and against the normal
// equations, RSS and its gradient as the homework writes them, and bad data refused naming xs/ys.
#include <catch2/catch.hpp>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <vector>

#include "helpers.hpp"
#include "linear_regression.hpp"
#include "surfaces.hpp"

using namespace bp;
using bp::test::kLineX;
using bp::test::kLineY;
using bp::test::noisy_line;

// ---- Bonus 1: linear regression -------------------------------------------------------------------------

TEST_CASE("bonus 1: points on a line are fitted exactly", "[linear_regression]") {
  // (0, 1), (1, 3), (2, 5): x̄ = 1, ȳ = 3, Σ(x − x̄)(y − ȳ) = (−1)(−2) + 0 + (1)(2) = 4, Σ(x − x̄)² = 2
  // → w1 = 4/2 = 2, w0 = 3 − 2·1 = 1, every residual 0.
  const LinearFit fit = linear_regression(kLineX, kLineY);
  CHECK(fit.w1 == 2.0);
  CHECK(fit.w0 == 1.0);
  CHECK(fit.rss == 0.0);
}

TEST_CASE("bonus 1: a fit with residuals, by hand", "[linear_regression]") {
  // (0, 1), (1, 1), (2, 3), (3, 3): x̄ = 1.5, ȳ = 2
  // x − x̄ = (−1.5, −0.5, 0.5, 1.5), y − ȳ = (−1, −1, 1, 1)
  // Σ(x − x̄)(y − ȳ) = 1.5 + 0.5 + 0.5 + 1.5 = 4, Σ(x − x̄)² = 2.25 + 0.25 + 0.25 + 2.25 = 5
  // w1 = 4/5 = 0.8, w0 = 2 − 0.8·1.5 = 0.8
  // e = (1 − 0.8, 1 − 1.6, 3 − 2.4, 3 − 3.2) = (0.2, −0.6, 0.6, −0.2), RSS = 0.04 + 0.36 + 0.36 + 0.04 = 0.8
  const std::vector<double> xs = {0, 1, 2, 3}, ys = {1, 1, 3, 3};
  const LinearFit fit = linear_regression(xs, ys);
  CHECK(fit.w1 == Approx(0.8).epsilon(1e-15));
  CHECK(fit.w0 == Approx(0.8).epsilon(1e-15));
  CHECK(fit.rss == Approx(0.8).epsilon(1e-14));
  CHECK(rss(xs, ys, 0.8, 0.8) == Approx(0.8).epsilon(1e-14));
  // At the fit both normal equations hold: ∂RSS/∂w1 = −2 Σ x e = −2(0 − 0.6 + 1.2 − 0.6) = 0,
  // ∂RSS/∂w0 = −2 Σ e = 0.
  const auto [d_w1, d_w0] = rss_gradient(xs, ys, fit.w1, fit.w0);
  CHECK(d_w1 == Approx(0.0).margin(1e-14));
  CHECK(d_w0 == Approx(0.0).margin(1e-14));
}

TEST_CASE("bonus 1: RSS and its gradient as the homework writes them, by hand", "[linear_regression]") {
  // (0, 1), (1, 3), (2, 5) at w1 = 0, w0 = 0: e = (1, 3, 5)
  // RSS = 1 + 9 + 25 = 35;  ∂RSS/∂w1 = −2(0·1 + 1·3 + 2·5) = −26;  ∂RSS/∂w0 = −2(1 + 3 + 5) = −18
  CHECK(rss(kLineX, kLineY, 0.0, 0.0) == 35.0);
  const auto [d_w1, d_w0] = rss_gradient(kLineX, kLineY, 0.0, 0.0);
  CHECK(d_w1 == -26.0);
  CHECK(d_w0 == -18.0);
  // At w1 = 3, w0 = −1: ŷ = (−1, 2, 5), e = (2, 1, 0): RSS = 4 + 1 + 0 = 5
  //   ∂RSS/∂w1 = −2(0·2 + 1·1 + 2·0) = −2;  ∂RSS/∂w0 = −2(2 + 1 + 0) = −6
  CHECK(rss(kLineX, kLineY, 3.0, -1.0) == 5.0);
  const auto [e_w1, e_w0] = rss_gradient(kLineX, kLineY, 3.0, -1.0);
  CHECK(e_w1 == -2.0);
  CHECK(e_w0 == -6.0);
}

TEST_CASE("bonus 1: the closed form solves the normal equations on random data", "[linear_regression]") {
  for (std::uint64_t seed : {1u, 7u, 2024u}) {
    std::vector<double> xs, ys;
    noisy_line(40, seed, xs, ys);
    // The homework's system  [Σx² Σx; Σx N] [w1; w0] = [Σxy; Σy], solved directly by Cramer's rule.
    double sx = 0, sy = 0, sxx = 0, sxy = 0;
    for (std::size_t i = 0; i < xs.size(); ++i) {
      sx += xs[i];
      sy += ys[i];
      sxx += xs[i] * xs[i];
      sxy += xs[i] * ys[i];
    }
    const double N = static_cast<double>(xs.size());
    const double det = sxx * N - sx * sx;
    const double w1 = (sxy * N - sx * sy) / det;
    const double w0 = (sxx * sy - sx * sxy) / det;
    const LinearFit fit = linear_regression(xs, ys);
    INFO("seed " << seed);
    CHECK(fit.w1 == Approx(w1).epsilon(1e-12));
    CHECK(fit.w0 == Approx(w0).epsilon(1e-11));
    CHECK(fit.w1 == Approx(1.7).margin(0.15));  // and near the line the noise was added to
    CHECK(fit.rss == Approx(rss(xs, ys, w1, w0)).epsilon(1e-12));
    // The minimum: moving either weight only raises the RSS.
    for (double d : {-1e-3, 1e-3}) {
      CHECK(rss(xs, ys, fit.w1 + d, fit.w0) > fit.rss);
      CHECK(rss(xs, ys, fit.w1, fit.w0 + d) > fit.rss);
    }
    // rss_gradient against central differences of rss.
    for (const auto& [a, b] : std::vector<std::pair<double, double>>{{0.0, 0.0}, {2.5, -1.0}, {-1.0, 3.0}}) {
      const double h = 1e-6;
      const auto [g1, g0] = rss_gradient(xs, ys, a, b);
      CHECK(g1 == Approx((rss(xs, ys, a + h, b) - rss(xs, ys, a - h, b)) / (2 * h)).epsilon(1e-7));
      CHECK(g0 == Approx((rss(xs, ys, a, b + h) - rss(xs, ys, a, b - h)) / (2 * h)).epsilon(1e-7));
    }
  }
}

TEST_CASE("bonus 1: bad data is refused, naming xs/ys and the rule", "[linear_regression]") {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  using V = std::vector<double>;
  CHECK_THROWS_WITH(linear_regression(V{1, 2, 3}, V{1, 2}),
                    Catch::StartsWith("linear regression: xs and ys must have the same length") &&
                        Catch::Contains("3 and 2"));  // the course's words, not the C++ function's name
  CHECK_THROWS_WITH(linear_regression(V{1}, V{1}), Catch::Contains("at least 2 points"));
  CHECK_THROWS_WITH(linear_regression(V{}, V{}), Catch::Contains("at least 2 points"));
  CHECK_THROWS_WITH(linear_regression(V{1, nan}, V{1, 2}), Catch::Contains("xs[1] must be finite"));
  CHECK_THROWS_WITH(linear_regression(V{1, 2}, V{-inf, 2}), Catch::Contains("ys[0] must be finite"));
  CHECK_THROWS_WITH(linear_regression(V{0.1, 0.1, 0.1}, V{1, 2, 3}),
                    Catch::Contains("xs must not all be equal"));
  CHECK_THROWS_AS(linear_regression(V{1e200, -1e200}, V{1, 2}),
                  std::invalid_argument);  // Σ(x − x̄)² overflows
  CHECK_THROWS_WITH(rss(V{1, 2}, V{1}, 0, 0), Catch::Contains("rss: xs and ys must have the same length"));
  // Data too large for a finite box of (w1, w0): refused, never an xmin of −Infinity.
  CHECK_THROWS_WITH(make_surface("mse", V{1.0966, -1.6462}, V{-0.0671, 1e308}),
                    "surface: the data are too large for a finite range of (w1, w0) (|y| up to 1e+308)");
  CHECK_THROWS_WITH(rss(V{1}, V{2}, nan, 0), Catch::Contains("w1 must be finite"));
  CHECK_THROWS_WITH(rss_gradient(V{1}, V{2}, 0, inf), Catch::Contains("w0 must be finite"));
  CHECK_THROWS_WITH(rss_gradient(V{}, V{}, 0, 0), Catch::Contains("at least 1 point"));
  CHECK(rss(V{2, 2}, V{1, 3}, 0.0, 2.0) == 2.0);  // equal x are fine for the RSS itself: e = (−1, 1)
}
