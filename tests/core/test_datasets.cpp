// Data sets (datasets.hpp): shapes, exact values of a seeded set (so native and wasm must agree to the
// bit), disjoint clean classes, the flip rate and noise variance, Bayes error and loss by hand, the split,
// and the embedded iris table against data/iris.csv.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "csv.hpp"
#include "datasets.hpp"

using namespace bp;

namespace {

Dataset make(const std::string& name, std::size_t n = 200, double noise = 0, std::uint64_t seed = 1) {
  return make_dataset({name, n, noise, seed});
}

std::vector<std::size_t> shape_of(const Matrix& m) {
  return {m.shape()[0], m.shape()[1]};
}

bool same_bits(const Matrix& a, const Matrix& b) {
  return a.shape() == b.shape() && std::equal(a.begin(), a.end(), b.begin());
}

// The label of row j: the column of its 1 when one-hot, the 0/1 value when binary.
std::size_t label_of(const Dataset& d, std::size_t j) {
  if (d.Y.shape()[1] == 1) return static_cast<std::size_t>(d.Y(j, 0));
  std::size_t label = 0;
  for (std::size_t i = 0; i < d.Y.shape()[1]; ++i)
    if (d.Y(j, i) == 1.0) label = i;
  return label;
}

std::string message_of(const DatasetSpec& spec) {
  try {
    make_dataset(spec);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "(no exception)";
}

const std::vector<std::string> kClassificationSets = {"circle", "xor", "gauss", "spiral", "moons", "blobs3"};
const std::vector<std::string> kRegressionSets = {"sin", "abs", "step", "cubic", "plane", "line"};

}  // namespace

TEST_CASE("every named set has the shape, names and fields its info announces", "[datasets]") {
  const std::vector<std::string> names = dataset_names();
  REQUIRE(names.size() == 13);
  CHECK(names.back() == "iris");
  for (const std::string& name : names) {
    INFO(name);
    const DatasetInfo info = dataset_info(name);
    const Dataset d = make(name, 37, 0, 5);
    const std::size_t n = name == "iris" ? 150 : 37;
    CHECK(d.name == name);
    CHECK(d.task == info.task);
    CHECK(d.X.shape()[0] == n);
    CHECK(d.X.shape()[1] == info.num_features);
    CHECK(d.Y.shape()[0] == n);
    CHECK(d.Y.shape()[1] == info.num_outputs);
    CHECK(d.num_classes == info.num_classes);
    CHECK(d.feature_names.size() == info.num_features);
    CHECK(d.target_names.size() == info.num_outputs);
    CHECK(d.bayes_known == (name != "iris"));
    CHECK(std::all_of(d.X.begin(), d.X.end(), [](double x) { return std::isfinite(x); }));
    if (name != "iris") {
      CHECK(std::all_of(d.X.begin(), d.X.end(), [](double x) { return std::abs(x) <= kInputBox; }));
    }
  }
  CHECK(make("circle").feature_names == std::vector<std::string>{"x1", "x2"});
  CHECK(make("sin").feature_names == std::vector<std::string>{"x"});
  CHECK(dataset_info("circle").max_noise == 0.5);
  CHECK(dataset_info("sin").max_noise == 1.0);
  CHECK(dataset_info("iris").max_noise == 0.0);
}

TEST_CASE("a seed gives the same data set, another seed another", "[datasets]") {
  for (const std::string& name : dataset_names()) {
    if (name == "iris") continue;
    INFO(name);
    const Dataset a = make(name, 300, 0.2, 42), b = make(name, 300, 0.2, 42), c = make(name, 300, 0.2, 43);
    CHECK(same_bits(a.X, b.X));
    CHECK(same_bits(a.Y, b.Y));
    CHECK(a.flipped == b.flipped);
    CHECK_FALSE(same_bits(a.X, c.X));
  }
}

TEST_CASE("seeded sets take the written values to the last bit (native and wasm alike)", "[datasets]") {
  // spiral and moons go through our own sin/cos and the rejection-free samplers; gauss through the
  // polar-method normal and rejection; sin adds Gaussian noise to our own sin. Print with
  // BP_PRINT_DATASETS=1 core_tests "seeded sets*".
  const Dataset spiral = make("spiral", 4, 0.3, 2024), moons = make("moons", 4, 0.3, 2024);
  const Dataset gauss = make("gauss", 4, 0.3, 2024), blobs3 = make("blobs3", 4, 0.3, 2024);
  const Dataset sine = make("sin", 4, 0.1, 2024);
  const Dataset* sets[] = {&spiral, &moons, &gauss, &blobs3, &sine};
  if (std::getenv("BP_PRINT_DATASETS")) {
    for (const Dataset* d : sets) {
      std::printf("%s X:", d->name.c_str());
      for (double v : d->X) std::printf(" %a,", v);
      std::printf("\n%s Y:", d->name.c_str());
      for (double v : d->Y) std::printf(" %a,", v);
      std::printf("\n");
    }
  }
  const std::vector<std::vector<double>> expected_X = {
      // spiral
      {0x1.8768980fb7d73p-3, 0x1.2acef87e8edfdp-1, 0x1.34362f0c41c9cp-1, -0x1.db0600214d25fp-2,
       -0x1.22ecfd1968124p-2, -0x1.b0177f2261df5p-4, 0x1.8afaef77f0cddp-1, 0x1.b9ec90b2c2a1p-3},
      // moons
      {-0x1.11dc2d28fd568p-1, 0x1.7b33d81138d3fp-2, 0x1.87de5372b78fdp-1, -0x1.17453e8a1d06ap-2,
       0x1.834ca1da5ebc2p-3, 0x1.bb6f752a3eb56p-3, 0x1.a6da77a9d8e5fp-1, -0x1.708d0e729ca6ep-4},
      // gauss
      {-0x1.9dd51875466a7p-3, -0x1.5f8eb180db127p-1, 0x1.575366157b42cp-1, 0x1.0ab436b9568bap-1,
       -0x1.5dbc77bef3e47p-1, -0x1.6be4a612c0306p-2, 0x1.25936d074a132p-1, 0x1.48622b930a243p-2},
      // blobs3
      {0x1.6cd4b1aaeeb4bp-3, 0x1.2b0964557fe92p-2, -0x1.dccc5820167b9p-3, -0x1.545882ac76847p-3,
       0x1.c5b87ef131028p-3, -0x1.e0ed7cda1242bp-3, 0x1.3f97da6c2963ap-3, 0x1.ea1ae9c6e5499p-2},
      // sin
      {0x1.10909de29e18cp-2, -0x1.8ab667b7bbe9cp-2, 0x1.0dff76bffd83p-1, 0x1.e29f8c47fcc28p-3},
  };
  // The same noise stream flips rows 1 and 2 of every binary set (clean classes alternate 0, 1, 0, 1).
  const std::vector<std::vector<double>> expected_Y = {
      {0, 0, 1, 1},                          // spiral
      {0, 0, 1, 1},                          // moons
      {0, 0, 1, 1},                          // gauss
      {1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 1, 0},  // blobs3: classes 0, 1, 2, 1 (row 3 flipped from 0)
      {0x1.9013e6a5d64dp-1, -0x1.ff8b1ea7ef203p-1, 0x1.d5da4967ede66p-1, 0x1.6a76892010981p-1},  // sin
  };
  for (std::size_t s = 0; s < 5; ++s) {
    INFO(sets[s]->name);
    CHECK(std::vector<double>(sets[s]->X.begin(), sets[s]->X.end()) == expected_X[s]);
    CHECK(std::vector<double>(sets[s]->Y.begin(), sets[s]->Y.end()) == expected_Y[s]);
  }
}

TEST_CASE("a checksum of every generated set is the written one (native and wasm alike)", "[datasets]") {
  // A weighted sum over all values of 1000 rows: one ulp of difference anywhere changes it.
  std::vector<double> sums;
  for (const std::string& name : dataset_names()) {
    if (name == "iris") continue;
    const Dataset d = make(name, 1000, 0.25, 99);
    double sum = 0, weight = 1;
    for (double v : d.X) sum += (weight += 1e-3) * v;
    for (double v : d.Y) sum += (weight += 1e-3) * v;
    sums.push_back(sum);
  }
  if (std::getenv("BP_PRINT_DATASETS")) {
    for (double s : sums) std::printf("%a, ", s);
    std::printf("\n");
  }
  const std::vector<double> expected = {
      0x1.aa4fdc88d83d4p+10, 0x1.976f2be0d9a4ap+10,
      0x1.b45cc73999a5cp+10, 0x1.b1f9ad797de26p+10,  // circle .. spiral
      0x1.bdc486b8ff8ecp+10, 0x1.190ddf67a0fe6p+12,
      -0x1.4da1507cfe00fp+5, 0x1.2c9c09ffbd423p+10,  // moons .. abs
      -0x1.9d0b8a6954501p+5, -0x1.2bb488d09c591p+6,
      0x1.4f0a65adc9da9p+9,  -0x1.55e2ed3d2367ep+10,  // step .. line
  };
  CHECK(sums == expected);
}

TEST_CASE("clean classes alternate row by row, so they are balanced to within one example", "[datasets]") {
  for (const std::string& name : kClassificationSets) {
    INFO(name);
    const Dataset d = make(name, 301, 0, 9);
    const std::size_t k = d.num_classes;
    std::vector<std::size_t> count(k, 0);
    for (std::size_t j = 0; j < 301; ++j) {
      CHECK(label_of(d, j) == j % k);
      ++count[label_of(d, j)];
    }
    for (std::size_t c = 0; c < k; ++c) CHECK(count[c] == 301 / k + (c < 301 % k ? 1 : 0));
    CHECK(std::all_of(d.flipped.begin(), d.flipped.end(), [](std::uint8_t f) { return f == 0; }));
  }
  // One-hot rows hold exactly one 1.
  const Dataset blobs = make("blobs3", 500, 0.4, 3);
  for (std::size_t j = 0; j < 500; ++j) CHECK(blobs.Y(j, 0) + blobs.Y(j, 1) + blobs.Y(j, 2) == 1.0);
}

TEST_CASE("the clean classes occupy disjoint regions, separated by the documented gap", "[datasets]") {
  // The smallest distance between two points of different clean classes (ρ = 0) bounds the gap from above;
  // it must stay above the gap each sampler guarantees (datasets.hpp): that disjointness is what makes the
  // Bayes error exactly ρ.
  const std::vector<std::pair<std::string, double>> gaps = {
      {"circle", 0.2}, {"xor", 0.2}, {"gauss", 0.1}, {"spiral", 0.1}, {"moons", 0.12}, {"blobs3", 0.1}};
  for (const auto& [name, gap] : gaps) {
    INFO(name);
    const Dataset d = make(name, 2000, 0, 11);
    const std::size_t k = d.num_classes;
    double closest = 1e9;
    for (std::size_t i = 0; i < 2000; ++i) {
      for (std::size_t j = i + 1; j < 2000; ++j) {
        if (i % k == j % k) continue;
        const double dx = d.X(i, 0) - d.X(j, 0), dy = d.X(i, 1) - d.X(j, 1);
        closest = std::min(closest, dx * dx + dy * dy);
      }
    }
    CHECK(std::sqrt(closest) >= gap);
  }
}

TEST_CASE("the clean labels follow each set's rule", "[datasets]") {
  const Dataset circle = make("circle", 1000, 0, 4), xr = make("xor", 1000, 0, 4),
                gauss = make("gauss", 1000, 0, 4);
  const Dataset blobs = make("blobs3", 999, 0, 4);
  for (std::size_t j = 0; j < 1000; ++j) {
    const double r = std::sqrt(circle.X(j, 0) * circle.X(j, 0) + circle.X(j, 1) * circle.X(j, 1));
    CHECK(circle.Y(j, 0) == (r <= 0.5 ? 1.0 : 0.0));
    CHECK((circle.Y(j, 0) == 1.0 || (r >= 0.7 && r <= 1.0)));
    CHECK(xr.Y(j, 0) == (xr.X(j, 0) * xr.X(j, 1) > 0 ? 1.0 : 0.0));
    CHECK(std::min(std::abs(xr.X(j, 0)), std::abs(xr.X(j, 1))) >= 0.1);
    CHECK(gauss.Y(j, 0) == (gauss.X(j, 0) + gauss.X(j, 1) > 0 ? 1.0 : 0.0));
  }
  // blobs3: every point is nearest to its own class's centre.
  const double h = 0.55 * std::sqrt(3.0) / 2.0;
  const double centres[3][2] = {{0.0, 0.55}, {-h, -0.275}, {h, -0.275}};
  for (std::size_t j = 0; j < 999; ++j) {
    std::size_t nearest = 0;
    double best = 1e9;
    for (std::size_t c = 0; c < 3; ++c) {
      const double dx = blobs.X(j, 0) - centres[c][0], dy = blobs.X(j, 1) - centres[c][1];
      if (dx * dx + dy * dy < best) best = dx * dx + dy * dy, nearest = c;
    }
    CHECK(label_of(blobs, j) == nearest);
  }
}

TEST_CASE("labels are flipped at the rate ρ, and only the flipped rows differ from the clean class",
          "[datasets]") {
  for (const char* name : {"circle", "spiral", "blobs3"}) {
    INFO(name);
    const double rho = 0.2;
    const Dataset d = make(name, 10000, rho, 5);
    const std::size_t k = d.num_classes;
    std::size_t flips = 0;
    for (std::size_t j = 0; j < 10000; ++j) {
      CHECK((label_of(d, j) != j % k) == (d.flipped[j] == 1));
      flips += d.flipped[j];
    }
    // Binomial(10000, 0.2): standard deviation 0.004; allow 4 of them.
    CHECK(static_cast<double>(flips) / 10000.0 == Approx(rho).margin(0.016));
    CHECK(d.label_noise == rho);
  }
  // A flip in blobs3 goes to each of the two other classes about equally often.
  const Dataset blobs = make("blobs3", 10000, 0.5, 6);
  std::size_t to_next = 0, flips = 0;
  for (std::size_t j = 0; j < 10000; ++j) {
    if (!blobs.flipped[j]) continue;
    ++flips;
    to_next += label_of(blobs, j) == (j + 1) % 3;
  }
  CHECK(static_cast<double>(to_next) / static_cast<double>(flips) == Approx(0.5).margin(0.04));
}

TEST_CASE("changing the noise keeps every point and only adds flips or scales the same ε", "[datasets]") {
  const Dataset low = make("moons", 500, 0.1, 8), high = make("moons", 500, 0.3, 8);
  CHECK(same_bits(low.X, high.X));
  for (std::size_t j = 0; j < 500; ++j) CHECK((low.flipped[j] == 0 || high.flipped[j] == 1));
  const Dataset clean = make("cubic", 500, 0, 8), a = make("cubic", 500, 0.5, 8),
                b = make("cubic", 500, 0.25, 8);
  CHECK(same_bits(clean.X, a.X));
  for (std::size_t j = 0; j < 500; ++j) {
    CHECK((a.Y(j, 0) - clean.Y(j, 0)) / 0.5 == Approx((b.Y(j, 0) - clean.Y(j, 0)) / 0.25).margin(1e-12));
  }
}

TEST_CASE("regression targets are f(x) plus Gaussian noise of variance σ²", "[datasets]") {
  const double pi = 3.14159265358979323846;
  const auto expect_targets = [&](const std::string& name, auto f) {
    INFO(name);
    const Dataset d = make(name, 500, 0, 12);
    for (std::size_t j = 0; j < 500; ++j) CHECK(d.Y(j, 0) == Approx(f(d.X, j)).margin(1e-15));
  };
  expect_targets("sin", [&](const Matrix& X, std::size_t j) { return std::sin(pi * X(j, 0)); });
  expect_targets("abs", [](const Matrix& X, std::size_t j) { return std::abs(X(j, 0)); });
  expect_targets("step", [](const Matrix& X, std::size_t j) { return X(j, 0) < 0 ? -0.5 : 0.5; });
  expect_targets(
      "cubic", [](const Matrix& X, std::size_t j) { return 4 * X(j, 0) * X(j, 0) * X(j, 0) - 3 * X(j, 0); });
  expect_targets("line", [](const Matrix& X, std::size_t j) { return 1.5 * X(j, 0) - 0.5; });
  expect_targets("plane", [](const Matrix& X, std::size_t j) { return 0.6 * X(j, 0) - 0.4 * X(j, 1) + 0.2; });

  for (const std::string& name : kRegressionSets) {
    INFO(name);
    const double sigma = 0.3;
    const Dataset clean = make(name, 10000, 0, 13), noisy = make(name, 10000, sigma, 13);
    CHECK(noisy.noise_sigma == sigma);
    double sum = 0, sum2 = 0;
    for (std::size_t j = 0; j < 10000; ++j) {
      const double e = noisy.Y(j, 0) - clean.Y(j, 0);
      sum += e;
      sum2 += e * e;
    }
    const double mean = sum / 10000, variance = sum2 / 10000 - mean * mean;
    CHECK(mean == Approx(0).margin(4 * sigma / 100));               // sd of the mean σ/√n
    CHECK(variance == Approx(sigma * sigma).epsilon(4 * 0.01415));  // sd of the variance σ²√(2/n)
  }
}

TEST_CASE("make_dataset rejects bad specs naming the field and the rule", "[datasets]") {
  using Catch::Matchers::Contains;
  CHECK_THAT(message_of({"nope", 10, 0, 1}),
             Contains("dataset: name must be one of 'circle', 'xor'") && Contains("'iris', got 'nope'"));
  CHECK_THAT(message_of({"circle", 0, 0, 1}), Contains("dataset: n must be in 1..10000, got 0"));
  CHECK_THAT(message_of({"sin", 10001, 0, 1}), Contains("dataset: n must be in 1..10000, got 10001"));
  CHECK_THAT(message_of({"circle", 10, 0.6, 1}),
             Contains("dataset: noise must be a number in [0, 0.5] for 'circle' (the label-flip probability "
                      "rho), got 0.6"));
  CHECK_THAT(message_of({"blobs3", 10, -0.1, 1}), Contains("dataset: noise must be a number in [0, 0.5]"));
  CHECK_THAT(message_of({"xor", 10, std::nan(""), 1}), Contains("got NaN"));
  CHECK_THAT(message_of({"sin", 10, 1.5, 1}),
             Contains("dataset: noise must be a number in [0, 1] for 'sin' (the standard deviation sigma"));
  CHECK_THAT(message_of({"iris", 10, 0.1, 1}), Contains("dataset: noise must be 0 for 'iris'"));
  CHECK_THROWS_AS(dataset_info("nope"), std::invalid_argument);
  // The ends of the ranges are allowed; iris ignores n.
  CHECK_NOTHROW(make("circle", 1, 0.5));
  CHECK_NOTHROW(make("sin", 10000, 1.0));
  CHECK(make("iris", 0).X.shape()[0] == 150);
}

TEST_CASE("Bayes error rate and Bayes loss take the hand-computed values", "[datasets]") {
  const Dataset circle = make("circle", 50, 0.1), blobs = make("blobs3", 50, 0.1),
                sine = make("sin", 50, 0.3);
  const Dataset clean = make("xor", 50, 0.0), coin = make("gauss", 50, 0.5);
  CHECK(bayes_error_rate(circle) == 0.1);
  CHECK(bayes_error_rate(blobs) == 0.1);
  CHECK(bayes_error_rate(clean) == 0.0);
  CHECK(bayes_error_rate(coin) == 0.5);
  CHECK(std::isnan(bayes_error_rate(sine)));
  CHECK(std::isnan(bayes_error_rate(make("iris"))));

  // H(0.1) = −0.1 ln 0.1 − 0.9 ln 0.9; H(0.5) = ln 2.
  CHECK(bayes_loss(circle, Loss::bce) == Approx(0.325082973391448).epsilon(1e-14));
  CHECK(bayes_loss(coin, Loss::bce) == Approx(0.693147180559945).epsilon(1e-14));
  CHECK(bayes_loss(clean, Loss::bce) == 0.0);
  CHECK(bayes_loss(circle, Loss::mse) == Approx(0.045).epsilon(1e-14));  // ρ(1 − ρ)/2
  CHECK(std::isnan(bayes_loss(circle, Loss::cross_entropy)));
  // 3 classes, ρ = 0.1: −0.9 ln 0.9 − 0.1 ln 0.05.
  CHECK(bayes_loss(blobs, Loss::cross_entropy) == Approx(0.394397691447443).epsilon(1e-14));
  CHECK(bayes_loss(blobs, Loss::bce) == Approx(0.722113460083193).epsilon(1e-14));  // H(0.1) + 2 H(0.05)
  CHECK(bayes_loss(blobs, Loss::mse) == Approx(0.0925).epsilon(1e-14));  // (0.1·0.9 + 0.1·0.95)/2
  CHECK(bayes_loss(make("blobs3", 50, 0.0), Loss::cross_entropy) == 0.0);
  // Regression: σ²/2.
  CHECK(bayes_loss(sine, Loss::mse) == Approx(0.045).epsilon(1e-14));
  CHECK(bayes_loss(make("plane", 50, 0.0), Loss::mse) == 0.0);
  CHECK(std::isnan(bayes_loss(sine, Loss::bce)));
  CHECK(std::isnan(bayes_loss(sine, Loss::cross_entropy)));
  CHECK(std::isnan(bayes_loss(make("iris"), Loss::cross_entropy)));
}

TEST_CASE("the Bayes loss is what predicting the true conditional probabilities scores", "[datasets]") {
  // On many examples, the model ŷ = P(y = 1 | x) = 1 − ρ on clean class 1 (ρ on clean class 0) scores a mean
  // BCE close to H(ρ), and a mean ½(ŷ − y)² close to ρ(1 − ρ)/2.
  const double rho = 0.25;
  const Dataset d = make("moons", 10000, rho, 21);
  double bce = 0, mse = 0;
  for (std::size_t j = 0; j < 10000; ++j) {
    const double p = j % 2 == 1 ? 1 - rho : rho, y = d.Y(j, 0);
    bce -= y * std::log(p) + (1 - y) * std::log(1 - p);
    mse += 0.5 * (p - y) * (p - y);
  }
  CHECK(bce / 10000 == Approx(bayes_loss(d, Loss::bce)).epsilon(0.02));
  CHECK(mse / 10000 == Approx(bayes_loss(d, Loss::mse)).epsilon(0.02));
}

TEST_CASE("split shuffles with its seed and cuts round(n(1 − f)) rows for training", "[datasets]") {
  // A set whose first feature is the row number, so every row can be traced.
  Dataset d = make("circle", 101, 0.3, 2);
  for (std::size_t j = 0; j < 101; ++j) d.X(j, 0) = static_cast<double>(j);
  const Split s = split(d, 0.2, 7);
  CHECK(s.train.X.shape()[0] == 81);  // round(80.8)
  CHECK(s.validation.X.shape()[0] == 20);
  std::vector<std::size_t> seen;
  for (const Dataset* part : {&s.train, &s.validation}) {
    CHECK(part->name == "circle");
    CHECK(part->task == Task::classification);
    CHECK(part->label_noise == 0.3);
    CHECK(part->bayes_known);
    CHECK(part->feature_names == d.feature_names);
    CHECK(part->flipped.size() == part->X.shape()[0]);
    for (std::size_t r = 0; r < part->X.shape()[0]; ++r) {
      const auto j = static_cast<std::size_t>(part->X(r, 0));
      seen.push_back(j);
      CHECK(part->X(r, 1) == d.X(j, 1));
      CHECK(part->Y(r, 0) == d.Y(j, 0));
      CHECK(part->flipped[r] == d.flipped[j]);
    }
  }
  std::sort(seen.begin(), seen.end());
  for (std::size_t j = 0; j < 101; ++j) CHECK(seen[j] == j);  // disjoint, and together every row
  // Shuffled: the training part is not simply the first 81 rows.
  bool shuffled = false;
  for (std::size_t r = 0; r < 81; ++r) shuffled = shuffled || s.train.X(r, 0) != static_cast<double>(r);
  CHECK(shuffled);
  // Same seed, same split; another seed, another.
  CHECK(same_bits(split(d, 0.2, 7).train.X, s.train.X));
  CHECK_FALSE(same_bits(split(d, 0.2, 8).train.X, s.train.X));

  CHECK(split(d, 0.0, 1).validation.X.shape()[0] == 0);
  CHECK(split(d, 0.9, 1).train.X.shape()[0] == 10);              // round(10.1)
  CHECK(split(make("sin", 1), 0.9, 1).train.X.shape()[0] == 1);  // never an empty training part
  CHECK(shape_of(split(make("iris"), 0.3, 1).train.Y) == std::vector<std::size_t>{105, 3});
  using Catch::Matchers::Contains;
  CHECK_THROWS_WITH(split(d, 0.95, 1),
                    Contains("split: validation_fraction must be a number in [0, 0.9], got 0.95"));
  CHECK_THROWS_WITH(split(d, -0.1, 1), Contains("validation_fraction"));
}

TEST_CASE("iris: 150 flowers, 4 measurements, 3 classes of 50, one-hot", "[datasets]") {
  const Dataset iris = make("iris");
  REQUIRE(shape_of(iris.X) == std::vector<std::size_t>{150, 4});
  REQUIRE(shape_of(iris.Y) == std::vector<std::size_t>{150, 3});
  CHECK(iris.task == Task::classification);
  CHECK(iris.num_classes == 3);
  CHECK(iris.feature_names ==
        std::vector<std::string>{"sepal_length", "sepal_width", "petal_length", "petal_width"});
  CHECK(iris.target_names == std::vector<std::string>{"setosa", "versicolor", "virginica"});
  std::vector<std::size_t> count(3, 0);
  for (std::size_t j = 0; j < 150; ++j) ++count[label_of(iris, j)];
  CHECK(count == std::vector<std::size_t>{50, 50, 50});
  // First and last rows as in Fisher's table.
  CHECK(iris.X(0, 0) == 5.1);
  CHECK(iris.X(0, 3) == 0.2);
  CHECK(iris.X(149, 2) == 5.1);
  CHECK(iris.X(149, 3) == 1.8);
}

TEST_CASE("the embedded iris table equals data/iris.csv, value for value", "[datasets]") {
  std::ifstream file(std::string(BP_DATA_DIR) + "/iris.csv", std::ios::binary);
  REQUIRE(file.good());
  std::stringstream text;
  text << file.rdbuf();
  const Dataset from_file = parse_csv(text.str(), 1, Task::classification);
  const Dataset embedded = make("iris");
  CHECK(from_file.feature_names == embedded.feature_names);
  CHECK(same_bits(from_file.X, embedded.X));
  CHECK(same_bits(from_file.Y, embedded.Y));
}

TEST_CASE("data set messages give numbers in their shortest exact form (%g would show 0.5)", "[datasets]") {
  CHECK(message_of({"circle", 10, 0.5000001, 1}) ==
        "dataset: noise must be a number in [0, 0.5] for 'circle' (the label-flip probability rho), got "
        "0.5000001");
  CHECK(message_of({"iris", 10, 1e-12, 1}) ==
        "dataset: noise must be 0 for 'iris' (measured data: no noise is added), got 1e-12");
  CHECK_THROWS_WITH(split(make_dataset({"circle", 10, 0, 1}), 0.90000000000000013, 1),
                    "split: validation_fraction must be a number in [0, 0.9], got 0.9000000000000001");
}

TEST_CASE("target_class is y >= 0.5 for one output, else the one-hot's 1", "[datasets]") {
  const double one[] = {0.5}, zero[] = {0.49}, hot[] = {0.0, 0.0, 1.0};
  CHECK(target_class(one, 1) == 1);
  CHECK(target_class(zero, 1) == 0);
  CHECK(target_class(hot, 3) == 2);
  const Dataset blobs = make_dataset({"blobs3", 9, 0.0, 1});
  // Classes alternate row by row in a generated set.
  CHECK(target_classes(blobs) == std::vector<std::size_t>{0, 1, 2, 0, 1, 2, 0, 1, 2});
  CHECK(target_classes(make_dataset({"sin", 5, 0.0, 1})).empty());
}
