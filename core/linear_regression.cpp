// The closed-form least-squares line, the RSS and its gradient (homework bonus 1).
#include "linear_regression.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

#include "tensor.hpp"

namespace bp {

namespace {

// The checks every function here shares: equal lengths, at least `min_points`, all finite.
void check_points(const std::vector<double>& xs, const std::vector<double>& ys, std::size_t min_points,
                  const char* where) {
  if (xs.size() != ys.size())
    throw std::invalid_argument(std::string(where) + ": xs and ys must have the same length, got " +
                                std::to_string(xs.size()) + " and " + std::to_string(ys.size()));
  if (xs.size() < min_points)
    throw std::invalid_argument(std::string(where) + ": xs and ys need at least " +
                                std::to_string(min_points) + " point" + (min_points == 1 ? "" : "s") +
                                ", got " + std::to_string(xs.size()));
  for (std::size_t i = 0; i < xs.size(); ++i) {
    if (!std::isfinite(xs[i]))
      throw std::invalid_argument(std::string(where) + ": xs[" + std::to_string(i) +
                                  "] must be finite, got " + format_number(xs[i]));
    if (!std::isfinite(ys[i]))
      throw std::invalid_argument(std::string(where) + ": ys[" + std::to_string(i) +
                                  "] must be finite, got " + format_number(ys[i]));
  }
}

void check_weights(double w1, double w0, const char* where) {
  if (!std::isfinite(w1))
    throw std::invalid_argument(std::string(where) + ": w1 must be finite, got " + format_number(w1));
  if (!std::isfinite(w0))
    throw std::invalid_argument(std::string(where) + ": w0 must be finite, got " + format_number(w0));
}

// e_i = y_i − ŷ_i, the homework's residual.
inline double residual(double x, double y, double w1, double w0) {
  return y - (w1 * x + w0);
}

double sum_of_squared_residuals(const std::vector<double>& xs, const std::vector<double>& ys, double w1,
                                double w0) {
  double sum = 0.0;
  for (std::size_t i = 0; i < xs.size(); ++i) {
    const double e = residual(xs[i], ys[i], w1, w0);
    sum += e * e;
  }
  return sum;
}

}  // namespace

LinearFit linear_regression(const std::vector<double>& xs, const std::vector<double>& ys) {
  check_points(xs, ys, 2, "linear regression");
  // Compared exactly: x̄ of equal values can differ from them in the last bit, which would leave a
  // tiny Σ(x − x̄)² and a meaningless slope.
  bool all_equal = true;
  for (double x : xs) all_equal = all_equal && x == xs[0];
  if (all_equal)
    throw std::invalid_argument("linear regression: xs must not all be equal (all are " +
                                format_number(xs[0]) + "): Σ(x_i − x̄)² = 0 leaves the slope w1 undefined");

  const double N = static_cast<double>(xs.size());
  double sum_x = 0.0, sum_y = 0.0;
  for (std::size_t i = 0; i < xs.size(); ++i) {
    sum_x += xs[i];
    sum_y += ys[i];
  }
  const double x_bar = sum_x / N, y_bar = sum_y / N;
  double sxy = 0.0, sxx = 0.0;  // Σ(x − x̄)(y − ȳ), Σ(x − x̄)²
  for (std::size_t i = 0; i < xs.size(); ++i) {
    const double dx = xs[i] - x_bar;
    sxy += dx * (ys[i] - y_bar);
    sxx += dx * dx;
  }
  LinearFit fit;
  fit.w1 = sxy / sxx;
  fit.w0 = y_bar - fit.w1 * x_bar;
  fit.rss = sum_of_squared_residuals(xs, ys, fit.w1, fit.w0);
  if (!std::isfinite(fit.w1) || !std::isfinite(fit.w0) || !std::isfinite(fit.rss) || !std::isfinite(sxx) ||
      sxx == 0.0)
    throw std::invalid_argument(
        "linear regression: xs and ys are too large or too small in magnitude to fit "
        "in double precision (Σ(x_i − x̄)² = " +
        format_number(sxx) + ")");
  return fit;
}

double rss(const std::vector<double>& xs, const std::vector<double>& ys, double w1, double w0) {
  check_points(xs, ys, 1, "rss");
  check_weights(w1, w0, "rss");
  return sum_of_squared_residuals(xs, ys, w1, w0);
}

std::pair<double, double> rss_gradient(const std::vector<double>& xs, const std::vector<double>& ys,
                                       double w1, double w0) {
  check_points(xs, ys, 1, "rss gradient");
  check_weights(w1, w0, "rss gradient");
  double sum_xe = 0.0, sum_e = 0.0;  // Σ x_i e_i, Σ e_i
  for (std::size_t i = 0; i < xs.size(); ++i) {
    const double e = residual(xs[i], ys[i], w1, w0);
    sum_xe += xs[i] * e;
    sum_e += e;
  }
  return {-2.0 * sum_xe, -2.0 * sum_e};
}

}  // namespace bp
