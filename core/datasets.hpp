// The data sets of the playground: generated sets whose Bayes error (and Bayes loss) is known exactly,
// Fisher's iris, the train/validation split, and what the best possible model could reach on each.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "losses.hpp"
#include "tensor.hpp"

namespace bp {

enum class Task { classification, regression };

const char* task_name(Task task);

// A data set, example-major as data files are (architecture.md): one example per row.
struct Dataset {
  std::string name;  // "circle", "iris", "csv", ...
  Task task = Task::classification;
  Matrix X;  // (n, n_features)
  Matrix Y;  // (n, n_outputs): binary → one column of 0/1; k ≥ 3 classes →
             // one-hot, k columns; regression → one column (more for a CSV)
  std::vector<std::string> feature_names;  // one per column of X, e.g. {"x1", "x2"}
  std::vector<std::string> target_names;   // one per column of Y: {"y"}, or the class names when one-hot
  std::size_t num_classes = 0;             // 2 for binary, k for k classes, 0 for regression
  double label_noise = 0;                  // ρ: probability that a label was flipped (classification)
  double noise_sigma = 0;                  // σ of the Gaussian noise added to the targets (regression)
  bool bayes_known = false;                // true for the generated sets, false for iris and CSV
  std::vector<std::uint8_t> flipped;       // per row, 1 if the label noise changed that row's label
                                           // (generated classification sets; empty otherwise)
};

// The true class of a target row y of `outputs` entries: y ≥ 0.5 for one output, else the argmax (the 1 of a
// one-hot row). The trainer's accuracy counts a prediction right when predicted_class equals it.
std::size_t target_class(const double* y, std::size_t outputs);
// target_class of every row of a classification set (empty for regression).
std::vector<std::size_t> target_classes(const Dataset& d);

struct DatasetSpec {
  std::string name;
  std::size_t n = 200;  // examples, 1..kMaxExamples (iris ignores it: always its 150 rows)
  double noise = 0;     // ρ for classification, σ for regression (ranges in dataset_info)
  std::uint64_t seed = 1;
};

constexpr std::size_t kMaxExamples = 10000;
// Every generated set's inputs lie in [−kInputBox, kInputBox] in each coordinate.
constexpr double kInputBox = 1.0;
// The true lines of the linear sets, for drawing them beside a fit.
constexpr double kLineW1 = 1.5, kLineW0 = -0.5;                 // line:  y = w1 x + w0
constexpr double kPlaneA = 0.6, kPlaneB = -0.4, kPlaneC = 0.2;  // plane: y = a x1 + b x2 + c

// What a menu needs to know about a named set before making it.
struct DatasetInfo {
  std::string name;
  Task task = Task::classification;
  std::size_t num_features = 0, num_outputs = 0, num_classes = 0;
  double max_noise = 0;       // noise ranges over [0, max_noise]; 0 for iris (measured data, no added noise)
  std::string noise_meaning;  // e.g. "label-flip probability rho" (ASCII, as every message here)
  std::string description;    // one line: how the points and the clean labels or targets are made
};

// The generated sets, then iris:
//   classification, 2 inputs (x1, x2) in [−1, 1]², noise = ρ in [0, 0.5]:
//     circle  label 1 in the disc r ≤ 0.5, label 0 in the ring 0.7 ≤ r ≤ 1 (uniform in area)
//     xor     label 1 where x1 x2 > 0; both |x1|, |x2| in [0.1, 1]
//     gauss   two Gaussian blobs, σ = 0.2, at ±(0.4, 0.4), each cut to its side of x1 + x2 = 0 at a
//             distance ≥ 0.05 (and to the box): label 1 for the blob at (0.4, 0.4)
//     spiral  two arms r = aθ, θ in [π/2, 7π/2], a = 1/(3.75π), the second arm turned by π; each point
//             jittered radially by up to ±aπ/4, so the arms' bands never touch; label = arm
//     moons   the two interleaved half circles of the usual "moons" set, radius jittered by ±0.15 and
//             scaled into the box: label 0 upper moon, 1 lower moon; the bands stay ≥ 0.12 apart
//     blobs3  3 classes (one-hot): Gaussian blobs, σ = 0.18, at radius 0.55 and angles 90°, 210°, 330°,
//             each cut to its own third of the plane at a distance ≥ 0.05 from the others (and to the box)
//   regression, noise = σ in [0, 1], y = f(x) + σ ε with ε ~ N(0, 1), x uniform in [−1, 1]:
//     sin     f(x) = sin(πx)          abs    f(x) = |x|
//     step    f(x) = −0.5 for x < 0, 0.5 for x ≥ 0
//     cubic   f(x) = 4x³ − 3x (the Chebyshev polynomial T3: two bumps, values in [−1, 1])
//     line    f(x) = kLineW1 x + kLineW0 = 1.5 x − 0.5         (one feature, for linear regression)
//     plane   f(x1, x2) = kPlaneA x1 + kPlaneB x2 + kPlaneC = 0.6 x1 − 0.4 x2 + 0.2
//   iris      Fisher's 150 × 4 measurements (cm), 3 classes one-hot, 50 each, in file order; noise must be 0
//
// Exactness of the Bayes error: every clean label is a deterministic function of the point (the classes'
// regions are disjoint), and each label is then replaced with probability ρ ≤ 0.5 (binary: by the other
// class; k classes: by one of the k − 1 others, uniformly). So P(y = clean(x) | x) = 1 − ρ everywhere, the
// best classifier is the clean rule, and its error rate is exactly ρ.
//
// Determinism: only bp::Rng and arithmetic (sin and cos of the spiral, moons and sin sets are our own
// polynomials, not libm's), so a seed gives the same bits natively and in wasm. The points come from one
// stream and the noise from another, both derived from the seed: with the same seed, changing the noise
// keeps every point (x) where it is; a larger ρ flips a superset of the labels, a larger σ scales the same
// ε. Classes alternate row by row (0, 1, 0, 1, … or 0, 1, 2, …), so the clean classes are balanced to
// within one example, and the first rows stay the same when n grows.
std::vector<std::string> dataset_names();
DatasetInfo dataset_info(const std::string& name);  // throws for an unknown name

// Throws std::invalid_argument "dataset: <field> must be ..., got ..." for an unknown name, n outside
// 1..kMaxExamples (not checked for iris), or noise outside its range (or not finite).
Dataset make_dataset(const DatasetSpec& spec);

// The error rate of the best possible classifier: ρ for the generated classification sets; NaN for
// regression and for sets whose Bayes error is unknown (iris, CSV).
double bayes_error_rate(const Dataset& d);

// The smallest expected value of the course's per-example loss (architecture.md) that any model can reach
// on the set's distribution, i.e. the loss of the true conditional distribution of y given x. With ρ the
// flip rate and k classes, the clean class gets probability 1 − ρ and each other class ρ/(k − 1):
//   bce, binary (one 0/1 column):    H(ρ) = −ρ ln ρ − (1 − ρ) ln(1 − ρ)   (0 at ρ = 0)
//   bce, k one-hot columns (each output its own sigmoid):  H(ρ) + (k − 1) H(ρ/(k − 1))
//   cross_entropy, k one-hot columns:  −(1 − ρ) ln(1 − ρ) − ρ ln(ρ/(k − 1))
//   cross_entropy, binary:  NaN — one column cannot take a softmax (its one-hot form would give H(ρ))
//   mse on classification targets: ½ Σ_k Var(y_k | x): binary ρ(1 − ρ)/2; k one-hot columns
//                                  ρ(1 − ρ)/2 + ρ(1 − ρ/(k − 1))/2
//   mse on regression:  σ²/2 per output (the course's MSE is ½ Σ (ŷ − y)²)
//   bce or cross_entropy on regression targets: NaN (the targets are not probabilities)
//   any loss when bayes_known is false (iris, CSV): NaN
double bayes_loss(const Dataset& d, Loss loss);

struct Split {
  Dataset train, validation;
};

// A seeded shuffle of the rows (bp::Rng), then the first round(n (1 − f)) rows — at least one — are the
// training part and the rest validation. f = validation_fraction in [0, 0.9]. Both parts keep every field
// but X, Y and flipped, which hold their own rows. Throws for f outside [0, 0.9] or an empty data set.
Split split(const Dataset& d, double validation_fraction, std::uint64_t seed);

// The rows of d at the given indices, in that order, with every other field kept.
Dataset select_rows(const Dataset& d, const std::vector<std::size_t>& rows);

}  // namespace bp
