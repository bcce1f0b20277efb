// The race surfaces and optimizer paths (surfaces.hpp): every surface's gradient against central
// differences, known minima and view boxes, the grid, optimizer paths (convergence, divergence stopped
// without NaN, first steps by hand) and Q10's batch / stochastic / mini-batch paths, all within bounded work.
#include <algorithm>
#include <array>
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "helpers.hpp"
#include "linear_regression.hpp"
#include "surfaces.hpp"

using namespace bp;
using bp::test::kLineX;
using bp::test::kLineY;
using bp::test::noisy_line;

namespace {

OptimizerConfig with_type(const std::string& type, double lr) {
  OptimizerConfig c;  // the course's μ, γ, β1, β2, ε
  c.type = type;
  c.lr = lr;
  return c;
}

bool all_finite(const TrajectoryPoint& p) {
  bool ok = std::isfinite(p.x) && std::isfinite(p.y) && std::isfinite(p.value) && std::isfinite(p.gx) &&
            std::isfinite(p.gy);
  for (const auto& entry : p.state) ok = ok && std::isfinite(entry[0]) && std::isfinite(entry[1]);
  return ok;
}

}  // namespace

// ---- The race surfaces -----------------------------------------------------------------------------------

TEST_CASE("every surface's gradient equals central differences of its value", "[surfaces]") {
  std::vector<double> xs, ys;
  noisy_line(12, 5, xs, ys);
  for (const std::string& name : surface_names()) {
    const bool regression = name == "rss" || name == "mse";
    const Surface s = regression ? make_surface(name, xs, ys) : make_surface(name);
    CHECK(s.name == name);
    // Points spread over the view box (never a grid line through a minimum).
    for (const auto& [fx, fy] : std::vector<std::pair<double, double>>{
             {0.13, 0.21}, {0.5, 0.77}, {0.91, 0.38}, {0.27, 0.95}, {0.66, 0.09}, {0.42, 0.58}}) {
      const double x = s.xmin + fx * (s.xmax - s.xmin), y = s.ymin + fy * (s.ymax - s.ymin);
      const double hx = 1e-6 * (s.xmax - s.xmin), hy = 1e-6 * (s.ymax - s.ymin);
      const auto g = s.gradient(x, y);
      const double numeric_x = (s.value(x + hx, y) - s.value(x - hx, y)) / (2 * hx);
      const double numeric_y = (s.value(x, y + hy) - s.value(x, y - hy)) / (2 * hy);
      INFO(name << " at (" << x << ", " << y << ")");
      const double scale = std::max({1.0, std::abs(numeric_x), std::abs(numeric_y)});
      CHECK(g[0] == Approx(numeric_x).epsilon(1e-6).margin(1e-7 * scale));
      CHECK(g[1] == Approx(numeric_y).epsilon(1e-6).margin(1e-7 * scale));
    }
  }
}

TEST_CASE("each surface's known minimum has value f* and zero gradient; the saddle has none", "[surfaces]") {
  struct Known {
    const char* name;
    double x, y;
  };
  for (const Known& k : {Known{"bowl", 0, 0}, Known{"rotated_bowl", 0, 0}, Known{"rosenbrock", 1, 1},
                         Known{"beale", 3, 0.5}}) {
    INFO(k.name);
    const Surface s = make_surface(k.name);
    REQUIRE(s.has_minimum);
    CHECK(s.min_x == k.x);
    CHECK(s.min_y == k.y);
    CHECK(s.min_value == 0.0);
    CHECK(s.value(k.x, k.y) == 0.0);
    CHECK(s.gradient(k.x, k.y)[0] == 0.0);
    CHECK(s.gradient(k.x, k.y)[1] == 0.0);
    // Nearby the value only rises.
    for (double d : {-1e-3, 1e-3}) {
      CHECK(s.value(k.x + d, k.y) > 0.0);
      CHECK(s.value(k.x, k.y + d) > 0.0);
    }
  }
  // Rosenbrock by hand at (0, 0): f = 1 + 0 = 1, ∇f = (−2(1 − 0) − 0, 200·0) = (−2, 0);
  // at (1, 2): f = 0 + 100·1 = 100, ∇f = (0 − 400·1·1, 200·1) = (−400, 200).
  const Surface rosen = make_surface("rosenbrock");
  CHECK(rosen.value(0, 0) == 1.0);
  CHECK(rosen.gradient(0, 0) == std::array<double, 2>{-2.0, 0.0});
  CHECK(rosen.value(1, 2) == 100.0);
  CHECK(rosen.gradient(1, 2) == std::array<double, 2>{-400.0, 200.0});
  // The bowl by hand at (2, 1): ½(0.1·4 + 2·1) = 1.2, ∇f = (0.2, 2).
  const Surface bowl = make_surface("bowl");
  CHECK(bowl.value(2, 1) == Approx(1.2).epsilon(1e-15));
  CHECK(bowl.gradient(2, 1)[0] == Approx(0.2).epsilon(1e-15));
  CHECK(bowl.gradient(2, 1)[1] == 2.0);
  // The rotated bowl along its long axis x = y is the bowl's flat direction: f(1, 1) = ½·0.1·2 = 0.1.
  CHECK(make_surface("rotated_bowl").value(1, 1) == Approx(0.1).epsilon(1e-15));
  // The saddle: a critical point at (0, 0) that is no minimum (f falls along y).
  const Surface saddle = make_surface("saddle");
  CHECK_FALSE(saddle.has_minimum);
  CHECK(saddle.gradient(0, 0) == std::array<double, 2>{0.0, 0.0});
  CHECK(saddle.value(0, 0.1) < saddle.value(0, 0));
  CHECK(saddle.value(0.1, 0) > saddle.value(0, 0));
  // The rss and mse surfaces: minimum at the closed-form fit, f* = RSS and RSS / 2N.
  std::vector<double> xs, ys;
  noisy_line(30, 11, xs, ys);
  const LinearFit fit = linear_regression(xs, ys);
  for (const char* name : {"rss", "mse"}) {
    INFO(name);
    const Surface s = make_surface(name, xs, ys);
    REQUIRE(s.has_minimum);
    CHECK(s.min_x == fit.w1);
    CHECK(s.min_y == fit.w0);
    const double f_star = std::string(name) == "rss" ? fit.rss : fit.rss / 60.0;
    CHECK(s.min_value == Approx(f_star).epsilon(1e-14));
    const auto g = s.gradient(fit.w1, fit.w0);
    const auto g_away = s.gradient(fit.w1 + 1.0, fit.w0 + 1.0);
    CHECK(std::abs(g[0]) < 1e-10 * std::abs(g_away[0]));
    CHECK(std::abs(g[1]) < 1e-10 * std::abs(g_away[1]));
  }
}

TEST_CASE("every surface's view box holds its start and its minimum", "[surfaces]") {
  std::vector<double> xs, ys;
  noisy_line(25, 3, xs, ys);
  for (const std::string& name : surface_names()) {
    INFO(name);
    const bool regression = name == "rss" || name == "mse";
    const Surface s = regression ? make_surface(name, xs, ys) : make_surface(name);
    CHECK(s.xmin < s.xmax);
    CHECK(s.ymin < s.ymax);
    CHECK(!s.formula.empty());
    CHECK((s.start_x > s.xmin && s.start_x < s.xmax && s.start_y > s.ymin && s.start_y < s.ymax));
    if (s.has_minimum) CHECK((s.min_x > s.xmin && s.min_x < s.xmax && s.min_y > s.ymin && s.min_y < s.ymax));
    if (s.has_minimum) CHECK(s.value(s.start_x, s.start_y) > s.min_value);
    CHECK(s.bound >= 1000.0 * std::max(std::abs(s.xmax), std::abs(s.ymax)));
  }
  CHECK_THROWS_WITH(make_surface("himmelblau"),
                    Catch::Contains("name must be one of") && Catch::Contains("'beale'"));
  CHECK_THROWS_WITH(make_surface("bowl", {1.0, 2.0}, {1.0, 2.0}),
                    Catch::Contains("only for 'rss' and 'mse'"));
  CHECK_THROWS_WITH(make_surface("rss"), Catch::Contains("at least 2 points"));
  CHECK_THROWS_WITH(make_surface("mse", {1.0, 1.0}, {1.0, 2.0}), Catch::Contains("xs must not all be equal"));
}

TEST_CASE("surface_grid is row-major ny × nx over the view box, row 0 at ymin", "[surfaces]") {
  const Surface s = make_surface("rosenbrock");  // view box [−2, 2] × [−1, 3]
  std::vector<double> values;
  surface_grid(s, 5, 3, values);  // x = −2, −1, 0, 1, 2;  y = −1, 1, 3
  REQUIRE(values.size() == 15);
  CHECK(values[0] == s.value(-2, -1));
  CHECK(values[4] == s.value(2, -1));
  CHECK(values[1 * 5 + 3] == s.value(1, 1));  // the minimum: 0
  CHECK(values[8] == 0.0);
  CHECK(values[2 * 5 + 2] == s.value(0, 3));  // (1 − 0)² + 100·9 = 901
  CHECK(values[12] == 901.0);
  CHECK(values[14] == s.value(2, 3));
  CHECK_THROWS_WITH(surface_grid(s, 1, 3, values), Catch::Contains("nx must be in [2, "));
  CHECK_THROWS_WITH(surface_grid(s, 3, 100000, values), Catch::Contains("ny must be in [2, "));
}

// ---- Optimizer paths -------------------------------------------------------------------------------------

TEST_CASE("sgd on the ill-conditioned bowl: first step by hand, then steady descent to the minimum",
          "[surfaces]") {
  const Surface bowl = make_surface("bowl");
  const Trajectory path = trajectory(bowl, with_type("sgd", 0.4), bowl.start_x, bowl.start_y, 300);
  REQUIRE_FALSE(path.stopped_early);
  CHECK(path.stop_reason.empty());
  REQUIRE(path.points.size() == 301);
  // t = 0 is the start (−9, 4): f = ½(0.1·81 + 2·16) = 20.05, no gradient or state yet.
  CHECK(path.points[0].t == 0);
  CHECK(path.points[0].x == -9.0);
  CHECK(path.points[0].value == Approx(20.05).epsilon(1e-15));
  CHECK(path.points[0].state.empty());  // sgd keeps no state
  CHECK(path.state_names.empty());
  // t = 1: g = (0.1·(−9), 2·4) = (−0.9, 8);  (x, y) = (−9 + 0.4·0.9, 4 − 0.4·8) = (−8.64, 0.8)
  CHECK(path.points[1].t == 1);
  CHECK(path.points[1].gx == Approx(-0.9).epsilon(1e-15));
  CHECK(path.points[1].gy == 8.0);
  CHECK(path.points[1].x == Approx(-8.64).epsilon(1e-15));
  CHECK(path.points[1].y == Approx(0.8).epsilon(1e-14));
  // η = 0.4 < 2/L (L = 2): every step lowers f; x shrinks by 0.96 a step, y by −0.2.
  bool falling = true;
  for (std::size_t t = 1; t < path.points.size(); ++t)
    falling = falling && path.points[t].value < path.points[t - 1].value;
  CHECK(falling);
  const TrajectoryPoint& last = path.points.back();
  CHECK(std::abs(last.x) < 1e-4);  // 9 · 0.96^300 ≈ 4.4e−5
  CHECK(std::abs(last.y) < 1e-12);
  CHECK(last.value < 1e-9);
}

TEST_CASE("a too-large learning rate diverges and the path stops with a reason, never a NaN", "[surfaces]") {
  const Surface bowl = make_surface("bowl");
  // η = 1.5: y ← (1 − 1.5·2) y = −2y doubles each step; from 4 it passes the bound 10000 at step 12 (16384).
  const Trajectory path = trajectory(bowl, with_type("sgd", 1.5), bowl.start_x, bowl.start_y, 1000);
  CHECK(path.stopped_early);
  CHECK_THAT(path.stop_reason, Catch::Contains("step 12") && Catch::Contains("diverged"));
  CHECK(path.points.size() == 12);  // t = 0 … 11
  CHECK(std::abs(path.points.back().y) == 8192.0);
  for (const auto& p : path.points) CHECK(all_finite(p));
  // Every optimizer, thrown far off on every surface, stops the same way.
  for (const char* name : {"bowl", "rotated_bowl", "rosenbrock", "saddle", "beale"}) {
    for (const char* type : {"sgd", "momentum", "rmsprop", "adam"}) {
      INFO(name << " with " << type);
      const Surface s = make_surface(name);
      const Trajectory p = trajectory(s, with_type(type, 100.0), s.start_x, s.start_y, 5000);
      bool finite = true;
      for (const auto& point : p.points) finite = finite && all_finite(point);
      CHECK(finite);
      if (p.stopped_early) CHECK_THAT(p.stop_reason, Catch::Contains("diverged"));
    }
  }
  const Surface rosen = make_surface("rosenbrock");
  const Trajectory wild = trajectory(rosen, with_type("sgd", 1.0), rosen.start_x, rosen.start_y, 100);
  CHECK(wild.stopped_early);
  CHECK(wild.points.size() < 10);
}

TEST_CASE("adam's and rmsprop's first step on the bowl equal the hand formula", "[surfaces]") {
  const Surface bowl = make_surface("bowl");
  // g_1 at the start (−9, 4) = (−0.9, 8).
  // Adam, t = 1: m = 0.1 g = (−0.09, 0.8), v = 0.001 g² = (0.00081, 0.064); m̂ = g, v̂ = g² = (0.81, 64)
  //   x = −9 − 0.1·(−0.9)/√(0.81 + 1e-8) = −9 + 0.09/0.90000000555556 = −8.9000000006172839
  //   y =  4 − 0.1·8/√(64 + 1e-8)       =  4 − 0.8/8.000000000625     =  3.9000000000078125
  const Trajectory adam = trajectory(bowl, with_type("adam", 0.1), bowl.start_x, bowl.start_y, 3);
  REQUIRE(adam.points.size() == 4);
  const TrajectoryPoint& a1 = adam.points[1];
  CHECK(a1.x == Approx(-8.9000000006172839).epsilon(1e-15));
  CHECK(a1.y == Approx(3.9000000000078125).epsilon(1e-15));
  CHECK(adam.state_names == std::vector<std::string>{"m", "v", "mhat", "vhat"});
  REQUIRE(a1.state.size() == 4);
  CHECK(a1.state[0][0] == Approx(-0.09).epsilon(1e-15));  // m
  CHECK(a1.state[1][1] == Approx(0.064).epsilon(1e-14));  // v
  CHECK(a1.state[2][0] == Approx(-0.9).epsilon(1e-14));   // m̂
  CHECK(a1.state[3][1] == Approx(64.0).epsilon(1e-12));   // v̂
  // The start carries the initial state: all zeros.
  REQUIRE(adam.points[0].state.size() == 4);
  for (const auto& entry : adam.points[0].state) CHECK(entry == std::array<double, 2>{0.0, 0.0});
  // RMSProp, t = 1: E[g²] = 0.1 g² = (0.081, 6.4)
  //   x = −9 + 0.1·0.9/√(0.081 + 1e-8) = −9 + 0.09/0.28460500698336 = −8.6837722535033927
  //   y =  4 − 0.1·8/√(6.4 + 1e-8)     =  4 − 0.8/2.5298221301111   =  3.6837722342302150
  //   (both coordinates move by ≈ η/√(1 − γ) = 0.316, whatever their gradients)
  const Trajectory rms = trajectory(bowl, with_type("rmsprop", 0.1), bowl.start_x, bowl.start_y, 3);
  const TrajectoryPoint& r1 = rms.points[1];
  CHECK(r1.x == Approx(-8.6837722535033927).epsilon(1e-15));
  CHECK(r1.y == Approx(3.6837722342302150).epsilon(1e-15));
  CHECK(rms.state_names == std::vector<std::string>{"s"});
  REQUIRE(r1.state.size() == 1);
  CHECK(r1.state[0][0] == Approx(0.081).epsilon(1e-15));
  CHECK(r1.state[0][1] == Approx(6.4).epsilon(1e-15));
  // And every later point agrees with stepping the optimizer by hand on the surface's gradient.
  auto opt = make_optimizer(with_type("adam", 0.1));
  std::array<double, 2> w = {bowl.start_x, bowl.start_y};
  for (std::size_t t = 1; t <= 3; ++t) {
    const auto g = bowl.gradient(w[0], w[1]);
    opt->step({ParamSlot{w.data(), g.data(), 2}});
    CHECK(adam.points[t].x == w[0]);
    CHECK(adam.points[t].y == w[1]);
    CHECK(adam.points[t].t == t);
  }
}

TEST_CASE("momentum outruns plain sgd down the bowl's flat direction at the same η", "[surfaces]") {
  // η = 0.1: sgd shrinks x by 0.99 a step; momentum (μ = 0.9) by about √0.9 ≈ 0.95.
  for (const char* name : {"bowl", "rotated_bowl"}) {
    INFO(name);
    const Surface s = make_surface(name);
    const Trajectory sgd = trajectory(s, with_type("sgd", 0.1), s.start_x, s.start_y, 100);
    const Trajectory momentum = trajectory(s, with_type("momentum", 0.1), s.start_x, s.start_y, 100);
    CHECK(momentum.points.back().value < 0.01 * sgd.points.back().value);
    // t = 1: v = 0.9·0 + g_1, and the step is sgd's.
    CHECK(momentum.state_names == std::vector<std::string>{"v"});
    CHECK(momentum.points[1].state[0] == std::array<double, 2>{momentum.points[1].gx, momentum.points[1].gy});
    CHECK(momentum.points[1].x == sgd.points[1].x);
  }
}

TEST_CASE("on the saddle, gradient descent stalls on the ridge and escapes from beside it", "[surfaces]") {
  const Surface saddle = make_surface("saddle");
  // From exactly y = 0 the gradient never has a y part: x ← 0.8 x, down into the saddle point.
  const Trajectory stuck = trajectory(saddle, with_type("sgd", 0.1), -1.5, 0.0, 200);
  CHECK_FALSE(stuck.stopped_early);
  CHECK(stuck.points.back().y == 0.0);
  CHECK(std::abs(stuck.points.back().x) < 1e-15);
  // From y = 0.05 it grows by 1.2 a step and leaves the bound 2000 at step 59 (0.05·1.2^59 ≈ 2348).
  const Trajectory escape = trajectory(saddle, with_type("sgd", 0.1), saddle.start_x, saddle.start_y, 200);
  CHECK(escape.stopped_early);
  CHECK_THAT(escape.stop_reason, Catch::Contains("step 59") && Catch::Contains("left the bound"));
  CHECK(escape.points.size() == 59);
}

TEST_CASE("trajectory refuses a bad start, too many steps and a bad optimizer", "[surfaces]") {
  const Surface bowl = make_surface("bowl");
  const double nan = std::numeric_limits<double>::quiet_NaN();
  CHECK_THROWS_WITH(trajectory(bowl, with_type("sgd", 0.1), nan, 0, 10), Catch::Contains("must be finite"));
  CHECK_THROWS_WITH(trajectory(bowl, with_type("sgd", 0.1), 0, 1e9, 10), Catch::Contains("must lie within"));
  CHECK_THROWS_WITH(trajectory(bowl, with_type("sgd", 0.1), 0, 0, kMaxPathSteps + 1),
                    Catch::Contains("at most"));
  CHECK_THROWS_WITH(trajectory(bowl, with_type("nesterov", 0.1), 0, 0, 10),
                    Catch::Contains("type must be one of"));
  CHECK_THROWS_WITH(trajectory(bowl, with_type("sgd", -0.1), 0, 0, 10),
                    "optimizer: lr must be a finite number in (0, 100], got -0.1");
  CHECK(trajectory(bowl, with_type("sgd", 0.1), 1, 2, 0).points.size() == 1);
}

// ---- Q10: batch, stochastic and mini-batch gradient descent ---------------------------------------------

TEST_CASE("Q10: the minibatch path's first full-batch step by hand", "[surfaces]") {
  // (0, 1), (1, 3), (2, 5) from w = (0, 0): ∇RSS = (−26, −18) (by hand above), so
  // ∇J = ∇RSS / (2·3) = (−13/3, −3);  η = 0.1: w1 = 0.43333…, w0 = 0.3.
  // J at the start = RSS/(2N) = 35/6; after: e = (0.7, 2.2666…, 3.8333…),
  // J = (0.49 + 5.13777… + 14.69444…)/6.
  const Trajectory path = minibatch_trajectory(kLineX, kLineY, 3, 1, 1, with_type("sgd", 0.1), 0.0, 0.0);
  REQUIRE(path.points.size() == 2);
  CHECK(path.points[0].value == Approx(35.0 / 6.0).epsilon(1e-15));
  CHECK(path.points[1].gx == Approx(-13.0 / 3.0).epsilon(1e-15));
  CHECK(path.points[1].gy == Approx(-3.0).epsilon(1e-15));
  CHECK(path.points[1].x == Approx(0.43333333333333333).epsilon(1e-15));
  CHECK(path.points[1].y == Approx(0.3).epsilon(1e-15));
  CHECK(path.points[1].value ==
        Approx((0.49 + 5.1377777777777778 + 14.694444444444444) / 6.0).epsilon(1e-14));
  CHECK(path.points[1].epoch == 1);
}

TEST_CASE("Q10: B = N is batch gradient descent on the mse surface", "[surfaces]") {
  std::vector<double> xs, ys;
  noisy_line(20, 9, xs, ys);
  const Surface mse = make_surface("mse", xs, ys);
  for (const char* type : {"sgd", "momentum", "adam"}) {
    INFO(type);
    const OptimizerConfig config = with_type(type, 0.05);
    const Trajectory batch = minibatch_trajectory(xs, ys, 20, 4, 30, config, mse.start_x, mse.start_y);
    const Trajectory whole = trajectory(mse, config, mse.start_x, mse.start_y, 30);
    REQUIRE(batch.points.size() == 31);  // one update per epoch
    REQUIRE(whole.points.size() == 31);
    for (std::size_t t = 0; t <= 30; ++t) {
      // The batch sums the same points in shuffled order: equal to rounding.
      CHECK(batch.points[t].x == Approx(whole.points[t].x).epsilon(1e-12));
      CHECK(batch.points[t].y == Approx(whole.points[t].y).epsilon(1e-12));
      CHECK(batch.points[t].value == Approx(whole.points[t].value).epsilon(1e-12));
      CHECK(batch.points[t].epoch == t);  // step t is epoch t
    }
  }
  // B = 0 means the whole set too, and so does any B ≥ N.
  const Trajectory zero = minibatch_trajectory(xs, ys, 0, 4, 5, with_type("sgd", 0.05), 0, 0);
  const Trajectory big = minibatch_trajectory(xs, ys, 1000, 4, 5, with_type("sgd", 0.05), 0, 0);
  const Trajectory exact = minibatch_trajectory(xs, ys, 20, 4, 5, with_type("sgd", 0.05), 0, 0);
  REQUIRE(zero.points.size() == 6);
  REQUIRE(big.points.size() == 6);
  CHECK(zero.points[5].x == exact.points[5].x);
  CHECK(big.points[5].y == exact.points[5].y);
  // Full-batch sgd with a small η lowers J at every step (to rounding, once at the bottom), and heads to the
  // closed-form fit.
  const Trajectory long_run = minibatch_trajectory(xs, ys, 0, 4, 2000, with_type("sgd", 0.05), 0, 0);
  bool falling = true;
  for (std::size_t t = 1; t < long_run.points.size(); ++t)
    falling = falling && long_run.points[t].value <= long_run.points[t - 1].value * (1 + 1e-14);
  CHECK(falling);
  CHECK(long_run.points.back().x == Approx(mse.min_x).epsilon(1e-6));
  CHECK(long_run.points.back().y == Approx(mse.min_y).epsilon(1e-6).margin(1e-6));
}

TEST_CASE("Q10: B = 1 takes N updates per epoch, each on one point, each point once", "[surfaces]") {
  std::vector<double> xs, ys;
  noisy_line(10, 2, xs, ys);
  const Trajectory path = minibatch_trajectory(xs, ys, 1, 17, 3, with_type("sgd", 0.01), 0.5, -0.5);
  REQUIRE(path.points.size() == 3 * 10 + 1);
  for (std::size_t epoch = 1; epoch <= 3; ++epoch) {
    std::set<std::size_t> used;
    for (std::size_t k = 0; k < 10; ++k) {
      const std::size_t t = (epoch - 1) * 10 + k + 1;
      const TrajectoryPoint& before = path.points[t - 1];
      const TrajectoryPoint& p = path.points[t];
      CHECK(p.t == t);
      CHECK(p.epoch == epoch);
      // One point's ∇J = −(e_i x_i, e_i) at the previous w: find which.
      std::size_t which = 10;
      for (std::size_t i = 0; i < 10; ++i) {
        const double e = ys[i] - (before.x * xs[i] + before.y);
        if (p.gy == -e && p.gx == -(e * xs[i])) which = i;
      }
      CHECK(which < 10);
      used.insert(which);
      CHECK(p.x == before.x - 0.01 * p.gx);  // sgd, w ← w − η g
    }
    CHECK(used.size() == 10);  // every point exactly once in the epoch
  }
  // B = 3 of N = 10: ⌈10/3⌉ = 4 updates per epoch (3, 3, 3, 1 points), nothing carried to the next epoch.
  const Trajectory mini = minibatch_trajectory(xs, ys, 3, 17, 5, with_type("momentum", 0.01), 0, 0);
  REQUIRE(mini.points.size() == 5 * 4 + 1);
  CHECK(mini.points[4].epoch == 1);
  CHECK(mini.points[5].epoch == 2);
  CHECK(mini.points[20].epoch == 5);
  CHECK(mini.points[20].t == 20);
  CHECK(mini.state_names == std::vector<std::string>{"v"});
  REQUIRE(mini.points[20].state.size() == 1);
}

TEST_CASE("Q10: the same seed gives the same path, another seed another", "[surfaces]") {
  std::vector<double> xs, ys;
  noisy_line(15, 8, xs, ys);
  for (const char* type : {"sgd", "rmsprop", "adam"}) {
    INFO(type);
    const OptimizerConfig config = with_type(type, 0.02);
    const Trajectory a = minibatch_trajectory(xs, ys, 4, 99, 10, config, 0, 0);
    const Trajectory b = minibatch_trajectory(xs, ys, 4, 99, 10, config, 0, 0);
    const Trajectory c = minibatch_trajectory(xs, ys, 4, 100, 10, config, 0, 0);
    REQUIRE(a.points.size() == 10 * 4 + 1);
    REQUIRE(b.points.size() == a.points.size());
    REQUIRE(c.points.size() == a.points.size());
    bool same = true, differs = false;
    for (std::size_t t = 0; t < a.points.size(); ++t) {
      same = same && a.points[t].x == b.points[t].x && a.points[t].y == b.points[t].y &&
             a.points[t].value == b.points[t].value && a.points[t].gx == b.points[t].gx;
      differs = differs || a.points[t].x != c.points[t].x;
    }
    CHECK(same);
    CHECK(differs);
  }
}

TEST_CASE("Q10: minibatch paths stop on divergence and refuse bad arguments", "[surfaces]") {
  std::vector<double> xs, ys;
  noisy_line(10, 2, xs, ys);
  const Trajectory wild = minibatch_trajectory(xs, ys, 2, 1, 100, with_type("sgd", 5.0), 0, 0);
  CHECK(wild.stopped_early);
  CHECK_THAT(wild.stop_reason, Catch::Contains("diverged"));
  for (const auto& p : wild.points) CHECK(all_finite(p));
  CHECK_THROWS_WITH(minibatch_trajectory(xs, {1.0}, 1, 1, 1, with_type("sgd", 0.1), 0, 0),
                    Catch::Contains("xs and ys must have the same length"));
  CHECK_THROWS_WITH(minibatch_trajectory(xs, ys, 1, 1, kMaxPathSteps, with_type("sgd", 0.1), 0, 0),
                    Catch::Contains("epochs × ⌈N/B⌉ must be at most"));
  const double inf = std::numeric_limits<double>::infinity();
  CHECK_THROWS_WITH(minibatch_trajectory(xs, ys, 1, 1, 1, with_type("sgd", 0.1), -inf, 0),
                    Catch::Contains("must be finite"));
  CHECK(minibatch_trajectory(xs, ys, 1, 1, 0, with_type("sgd", 0.1), 0, 0).points.size() == 1);
}

TEST_CASE("surface calls do bounded work: grid cells, path steps and epochs shrink as the data grows",
          "[surfaces]") {
  // 100000 data points: every rss/mse value or gradient is 100000 terms, and one call evaluates 2e8.
  std::vector<double> xs, ys;
  noisy_line(kMaxSurfacePoints, 3, xs, ys);
  const Surface rss = make_surface("rss", xs, ys);
  std::vector<double> values;
  CHECK_THROWS_WITH(surface_grid(rss, 4001, 1, values),
                    Catch::Contains("must be in [2, 2048]"));  // (the side limits come first)
  CHECK_THROWS_WITH(
      surface_grid(rss, 40, 51, values),
      "surface_grid: nx × ny must be at most 2000 here (one call evaluates at most 200000000 terms, "
      "100000 each here), got 2040; use a coarser grid or fewer data points");
  CHECK_THROWS_WITH(
      trajectory(rss, with_type("sgd", 1e-9), 0, 0, 1001),
      "trajectory: steps must be at most 1000 here (one call evaluates at most 200000000 terms, "
      "200000 each here), got 1001; take fewer steps or use fewer data points");
  CHECK_THROWS_WITH(
      minibatch_trajectory(xs, ys, 0, 1, 223, with_type("sgd", 1e-9), 0, 0),
      "minibatch_trajectory: epochs must be at most 222 here (one call evaluates at most 200000000 terms, "
      "900000 each here), got 223; run fewer epochs, use fewer data points or larger batches");
  // Batches of 1000: (8 + 100) × 100000 terms an epoch.
  CHECK_THROWS_WITH(minibatch_trajectory(xs, ys, 1000, 1, 19, with_type("sgd", 1e-9), 0, 0),
                    Catch::StartsWith("minibatch_trajectory: epochs must be at most 18 here"));
  // The analytic surfaces cost one term a point: their whole range of grids and paths stays open.
  surface_grid(make_surface("rosenbrock"), kMaxGridSide, kMaxGridSide, values);
  CHECK(values.size() == kMaxGridSide * kMaxGridSide);
  CHECK(trajectory(make_surface("bowl"), with_type("sgd", 0.1), 1, 1, kMaxPathSteps).points.size() ==
        kMaxPathSteps + 1);
}
