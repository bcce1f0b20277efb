// Two-parameter loss surfaces f(x, y) with their gradients, and the paths the course's optimizers take
// over them (the optimizer race of homework Q10/Q11): the same optimizer classes the network uses.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "optimizers.hpp"

namespace bp {

// Limits of the engine (the page uses smaller ones).
constexpr std::size_t kMaxSurfacePoints = 100000;  // N of the "rss"/"mse" data
constexpr std::size_t kMaxGridSide = 2048;         // nx, ny of a contour grid
constexpr std::size_t kMaxPathSteps = 50000;       // optimizer steps of one path
// The work one call may do, in terms of RSS (a data point's residual: ~1.8 ns natively, ~2.5 ns in wasm on
// this 2-core VM): the rss and mse surfaces cost N terms a value or gradient, the others 1. So that no call
// runs much longer than half a second, each refuses (saying the most that fits) when its count is over this:
//   surface_grid           nx × ny × N
//   trajectory             steps × 2N                (a gradient and a value each step)
//   minibatch_trajectory   epochs × (8 + ⌈N/B⌉) × N  (a shuffle and the batches' gradients, about 8 terms an
//                                                    example, then J over all N points after each step)
constexpr std::uint64_t kMaxSurfaceWork = 200000000;

enum class SurfaceKind { bowl, rotated_bowl, rosenbrock, saddle, beale, rss, mse };

// A loss surface over the plane of two parameters (x, y). Built by make_surface, which fills every field.
struct Surface {
  std::string name;     // "bowl", "rotated_bowl", "rosenbrock", "saddle", "beale", "rss", "mse"
  std::string formula;  // f as the page writes it
  SurfaceKind kind = SurfaceKind::bowl;
  double xmin = 0, xmax = 0, ymin = 0, ymax = 0;  // the view box of contour plots
  double start_x = 0, start_y = 0;                // where a race starts by default (inside the view box)
  bool has_minimum = false;                       // false for the saddle, which is unbounded below
  double min_x = 0, min_y = 0, min_value = 0;     // the known minimum (x*, y*, f*) when has_minimum
  double bound = 0;  // a path stops once |x| or |y| exceeds this (1000 × the view box's largest |coordinate|)
  std::vector<double> xs, ys;  // the data points (x_i, y_i) of "rss" and "mse"; there x is w1 and y is w0

  double value(double x, double y) const;                    // f(x, y)
  std::array<double, 2> gradient(double x, double y) const;  // (∂f/∂x, ∂f/∂y)
};

// The surfaces, all with the minimum f* = 0 at (x*, y*) unless said otherwise:
//   bowl          ½(0.1 x² + 2 y²): ill-conditioned, curvatures 0.1 and 2 (ratio 1/20), at (0, 0)
//   rotated_bowl  the bowl turned by 45° (long axis along x = y), so no axis-wise scaling can undo it
//   rosenbrock    (1 − x)² + 100 (y − x²)²  (a = 1, b = 100): a curved flat valley, at (1, 1)
//   saddle        x² − y²: a saddle point at (0, 0), no minimum
//   beale         (1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)², at (3, 0.5)
//   rss           RSS(w1, w0) = Σ (y_i − (w1 x_i + w0))² of the points xs, ys (homework bonus 1), at the
//                 closed-form fit (w1*, w0*) with f* its RSS
//   mse           ½ · mean of (y_i − (w1 x_i + w0))² = RSS / (2N): the objective of minibatch_trajectory and
//                 of the network's MSE loss; the same minimum point and contours as rss
// xs and ys are for rss and mse only (checked as linear_regression checks them). Throws
// std::invalid_argument naming the argument for an unknown name or bad data.
Surface make_surface(const std::string& name, const std::vector<double>& xs = {},
                     const std::vector<double>& ys = {});
std::vector<std::string> surface_names();

// One point of a path. Point 0 is the start (t = 0); point t is where optimizer step t left the parameters.
struct TrajectoryPoint {
  std::size_t t = 0;      // the optimizer's step count
  std::size_t epoch = 0;  // minibatch paths: the epoch (1-based) step t belongs to; otherwise 0
  double x = 0, y = 0;    // the parameters after step t (w1, w0 on the rss and mse surfaces)
  double value = 0;       // f(x, y) of the surface (for minibatch paths: of the whole data set)
  // g_t, the gradient step t used (at point t − 1; for minibatch paths the batch's); 0, 0 at t = 0.
  double gx = 0, gy = 0;
  // The optimizer's state after step t, one (x entry, y entry) per name in Trajectory::state_names; at t = 0
  // the initial state, all zeros.
  std::vector<std::array<double, 2>> state;
};

// A path, and why it ended early if it did.
struct Trajectory {
  // The names of the optimizer's state as Optimizer::state gives them: sgd none; momentum v; rmsprop s
  // (E[g²]); adam m, v, mhat, vhat (m̂ and v̂, bias-corrected).
  std::vector<std::string> state_names;
  std::vector<TrajectoryPoint> points;  // never holds NaN or Inf
  bool stopped_early = false;           // the step after the last point was not finite or left the bound
  std::string stop_reason;              // what went wrong, empty when every step ran
};

// `steps` steps of make_optimizer(config) on the parameter vector (x, y) from (x0, y0), each with the
// surface's gradient. Stops early, keeping the points so far, when a gradient, a value, the parameters or the
// optimizer state stop being finite or the parameters leave the surface's bound.
Trajectory trajectory(const Surface& surface, const OptimizerConfig& config, double x0, double y0,
                      std::size_t steps);

// f over an nx × ny grid spanning the view box, corners included: values[j * nx + i] = f(x_i, y_j) with
// x_i = xmin + i (xmax − xmin)/(nx − 1) and y_j = ymin + j (ymax − ymin)/(ny − 1): row 0 is y = ymin.
void surface_grid(const Surface& surface, std::size_t nx, std::size_t ny, std::vector<double>& values);

// Lesson q10: batch, stochastic and mini-batch gradient descent on linear regression. The objective is
// J(w1, w0) = ½ · mean over a batch of (y_i − (w1 x_i + w0))², i.e. the batch's RSS / (2|batch|), whose
// gradient is the homework's RSS gradient of the batch divided by 2|batch|; over the whole data set it is
// the "mse" surface. Each epoch shuffles the example order with bp::Rng(seed) (one stream for the whole run)
// and takes ⌈N/B⌉ steps over consecutive batches of B examples, the last possibly smaller. B = 0 or B ≥ N
// is batch gradient descent, B = 1 stochastic. Every step is recorded; value is J over all N points.
Trajectory minibatch_trajectory(const std::vector<double>& xs, const std::vector<double>& ys,
                                std::size_t batch_size, std::uint64_t seed, std::size_t epochs,
                                const OptimizerConfig& config, double w1_start, double w0_start);

}  // namespace bp
