// Linear regression ŷ = w1 x + w0 by least squares (homework bonus 1): the closed-form fit, the residual
// sum of squares RSS(w1, w0) and its gradient, exactly as the homework derives them.
#pragma once
#include <utility>
#include <vector>

namespace bp {

// The minimizer of the RSS and the RSS it leaves.
struct LinearFit {
  double w1;   // slope      Σ(x_i − x̄)(y_i − ȳ) / Σ(x_i − x̄)²
  double w0;   // intercept  ȳ − w1 x̄
  double rss;  // Σ e_i² at (w1, w0), e_i = y_i − (w1 x_i + w0)
};

// Points (x_i, y_i), 1 ≤ i ≤ N. Throws std::invalid_argument naming xs/ys and the rule unless xs and ys
// have the same length, N ≥ 2, every value is finite and the x_i are not all equal.
LinearFit linear_regression(const std::vector<double>& xs, const std::vector<double>& ys);

// RSS = Σ (y_i − (w1 x_i + w0))². Needs N ≥ 1 points as above (equal x allowed) and finite w1, w0.
double rss(const std::vector<double>& xs, const std::vector<double>& ys, double w1, double w0);

// (∂RSS/∂w1, ∂RSS/∂w0) = (−2 Σ x_i (y_i − (w1 x_i + w0)),  −2 Σ (y_i − (w1 x_i + w0))). Same checks as rss.
std::pair<double, double> rss_gradient(const std::vector<double>& xs, const std::vector<double>& ys,
                                       double w1, double w0);

}  // namespace bp
