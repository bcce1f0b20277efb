// The data sets (see datasets.hpp): the generators and their clean rules, the iris table, the split, and
// the Bayes error and Bayes loss of each set.
#include "datasets.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>

#include "fastmath.hpp"
#include "rng.hpp"
#include "text.hpp"

namespace bp {

namespace {

constexpr double kPi = 3.14159265358979323846;

// ---- sin and cos: our own (fastmath.hpp), so the spiral, moons and sin sets have the same bits natively
// and in wasm (glibc's and musl's sin/cos differ by an ulp).
struct SinCos {
  double sin, cos;
};
SinCos sin_cos(double x) {
  return {fm::sin(x), fm::cos(x)};
}

// ---- the 2-D classification sets: a point of a given clean class
// Each sampler draws from its class's own region only; the regions of different classes are disjoint, so
// the clean label is a function of the point (see datasets.hpp for why that makes the Bayes error exact).

struct Point2 {
  double x1, x2;
};

bool in_box(const Point2& p) {
  return std::abs(p.x1) <= kInputBox && std::abs(p.x2) <= kInputBox;
}

// Class 1: the disc r ≤ 0.5; class 0: the ring 0.7 ≤ r ≤ 1. Uniform in area, by rejection from a square.
Point2 circle_point(std::size_t cls, Rng& rng) {
  const double r_lo = cls == 1 ? 0.0 : 0.7, r_hi = cls == 1 ? 0.5 : 1.0;
  for (;;) {
    const Point2 p{rng.uniform(-r_hi, r_hi), rng.uniform(-r_hi, r_hi)};
    const double r2 = p.x1 * p.x1 + p.x2 * p.x2;
    if (r2 >= r_lo * r_lo && r2 <= r_hi * r_hi) return p;
  }
}

// Class 1: quadrants I and III (x1 x2 > 0); class 0: II and IV; a band of 0.1 kept clear of both axes.
Point2 xor_point(std::size_t cls, Rng& rng) {
  const double a = rng.uniform(0.1, 1.0), b = rng.uniform(0.1, 1.0);
  const double s1 = rng.below(2) == 0 ? -1.0 : 1.0;
  const double s2 = cls == 1 ? s1 : -s1;
  return {s1 * a, s2 * b};
}

// Gaussian blobs σ = 0.2 at ±(0.4, 0.4), each truncated to its own side of x1 + x2 = 0 (distance ≥ 0.05).
Point2 gauss_point(std::size_t cls, Rng& rng) {
  const double side = cls == 1 ? 1.0 : -1.0;
  const double min_sum = 0.05 * std::sqrt(2.0);  // distance to the line is |x1 + x2| / √2
  for (;;) {
    const Point2 p{side * 0.4 + 0.2 * rng.normal(), side * 0.4 + 0.2 * rng.normal()};
    if (side * (p.x1 + p.x2) >= min_sum && in_box(p)) return p;
  }
}

// Arm k: the points (−1)^k (aθ + j)(cos θ, sin θ), θ in [π/2, 7π/2], |j| ≤ aπ/4. Along any ray from the
// origin the bands of the two arms alternate with centres aπ apart and half-width aπ/4, so they never
// meet; θ ≥ π/2 keeps the radius positive (aθ − aπ/4 > 0), and the outer edge a(7π/2 + π/4) is 1.
Point2 spiral_point(std::size_t cls, Rng& rng) {
  constexpr double a = 1.0 / (3.75 * kPi);
  const double theta = rng.uniform(0.5 * kPi, 3.5 * kPi);
  const double radius = a * theta + rng.uniform(-0.25 * a * kPi, 0.25 * a * kPi);
  const SinCos sc = sin_cos(theta);
  const double sign = cls == 0 ? 1.0 : -1.0;
  return {sign * radius * sc.cos, sign * radius * sc.sin};
}

// The usual two moons: class 0 the upper half circle of radius 1 about (0, 0), class 1 the lower half
// circle about (1, 0.5). The arcs are 0.5 apart at their closest; a radial jitter of ±0.15 leaves ≥ 0.2.
// Then x ∈ [−1.15, 2.15] is scaled onto [−1, 1] (y by the same factor, about its centre 0.25).
Point2 moons_point(std::size_t cls, Rng& rng) {
  constexpr double jitter = 0.15, scale = 2.0 / 3.3;
  const double t = rng.uniform(0.0, kPi);
  const double radius = 1.0 + rng.uniform(-jitter, jitter);
  const SinCos sc = sin_cos(t);
  const double x = cls == 0 ? radius * sc.cos : 1.0 - radius * sc.cos;
  const double y = cls == 0 ? radius * sc.sin : 0.5 - radius * sc.sin;
  return {(x - 0.5) * scale, (y - 0.25) * scale};
}

// Blob k: σ = 0.18 about 0.55 (cos φ_k, sin φ_k), φ_k = 90° + 120° k, truncated to the points at least
// 0.05 closer to its own centre's side of each bisector (its third of the plane, shrunk) and to the box.
Point2 blobs3_point(std::size_t cls, Rng& rng) {
  const double h = 0.55 * std::sqrt(3.0) / 2.0;
  const Point2 centres[3] = {{0.0, 0.55}, {-h, -0.275}, {h, -0.275}};
  const Point2& c = centres[cls];
  for (;;) {
    const Point2 p{c.x1 + 0.18 * rng.normal(), c.x2 + 0.18 * rng.normal()};
    bool inside = in_box(p);
    for (std::size_t other = 0; other < 3 && inside; ++other) {
      if (other == cls) continue;
      // Signed distance of p from the bisector of c and centres[other], positive on c's side: the centres
      // have equal norms, so the bisector passes through the origin with normal c − c_other.
      const double nx = c.x1 - centres[other].x1, ny = c.x2 - centres[other].x2;
      inside = (p.x1 * nx + p.x2 * ny) / std::sqrt(nx * nx + ny * ny) >= 0.05;
    }
    if (inside) return p;
  }
}

// ---- the regression targets f(x), before noise

double sin_target(const double* x) {
  return sin_cos(kPi * x[0]).sin;
}
double abs_target(const double* x) {
  return std::abs(x[0]);
}
double step_target(const double* x) {
  return x[0] < 0 ? -0.5 : 0.5;
}
double cubic_target(const double* x) {
  return (4.0 * x[0] * x[0] - 3.0) * x[0];
}
double line_target(const double* x) {
  return kLineW1 * x[0] + kLineW0;
}
double plane_target(const double* x) {
  return kPlaneA * x[0] + kPlaneB * x[1] + kPlaneC;
}

// ---- the table of generated sets: the one place that knows each

using ClassSampler = Point2 (*)(std::size_t cls, Rng& rng);
using TargetFunction = double (*)(const double* x);

struct Kind {
  const char* name;
  Task task;
  std::size_t num_features, num_classes;
  ClassSampler sample;    // classification
  TargetFunction target;  // regression
  const char* description;
};

constexpr double kMaxFlip = 0.5;   // ρ
constexpr double kMaxSigma = 1.0;  // σ

const Kind kKinds[] = {
    {"circle", Task::classification, 2, 2, circle_point, nullptr,
     "label 1 inside the disc r <= 0.5, label 0 in the ring 0.7 <= r <= 1"},
    {"xor", Task::classification, 2, 2, xor_point, nullptr,
     "label 1 where x1 x2 > 0 (quadrants I and III), points at least 0.1 from both axes"},
    {"gauss", Task::classification, 2, 2, gauss_point, nullptr,
     "two Gaussian blobs at (0.4, 0.4) (label 1) and (-0.4, -0.4), each kept on its side of x1 + x2 = 0"},
    {"spiral", Task::classification, 2, 2, spiral_point, nullptr,
     "two interleaved spiral arms, one per label, their bands never touching"},
    {"moons", Task::classification, 2, 2, moons_point, nullptr,
     "two interleaved half circles, label 0 the upper, label 1 the lower"},
    {"blobs3", Task::classification, 2, 3, blobs3_point, nullptr,
     "three Gaussian blobs, one per class, each kept in its own third of the plane"},
    {"sin", Task::regression, 1, 0, nullptr, sin_target, "y = sin(pi x) + noise, x in [-1, 1]"},
    {"abs", Task::regression, 1, 0, nullptr, abs_target, "y = |x| + noise, x in [-1, 1]"},
    {"step", Task::regression, 1, 0, nullptr, step_target, "y = -0.5 for x < 0, 0.5 for x >= 0, + noise"},
    {"cubic", Task::regression, 1, 0, nullptr, cubic_target, "y = 4x^3 - 3x + noise, x in [-1, 1]"},
    {"plane", Task::regression, 2, 0, nullptr, plane_target, "y = 0.6 x1 - 0.4 x2 + 0.2 + noise"},
    {"line", Task::regression, 1, 0, nullptr, line_target, "y = 1.5 x - 0.5 + noise, x in [-1, 1]"},
};

// ---- iris
// Fisher's iris (data/iris.csv, source and licence in data/README.md), embedded so that the wasm page reads
// no file. Generated from the CSV (three rows to a line) with
//   awk -F, 'NR>1{printf "{{%s, %s, %s, %s}, %s},\n", $1, $2, $3, $4, $5}' data/iris.csv
// and checked against it, value for value, by tests/core/test_datasets.cpp.

struct IrisRow {
  double features[4];  // sepal length, sepal width, petal length, petal width (cm)
  int species;         // 0 setosa, 1 versicolor, 2 virginica
};

constexpr std::size_t kIrisRows = 150;
const IrisRow kIris[kIrisRows] = {
    {{5.1, 3.5, 1.4, 0.2}, 0}, {{4.9, 3.0, 1.4, 0.2}, 0}, {{4.7, 3.2, 1.3, 0.2}, 0},
    {{4.6, 3.1, 1.5, 0.2}, 0}, {{5.0, 3.6, 1.4, 0.2}, 0}, {{5.4, 3.9, 1.7, 0.4}, 0},
    {{4.6, 3.4, 1.4, 0.3}, 0}, {{5.0, 3.4, 1.5, 0.2}, 0}, {{4.4, 2.9, 1.4, 0.2}, 0},
    {{4.9, 3.1, 1.5, 0.1}, 0}, {{5.4, 3.7, 1.5, 0.2}, 0}, {{4.8, 3.4, 1.6, 0.2}, 0},
    {{4.8, 3.0, 1.4, 0.1}, 0}, {{4.3, 3.0, 1.1, 0.1}, 0}, {{5.8, 4.0, 1.2, 0.2}, 0},
    {{5.7, 4.4, 1.5, 0.4}, 0}, {{5.4, 3.9, 1.3, 0.4}, 0}, {{5.1, 3.5, 1.4, 0.3}, 0},
    {{5.7, 3.8, 1.7, 0.3}, 0}, {{5.1, 3.8, 1.5, 0.3}, 0}, {{5.4, 3.4, 1.7, 0.2}, 0},
    {{5.1, 3.7, 1.5, 0.4}, 0}, {{4.6, 3.6, 1.0, 0.2}, 0}, {{5.1, 3.3, 1.7, 0.5}, 0},
    {{4.8, 3.4, 1.9, 0.2}, 0}, {{5.0, 3.0, 1.6, 0.2}, 0}, {{5.0, 3.4, 1.6, 0.4}, 0},
    {{5.2, 3.5, 1.5, 0.2}, 0}, {{5.2, 3.4, 1.4, 0.2}, 0}, {{4.7, 3.2, 1.6, 0.2}, 0},
    {{4.8, 3.1, 1.6, 0.2}, 0}, {{5.4, 3.4, 1.5, 0.4}, 0}, {{5.2, 4.1, 1.5, 0.1}, 0},
    {{5.5, 4.2, 1.4, 0.2}, 0}, {{4.9, 3.1, 1.5, 0.2}, 0}, {{5.0, 3.2, 1.2, 0.2}, 0},
    {{5.5, 3.5, 1.3, 0.2}, 0}, {{4.9, 3.6, 1.4, 0.1}, 0}, {{4.4, 3.0, 1.3, 0.2}, 0},
    {{5.1, 3.4, 1.5, 0.2}, 0}, {{5.0, 3.5, 1.3, 0.3}, 0}, {{4.5, 2.3, 1.3, 0.3}, 0},
    {{4.4, 3.2, 1.3, 0.2}, 0}, {{5.0, 3.5, 1.6, 0.6}, 0}, {{5.1, 3.8, 1.9, 0.4}, 0},
    {{4.8, 3.0, 1.4, 0.3}, 0}, {{5.1, 3.8, 1.6, 0.2}, 0}, {{4.6, 3.2, 1.4, 0.2}, 0},
    {{5.3, 3.7, 1.5, 0.2}, 0}, {{5.0, 3.3, 1.4, 0.2}, 0}, {{7.0, 3.2, 4.7, 1.4}, 1},
    {{6.4, 3.2, 4.5, 1.5}, 1}, {{6.9, 3.1, 4.9, 1.5}, 1}, {{5.5, 2.3, 4.0, 1.3}, 1},
    {{6.5, 2.8, 4.6, 1.5}, 1}, {{5.7, 2.8, 4.5, 1.3}, 1}, {{6.3, 3.3, 4.7, 1.6}, 1},
    {{4.9, 2.4, 3.3, 1.0}, 1}, {{6.6, 2.9, 4.6, 1.3}, 1}, {{5.2, 2.7, 3.9, 1.4}, 1},
    {{5.0, 2.0, 3.5, 1.0}, 1}, {{5.9, 3.0, 4.2, 1.5}, 1}, {{6.0, 2.2, 4.0, 1.0}, 1},
    {{6.1, 2.9, 4.7, 1.4}, 1}, {{5.6, 2.9, 3.6, 1.3}, 1}, {{6.7, 3.1, 4.4, 1.4}, 1},
    {{5.6, 3.0, 4.5, 1.5}, 1}, {{5.8, 2.7, 4.1, 1.0}, 1}, {{6.2, 2.2, 4.5, 1.5}, 1},
    {{5.6, 2.5, 3.9, 1.1}, 1}, {{5.9, 3.2, 4.8, 1.8}, 1}, {{6.1, 2.8, 4.0, 1.3}, 1},
    {{6.3, 2.5, 4.9, 1.5}, 1}, {{6.1, 2.8, 4.7, 1.2}, 1}, {{6.4, 2.9, 4.3, 1.3}, 1},
    {{6.6, 3.0, 4.4, 1.4}, 1}, {{6.8, 2.8, 4.8, 1.4}, 1}, {{6.7, 3.0, 5.0, 1.7}, 1},
    {{6.0, 2.9, 4.5, 1.5}, 1}, {{5.7, 2.6, 3.5, 1.0}, 1}, {{5.5, 2.4, 3.8, 1.1}, 1},
    {{5.5, 2.4, 3.7, 1.0}, 1}, {{5.8, 2.7, 3.9, 1.2}, 1}, {{6.0, 2.7, 5.1, 1.6}, 1},
    {{5.4, 3.0, 4.5, 1.5}, 1}, {{6.0, 3.4, 4.5, 1.6}, 1}, {{6.7, 3.1, 4.7, 1.5}, 1},
    {{6.3, 2.3, 4.4, 1.3}, 1}, {{5.6, 3.0, 4.1, 1.3}, 1}, {{5.5, 2.5, 4.0, 1.3}, 1},
    {{5.5, 2.6, 4.4, 1.2}, 1}, {{6.1, 3.0, 4.6, 1.4}, 1}, {{5.8, 2.6, 4.0, 1.2}, 1},
    {{5.0, 2.3, 3.3, 1.0}, 1}, {{5.6, 2.7, 4.2, 1.3}, 1}, {{5.7, 3.0, 4.2, 1.2}, 1},
    {{5.7, 2.9, 4.2, 1.3}, 1}, {{6.2, 2.9, 4.3, 1.3}, 1}, {{5.1, 2.5, 3.0, 1.1}, 1},
    {{5.7, 2.8, 4.1, 1.3}, 1}, {{6.3, 3.3, 6.0, 2.5}, 2}, {{5.8, 2.7, 5.1, 1.9}, 2},
    {{7.1, 3.0, 5.9, 2.1}, 2}, {{6.3, 2.9, 5.6, 1.8}, 2}, {{6.5, 3.0, 5.8, 2.2}, 2},
    {{7.6, 3.0, 6.6, 2.1}, 2}, {{4.9, 2.5, 4.5, 1.7}, 2}, {{7.3, 2.9, 6.3, 1.8}, 2},
    {{6.7, 2.5, 5.8, 1.8}, 2}, {{7.2, 3.6, 6.1, 2.5}, 2}, {{6.5, 3.2, 5.1, 2.0}, 2},
    {{6.4, 2.7, 5.3, 1.9}, 2}, {{6.8, 3.0, 5.5, 2.1}, 2}, {{5.7, 2.5, 5.0, 2.0}, 2},
    {{5.8, 2.8, 5.1, 2.4}, 2}, {{6.4, 3.2, 5.3, 2.3}, 2}, {{6.5, 3.0, 5.5, 1.8}, 2},
    {{7.7, 3.8, 6.7, 2.2}, 2}, {{7.7, 2.6, 6.9, 2.3}, 2}, {{6.0, 2.2, 5.0, 1.5}, 2},
    {{6.9, 3.2, 5.7, 2.3}, 2}, {{5.6, 2.8, 4.9, 2.0}, 2}, {{7.7, 2.8, 6.7, 2.0}, 2},
    {{6.3, 2.7, 4.9, 1.8}, 2}, {{6.7, 3.3, 5.7, 2.1}, 2}, {{7.2, 3.2, 6.0, 1.8}, 2},
    {{6.2, 2.8, 4.8, 1.8}, 2}, {{6.1, 3.0, 4.9, 1.8}, 2}, {{6.4, 2.8, 5.6, 2.1}, 2},
    {{7.2, 3.0, 5.8, 1.6}, 2}, {{7.4, 2.8, 6.1, 1.9}, 2}, {{7.9, 3.8, 6.4, 2.0}, 2},
    {{6.4, 2.8, 5.6, 2.2}, 2}, {{6.3, 2.8, 5.1, 1.5}, 2}, {{6.1, 2.6, 5.6, 1.4}, 2},
    {{7.7, 3.0, 6.1, 2.3}, 2}, {{6.3, 3.4, 5.6, 2.4}, 2}, {{6.4, 3.1, 5.5, 1.8}, 2},
    {{6.0, 3.0, 4.8, 1.8}, 2}, {{6.9, 3.1, 5.4, 2.1}, 2}, {{6.7, 3.1, 5.6, 2.4}, 2},
    {{6.9, 3.1, 5.1, 2.3}, 2}, {{5.8, 2.7, 5.1, 1.9}, 2}, {{6.8, 3.2, 5.9, 2.3}, 2},
    {{6.7, 3.3, 5.7, 2.5}, 2}, {{6.7, 3.0, 5.2, 2.3}, 2}, {{6.3, 2.5, 5.0, 1.9}, 2},
    {{6.5, 3.0, 5.2, 2.0}, 2}, {{6.2, 3.4, 5.4, 2.3}, 2}, {{5.9, 3.0, 5.1, 1.8}, 2},
};

Dataset make_iris() {
  Dataset d;
  d.name = "iris";
  d.task = Task::classification;
  d.X = Matrix::from_shape({kIrisRows, 4});
  d.Y = xt::zeros<double>({kIrisRows, std::size_t{3}});
  for (std::size_t j = 0; j < kIrisRows; ++j) {
    for (std::size_t i = 0; i < 4; ++i) d.X(j, i) = kIris[j].features[i];
    d.Y(j, static_cast<std::size_t>(kIris[j].species)) = 1.0;
  }
  d.feature_names = {"sepal_length", "sepal_width", "petal_length", "petal_width"};
  d.target_names = {"setosa", "versicolor", "virginica"};
  d.num_classes = 3;
  d.bayes_known = false;
  return d;
}

// ---- making a generated set

const Kind* find_kind(const std::string& name) {
  for (const Kind& kind : kKinds)
    if (name == kind.name) return &kind;
  return nullptr;
}

std::string names_list() {
  std::string out;
  for (const std::string& name : dataset_names()) out += (out.empty() ? "'" : ", '") + name + "'";
  return out;
}

std::vector<std::string> feature_names_for(std::size_t num_features) {
  if (num_features == 1) return {"x"};
  return {"x1", "x2"};
}

Dataset make_classification(const Kind& kind, std::size_t n, double rho, std::uint64_t seed) {
  const std::size_t k = kind.num_classes;
  Rng points = Rng::stream(seed, RngStream::points), noise = Rng::stream(seed, RngStream::noise);
  Dataset d;
  d.X = Matrix::from_shape({n, std::size_t{2}});
  d.Y = xt::zeros<double>({n, k == 2 ? std::size_t{1} : k});
  d.flipped.assign(n, 0);
  for (std::size_t j = 0; j < n; ++j) {
    const std::size_t clean = j % k;
    const Point2 p = kind.sample(clean, points);
    d.X(j, 0) = p.x1;
    d.X(j, 1) = p.x2;
    // Both draws are made whatever ρ is, so the same seed flips a superset of rows as ρ grows.
    const double u = noise.uniform();
    const std::size_t shift = k == 2 ? 1 : 1 + noise.below(static_cast<std::uint32_t>(k - 1));
    const bool flip = u < rho;
    const std::size_t label = flip ? (clean + shift) % k : clean;
    d.flipped[j] = flip ? 1 : 0;
    if (k == 2) {
      d.Y(j, 0) = static_cast<double>(label);
    } else {
      d.Y(j, label) = 1.0;
    }
  }
  d.num_classes = k;
  d.label_noise = rho;
  if (k == 2) {
    d.target_names = {"y"};
  } else {
    for (std::size_t c = 0; c < k; ++c) d.target_names.push_back("class " + std::to_string(c));
  }
  return d;
}

Dataset make_regression(const Kind& kind, std::size_t n, double sigma, std::uint64_t seed) {
  Rng points = Rng::stream(seed, RngStream::points), noise = Rng::stream(seed, RngStream::noise);
  Dataset d;
  d.X = Matrix::from_shape({n, kind.num_features});
  d.Y = Matrix::from_shape({n, std::size_t{1}});
  for (std::size_t j = 0; j < n; ++j) {
    double x[2];
    for (std::size_t i = 0; i < kind.num_features; ++i)
      x[i] = d.X(j, i) = points.uniform(-kInputBox, kInputBox);
    d.Y(j, 0) = kind.target(x) + sigma * noise.normal();
  }
  d.noise_sigma = sigma;
  d.target_names = {"y"};
  return d;
}

double binary_entropy(double p) {
  double h = 0.0;
  if (p > 0) h -= p * std::log(p);
  if (p < 1) h -= (1.0 - p) * std::log(1.0 - p);
  return h;
}

}  // namespace

std::size_t target_class(const double* y, std::size_t outputs) {
  if (outputs == 1) return y[0] >= 0.5 ? 1 : 0;
  std::size_t actual = 0;
  for (std::size_t i = 1; i < outputs; ++i)
    if (y[i] > y[actual]) actual = i;
  return actual;
}

std::vector<std::size_t> target_classes(const Dataset& d) {
  if (d.task != Task::classification) return {};
  const std::size_t n = d.Y.shape()[0], outputs = d.Y.shape()[1];
  std::vector<std::size_t> classes(n);
  for (std::size_t j = 0; j < n; ++j) classes[j] = target_class(d.Y.data() + j * outputs, outputs);
  return classes;
}

const char* task_name(Task task) {
  return task == Task::classification ? "classification" : "regression";
}

std::vector<std::string> dataset_names() {
  std::vector<std::string> names;
  for (const Kind& kind : kKinds) names.push_back(kind.name);
  names.push_back("iris");
  return names;
}

DatasetInfo dataset_info(const std::string& name) {
  DatasetInfo info;
  info.name = name;
  if (name == "iris") {
    info.task = Task::classification;
    info.num_features = 4;
    info.num_outputs = info.num_classes = 3;
    info.max_noise = 0.0;
    info.noise_meaning = "none (measured data)";
    info.description = "Fisher's iris: 150 flowers, 4 measurements in cm, 3 species (50 each)";
    return info;
  }
  const Kind* kind = find_kind(name);
  require(kind != nullptr, "dataset", "name must be one of " + names_list() + ", got " + quoted(name));
  info.task = kind->task;
  info.num_features = kind->num_features;
  info.description = kind->description;
  if (kind->task == Task::classification) {
    info.num_classes = kind->num_classes;
    info.num_outputs = kind->num_classes == 2 ? 1 : kind->num_classes;
    info.max_noise = kMaxFlip;
    info.noise_meaning = "label-flip probability rho";
  } else {
    info.num_classes = 0;
    info.num_outputs = 1;
    info.max_noise = kMaxSigma;
    info.noise_meaning = "standard deviation sigma of the Gaussian noise on y";
  }
  return info;
}

Dataset make_dataset(const DatasetSpec& spec) {
  const DatasetInfo info = dataset_info(spec.name);  // throws for an unknown name
  if (spec.name == "iris") {
    require(
        spec.noise == 0.0, "dataset",
        "noise must be 0 for 'iris' (measured data: no noise is added), got " + format_number(spec.noise));
    return make_iris();
  }
  require(spec.n >= 1 && spec.n <= kMaxExamples, "dataset",
          "n must be in 1.." + std::to_string(kMaxExamples) + ", got " + std::to_string(spec.n));
  const bool flips = info.task == Task::classification;
  require(std::isfinite(spec.noise) && spec.noise >= 0 && spec.noise <= info.max_noise, "dataset",
          "noise must be a number in [0, " + format_number(info.max_noise) + "] for '" + spec.name + "' (" +
              (flips ? "the label-flip probability rho" : "the standard deviation sigma of the noise on y") +
              "), got " + format_number(spec.noise));
  const Kind& kind = *find_kind(spec.name);
  Dataset d = flips ? make_classification(kind, spec.n, spec.noise, spec.seed)
                    : make_regression(kind, spec.n, spec.noise, spec.seed);
  d.name = spec.name;
  d.task = kind.task;
  d.feature_names = feature_names_for(kind.num_features);
  d.bayes_known = true;
  return d;
}

double bayes_error_rate(const Dataset& d) {
  if (!d.bayes_known || d.task != Task::classification) return std::numeric_limits<double>::quiet_NaN();
  // The clean rule is optimal while 1 − ρ ≥ ρ/(k − 1); beyond that the flipped labels would win.
  const double k = static_cast<double>(d.num_classes);
  if (d.label_noise > (k - 1.0) / k) return std::numeric_limits<double>::quiet_NaN();
  return d.label_noise;
}

double bayes_loss(const Dataset& d, Loss loss) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  if (!d.bayes_known) return nan;
  const double outputs = static_cast<double>(d.Y.shape()[1]);
  if (d.task == Task::regression) {
    return loss == Loss::mse ? outputs * d.noise_sigma * d.noise_sigma / 2.0 : nan;
  }
  const double rho = d.label_noise;
  if (d.num_classes == 2 && d.Y.shape()[1] == 1) {
    switch (loss) {
      case Loss::bce:
        return binary_entropy(rho);
      case Loss::mse:
        return rho * (1.0 - rho) / 2.0;
      case Loss::cross_entropy:
        return nan;
    }
    return nan;
  }
  // k one-hot columns: the clean class has probability 1 − ρ, each of the k − 1 others ρ/(k − 1).
  const double others = static_cast<double>(d.num_classes) - 1.0;
  const double p_other = rho / others;
  switch (loss) {
    case Loss::bce:
      return binary_entropy(rho) + others * binary_entropy(p_other);
    case Loss::cross_entropy: {
      double h = 0.0;
      if (rho < 1) h -= (1.0 - rho) * std::log(1.0 - rho);
      if (rho > 0) h -= rho * std::log(p_other);
      return h;
    }
    case Loss::mse:
      return (rho * (1.0 - rho) + rho * (1.0 - p_other)) / 2.0;
  }
  return nan;
}

Dataset select_rows(const Dataset& d, const std::vector<std::size_t>& rows) {
  const std::size_t n = d.X.shape()[0], nx = d.X.shape()[1], ny = d.Y.shape()[1];
  Dataset out = d;
  out.X = Matrix::from_shape({rows.size(), nx});
  out.Y = Matrix::from_shape({rows.size(), ny});
  out.flipped.clear();
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const std::size_t j = rows[r];
    require(j < n, "select_rows",
            "row " + std::to_string(j) + " is out of range 0.." + std::to_string(n - 1));
    for (std::size_t i = 0; i < nx; ++i) out.X(r, i) = d.X(j, i);
    for (std::size_t i = 0; i < ny; ++i) out.Y(r, i) = d.Y(j, i);
    if (!d.flipped.empty()) out.flipped.push_back(d.flipped[j]);
  }
  return out;
}

Split split(const Dataset& d, double validation_fraction, std::uint64_t seed) {
  const double f = validation_fraction;
  require_field(std::isfinite(f) && f >= 0 && f <= 0.9, "split", "validation_fraction",
                "must be a number in [0, 0.9], got " + format_number(f));
  const std::size_t n = d.X.shape()[0];
  require(n >= 1, "split", "the data set has no rows");
  std::vector<std::size_t> order(n);
  for (std::size_t j = 0; j < n; ++j) order[j] = j;
  Rng rng(seed);
  rng.shuffle(order.data(), n);
  std::size_t n_train = static_cast<std::size_t>(std::floor(static_cast<double>(n) * (1.0 - f) + 0.5));
  if (n_train < 1) n_train = 1;
  Split parts;
  parts.train = select_rows(d, std::vector<std::size_t>(order.begin(), order.begin() + n_train));
  parts.validation = select_rows(d, std::vector<std::size_t>(order.begin() + n_train, order.end()));
  return parts;
}

}  // namespace bp
