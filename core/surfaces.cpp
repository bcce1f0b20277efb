// The race surfaces (bowl, rotated bowl, Rosenbrock, saddle, Beale, RSS, MSE), their gradients, contour
// grids, and optimizer paths over them, full-batch and minibatch. Plain arithmetic only (no libm exp/pow),
// so native and wasm paths agree bit for bit.
#include "surfaces.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "linear_regression.hpp"
#include "rng.hpp"
#include "tensor.hpp"
#include "text.hpp"

namespace bp {

namespace {

// The bowl's curvatures along its two axes: condition number 20.
constexpr double kBowlA = 0.1;
constexpr double kBowlB = 2.0;
constexpr double kHalfSqrt2 = 0.70710678118654752440;  // cos 45° = sin 45°

std::string point(double x, double y) {
  return "(" + format_number(x) + ", " + format_number(y) + ")";
}

bool finite(double a, double b) {
  return std::isfinite(a) && std::isfinite(b);
}

void set_box(Surface& s, double xmin, double xmax, double ymin, double ymax) {
  s.xmin = xmin;
  s.xmax = xmax;
  s.ymin = ymin;
  s.ymax = ymax;
  const double largest =
      std::max(std::max(std::abs(xmin), std::abs(xmax)), std::max(std::abs(ymin), std::abs(ymax)));
  s.bound = 1000.0 * largest;
}

void set_minimum(Surface& s, double x, double y, double value) {
  s.has_minimum = true;
  s.min_x = x;
  s.min_y = y;
  s.min_value = value;
}

// The rss/mse view box: the bounding box of the ellipse RSS(w1, w0) − RSS* ≤ c with c = 4 Σ(y − ȳ)², which
// holds the flat line w1 = 0, w0 = ȳ. With A = [Σx² Σx; Σx N], RSS − RSS* = dᵀ A d for d = w − w*, and the
// ellipse dᵀ A d ≤ c reaches |d_i| ≤ √(c (A⁻¹)_ii): (A⁻¹)_11 = 1/Sxx, (A⁻¹)_00 = Σx² / (N Sxx).
void set_regression_box(Surface& s, const LinearFit& fit) {
  const double N = static_cast<double>(s.xs.size());
  double sum_x = 0, sum_y = 0, sum_xx = 0;
  for (std::size_t i = 0; i < s.xs.size(); ++i) {
    sum_x += s.xs[i];
    sum_y += s.ys[i];
    sum_xx += s.xs[i] * s.xs[i];
  }
  const double x_bar = sum_x / N, y_bar = sum_y / N;
  double sxx = 0, syy = 0;
  for (std::size_t i = 0; i < s.xs.size(); ++i) {
    sxx += (s.xs[i] - x_bar) * (s.xs[i] - x_bar);
    syy += (s.ys[i] - y_bar) * (s.ys[i] - y_bar);
  }
  const double c = syy > 0 ? 4.0 * syy : 4.0 * N;  // all y equal: as if they spread by 1
  const double h1 = std::sqrt(c / sxx), h0 = std::sqrt(c * sum_xx / (N * sxx));
  // Data so large that the spread of y overflows gives no finite box to draw: refused, never ±Infinity.
  const double reach = std::abs(fit.w1) + h1 + std::abs(fit.w0) + h0;
  if (!std::isfinite(1000.0 * reach))  // set_box's bound is 1000 × the box's largest coordinate
    throw std::invalid_argument("surface: the data are too large for a finite range of (w1, w0) (|y| up to " +
                                format_number(max_abs(s.ys.data(), s.ys.size())) + ")");
  set_box(s, fit.w1 - h1, fit.w1 + h1, fit.w0 - h0, fit.w0 + h0);
  s.start_x = fit.w1 - 0.8 * h1;
  s.start_y = fit.w0 + 0.8 * h0;
}

}  // namespace

std::vector<std::string> surface_names() {
  return {"bowl", "rotated_bowl", "rosenbrock", "saddle", "beale", "rss", "mse"};
}

Surface make_surface(const std::string& name, const std::vector<double>& xs, const std::vector<double>& ys) {
  Surface s;
  s.name = name;
  const bool regression = name == "rss" || name == "mse";
  if (!regression && (!xs.empty() || !ys.empty()))
    throw std::invalid_argument("surface: xs and ys are only for 'rss' and 'mse', not " + quoted(name));
  if (name == "bowl") {
    s.kind = SurfaceKind::bowl;
    s.formula = "½(0.1 x² + 2 y²)";
    set_box(s, -10, 10, -5, 5);
    s.start_x = -9;
    s.start_y = 4;
    set_minimum(s, 0, 0, 0);
  } else if (name == "rotated_bowl") {
    s.kind = SurfaceKind::rotated_bowl;
    s.formula = "½(0.1 u² + 2 v²),  u = (x + y)/√2,  v = (y − x)/√2";
    set_box(s, -10, 10, -10, 10);
    s.start_x = -9;
    s.start_y = -6;
    set_minimum(s, 0, 0, 0);
  } else if (name == "rosenbrock") {
    s.kind = SurfaceKind::rosenbrock;
    s.formula = "(1 − x)² + 100 (y − x²)²";
    set_box(s, -2, 2, -1, 3);
    s.start_x = -1.2;
    s.start_y = 1;
    set_minimum(s, 1, 1, 0);
  } else if (name == "saddle") {
    s.kind = SurfaceKind::saddle;
    s.formula = "x² − y²";
    set_box(s, -2, 2, -2, 2);
    s.start_x = -1.5;
    s.start_y = 0.05;
  } else if (name == "beale") {
    s.kind = SurfaceKind::beale;
    s.formula = "(1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)²";
    set_box(s, -4.5, 4.5, -4.5, 4.5);
    s.start_x = 1;
    s.start_y = 1.5;
    set_minimum(s, 3, 0.5, 0);
  } else if (regression) {
    if (xs.size() > kMaxSurfacePoints)
      throw std::invalid_argument("surface: xs and ys may hold at most " + std::to_string(kMaxSurfacePoints) +
                                  " points, got " + std::to_string(xs.size()));
    const LinearFit fit = linear_regression(xs, ys);  // checks the points
    s.xs = xs;
    s.ys = ys;
    const double N = static_cast<double>(xs.size());
    if (name == "rss") {
      s.kind = SurfaceKind::rss;
      s.formula = "Σ (y_i − (w1 x_i + w0))²";
      set_minimum(s, fit.w1, fit.w0, fit.rss);
    } else {
      s.kind = SurfaceKind::mse;
      s.formula = "(1/2N) Σ (y_i − (w1 x_i + w0))²";
      set_minimum(s, fit.w1, fit.w0, fit.rss / (2.0 * N));
    }
    set_regression_box(s, fit);
  } else {
    std::string known;
    for (const auto& n : surface_names()) known += (known.empty() ? "'" : ", '") + n + "'";
    throw std::invalid_argument("surface: name must be one of " + known + ", got " + quoted(name));
  }
  return s;
}

double Surface::value(double x, double y) const {
  switch (kind) {
    case SurfaceKind::bowl:
      return 0.5 * (kBowlA * x * x + kBowlB * y * y);
    case SurfaceKind::rotated_bowl: {
      const double u = kHalfSqrt2 * (x + y), v = kHalfSqrt2 * (y - x);
      return 0.5 * (kBowlA * u * u + kBowlB * v * v);
    }
    case SurfaceKind::rosenbrock: {
      const double a = 1.0 - x, b = y - x * x;
      return a * a + 100.0 * b * b;
    }
    case SurfaceKind::saddle:
      return x * x - y * y;
    case SurfaceKind::beale: {
      const double y2 = y * y, y3 = y2 * y;
      const double a1 = 1.5 - x + x * y, a2 = 2.25 - x + x * y2, a3 = 2.625 - x + x * y3;
      return a1 * a1 + a2 * a2 + a3 * a3;
    }
    case SurfaceKind::rss:
      return rss(xs, ys, x, y);
    case SurfaceKind::mse:
      return rss(xs, ys, x, y) / (2.0 * static_cast<double>(xs.size()));
  }
  return 0.0;
}

std::array<double, 2> Surface::gradient(double x, double y) const {
  switch (kind) {
    case SurfaceKind::bowl:
      return {kBowlA * x, kBowlB * y};
    case SurfaceKind::rotated_bowl: {
      // ∂u/∂x = ∂u/∂y = 1/√2, ∂v/∂x = −1/√2, ∂v/∂y = 1/√2.
      const double u = kHalfSqrt2 * (x + y), v = kHalfSqrt2 * (y - x);
      const double df_du = kBowlA * u, df_dv = kBowlB * v;
      return {kHalfSqrt2 * (df_du - df_dv), kHalfSqrt2 * (df_du + df_dv)};
    }
    case SurfaceKind::rosenbrock: {
      const double b = y - x * x;
      return {-2.0 * (1.0 - x) - 400.0 * x * b, 200.0 * b};
    }
    case SurfaceKind::saddle:
      return {2.0 * x, -2.0 * y};
    case SurfaceKind::beale: {
      const double y2 = y * y, y3 = y2 * y;
      const double a1 = 1.5 - x + x * y, a2 = 2.25 - x + x * y2, a3 = 2.625 - x + x * y3;
      return {2.0 * (a1 * (y - 1.0) + a2 * (y2 - 1.0) + a3 * (y3 - 1.0)),
              2.0 * (a1 * x + a2 * 2.0 * x * y + a3 * 3.0 * x * y2)};
    }
    case SurfaceKind::rss: {
      const auto [d_w1, d_w0] = rss_gradient(xs, ys, x, y);
      return {d_w1, d_w0};
    }
    case SurfaceKind::mse: {
      const auto [d_w1, d_w0] = rss_gradient(xs, ys, x, y);
      const double two_n = 2.0 * static_cast<double>(xs.size());
      return {d_w1 / two_n, d_w0 / two_n};
    }
  }
  return {0.0, 0.0};
}

namespace {
// Terms of one value or gradient of the surface: its N data points, or 1.
std::uint64_t terms(const Surface& surface) {
  return std::max<std::size_t>(surface.xs.size(), 1);
}

void check_work(std::uint64_t given, std::uint64_t per_unit, const std::string& where,
                const std::string& what, const std::string& advice) {
  const std::uint64_t most = kMaxSurfaceWork / per_unit;
  if (given <= most) return;
  throw std::invalid_argument(where + ": " + what + " must be at most " + std::to_string(most) +
                              " here (one call evaluates at most " + std::to_string(kMaxSurfaceWork) +
                              " terms, " + std::to_string(per_unit) + " each here), got " +
                              std::to_string(given) + "; " + advice);
}
}  // namespace

void surface_grid(const Surface& surface, std::size_t nx, std::size_t ny, std::vector<double>& values) {
  if (nx < 2 || nx > kMaxGridSide)
    throw std::invalid_argument("surface_grid: nx must be in [2, " + std::to_string(kMaxGridSide) +
                                "], got " + std::to_string(nx));
  if (ny < 2 || ny > kMaxGridSide)
    throw std::invalid_argument("surface_grid: ny must be in [2, " + std::to_string(kMaxGridSide) +
                                "], got " + std::to_string(ny));
  check_work(static_cast<std::uint64_t>(nx) * ny, terms(surface), "surface_grid", "nx × ny",
             "use a coarser grid or fewer data points");
  values.resize(nx * ny);
  const double dx = (surface.xmax - surface.xmin) / static_cast<double>(nx - 1);
  const double dy = (surface.ymax - surface.ymin) / static_cast<double>(ny - 1);
  for (std::size_t j = 0; j < ny; ++j) {
    const double y = surface.ymin + static_cast<double>(j) * dy;
    for (std::size_t i = 0; i < nx; ++i)
      values[j * nx + i] = surface.value(surface.xmin + static_cast<double>(i) * dx, y);
  }
}

namespace {

void check_start(const Surface& surface, double x0, double y0, const char* where) {
  if (!finite(x0, y0))
    throw std::invalid_argument(std::string(where) + ": the start " + point(x0, y0) + " must be finite");
  if (std::abs(x0) > surface.bound || std::abs(y0) > surface.bound)
    throw std::invalid_argument(std::string(where) + ": the start " + point(x0, y0) +
                                " must lie within |x|, |y| ≤ " + format_number(surface.bound));
}

void check_steps(std::size_t steps, const char* where) {
  if (steps > kMaxPathSteps)
    throw std::invalid_argument(std::string(where) + ": at most " + std::to_string(kMaxPathSteps) +
                                " steps, got " + std::to_string(steps));
}

// A path that has only its start so far, with the names of the optimizer's state: those of an optimizer of
// the same type after one step (state() is empty before the first).
Trajectory start_path(const Surface& surface, const OptimizerConfig& config, double x0, double y0,
                      std::size_t steps) {
  Trajectory path;
  auto probe = make_optimizer(config);
  double w = 0.0;
  const double g = 0.0;
  probe->step({ParamSlot{&w, &g, 1}});
  for (const auto& [name, value] : probe->state(0)) path.state_names.push_back(name);
  path.points.reserve(steps + 1);
  TrajectoryPoint start;
  start.x = x0;
  start.y = y0;
  start.value = surface.value(x0, y0);
  start.state.assign(path.state_names.size(), {0.0, 0.0});
  path.points.push_back(std::move(start));
  return path;
}

// One optimizer step on w = (x, y) with gradient g, recorded in `path`; false (with the reason recorded)
// when the step must not be kept.
bool take_step(Optimizer& optimizer, const Surface& surface, std::array<double, 2>& w,
               const std::array<double, 2>& g, std::size_t epoch, Trajectory& path) {
  const long long t = optimizer.t() + 1;  // the step about to be taken
  auto stop = [&](const std::string& reason) {
    path.stopped_early = true;
    path.stop_reason = "step " + std::to_string(t) + ": " + reason;
    return false;
  };
  if (!finite(g[0], g[1])) return stop("diverged: the gradient at " + point(w[0], w[1]) + " is not finite");
  const std::array<double, 2> before = w;
  optimizer.step({ParamSlot{w.data(), g.data(), 2}});
  if (!finite(w[0], w[1]))
    return stop("diverged: the parameters are no longer finite (after " + point(before[0], before[1]) + ")");
  if (std::abs(w[0]) > surface.bound || std::abs(w[1]) > surface.bound)
    return stop("diverged: " + point(w[0], w[1]) + " left the bound |x|, |y| ≤ " +
                format_number(surface.bound));
  TrajectoryPoint p;
  p.t = static_cast<std::size_t>(t);
  p.epoch = epoch;
  p.x = w[0];
  p.y = w[1];
  p.value = surface.value(w[0], w[1]);
  if (!std::isfinite(p.value)) return stop("diverged: f is not finite at " + point(w[0], w[1]));
  p.gx = g[0];
  p.gy = g[1];
  for (const auto& [name, value] : optimizer.state(0)) {
    if (!finite(value(0), value(1)))
      return stop("diverged: the optimizer's " + name + " is no longer finite");
    p.state.push_back({value(0), value(1)});
  }
  path.points.push_back(std::move(p));
  return true;
}

}  // namespace

Trajectory trajectory(const Surface& surface, const OptimizerConfig& config, double x0, double y0,
                      std::size_t steps) {
  check_start(surface, x0, y0, "trajectory");
  check_steps(steps, "trajectory");
  check_work(steps, 2 * terms(surface), "trajectory", "steps", "take fewer steps or use fewer data points");
  auto optimizer = make_optimizer(config);
  Trajectory path = start_path(surface, config, x0, y0, steps);
  std::array<double, 2> w = {x0, y0};
  for (std::size_t k = 0; k < steps; ++k)
    if (!take_step(*optimizer, surface, w, surface.gradient(w[0], w[1]), 0, path)) break;
  return path;
}

Trajectory minibatch_trajectory(const std::vector<double>& xs, const std::vector<double>& ys,
                                std::size_t batch_size, std::uint64_t seed, std::size_t epochs,
                                const OptimizerConfig& config, double w1_start, double w0_start) {
  const Surface objective = make_surface("mse", xs, ys);  // checks the points
  check_start(objective, w1_start, w0_start, "minibatch_trajectory");
  const std::size_t n = xs.size();
  const std::size_t B = batch_size == 0 ? n : std::min(batch_size, n);
  const std::size_t per_epoch = (n + B - 1) / B;  // ⌈N/B⌉
  if (epochs > kMaxPathSteps / per_epoch)
    throw std::invalid_argument("minibatch_trajectory: epochs × ⌈N/B⌉ must be at most " +
                                std::to_string(kMaxPathSteps) + ", got " + std::to_string(epochs) + " × " +
                                std::to_string(per_epoch));
  check_work(epochs, (8 + per_epoch) * n, "minibatch_trajectory", "epochs",
             "run fewer epochs, use fewer data points or larger batches");
  auto optimizer = make_optimizer(config);
  Rng rng(seed);
  std::vector<std::uint32_t> order(n);
  for (std::size_t i = 0; i < n; ++i) order[i] = static_cast<std::uint32_t>(i);

  Trajectory path = start_path(objective, config, w1_start, w0_start, epochs * per_epoch);
  std::array<double, 2> w = {w1_start, w0_start};
  std::vector<double> batch_x, batch_y;
  batch_x.reserve(B);
  batch_y.reserve(B);
  for (std::size_t epoch = 1; epoch <= epochs; ++epoch) {
    rng.shuffle(order.data(), n);
    for (std::size_t start = 0; start < n; start += B) {
      const std::size_t end = std::min(start + B, n);
      batch_x.clear();
      batch_y.clear();
      for (std::size_t k = start; k < end; ++k) {
        batch_x.push_back(xs[order[k]]);
        batch_y.push_back(ys[order[k]]);
      }
      // ∇J of the batch = ∇RSS of the batch / (2|batch|).
      const auto [d_w1, d_w0] = rss_gradient(batch_x, batch_y, w[0], w[1]);
      const double two_m = 2.0 * static_cast<double>(end - start);
      if (!take_step(*optimizer, objective, w, {d_w1 / two_m, d_w0 / two_m}, epoch, path)) return path;
    }
  }
  return path;
}

}  // namespace bp
