// The trainer (trainer.hpp) and data preparation (experiment.hpp): ⌈n/B⌉ updates per epoch with the last
// batch smaller, every row once per epoch, seeded shuffles, history, divergence, early stopping with
// restore, accuracy on a real data set, and steps that allocate nothing.
#include <catch2/catch.hpp>
#include <atomic>
#include <cmath>
#include <cstdlib>
#include <new>
#include <set>

#include "experiment.hpp"
#include "helpers.hpp"
#include "trainer.hpp"

// Counts heap allocations while `g_counting` is on (this test binary replaces the global operator new).
static std::atomic<bool> g_counting{false};
static std::atomic<long> g_allocations{0};
void* operator new(std::size_t size) {
  if (g_counting) ++g_allocations;
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }

using namespace bp;
using bp::test::config;

namespace {
PreparedData circle(std::size_t n, double noise = 0.0, double fraction = 0.5) {
  DataOptions o;
  o.name = "circle";
  o.n = n;
  o.noise = noise;
  o.validation_fraction = fraction;
  o.seed = 3;
  return prepare_data(o);
}
}  // namespace

TEST_CASE("an epoch makes ⌈n/B⌉ updates, visits every row once, the last batch smaller", "[trainer]") {
  const PreparedData data = circle(20, 0.0, 0.5);  // 10 training rows
  REQUIRE(data.train->X.shape()[0] == 10);
  for (std::size_t B : {1u, 3u, 4u, 10u, 0u}) {
    Network net(config({2, 4, 1}, "tanh", "sigmoid", "bce"));
    Trainer trainer(net, *data.train, *data.validation, {B, 7});
    const std::size_t effective = B == 0 ? 10 : B;
    const std::size_t expected_steps = (10 + effective - 1) / effective;
    CHECK(trainer.batches_per_epoch() == expected_steps);
    std::multiset<std::uint32_t> seen;
    std::size_t steps = 0;
    while (trainer.epoch() == 0) {
      trainer.step();
      ++steps;
      seen.insert(trainer.last_batch().begin(), trainer.last_batch().end());
      const std::size_t expected_size = steps < expected_steps ? effective : 10 - effective * (expected_steps - 1);
      CHECK(trainer.last_batch().size() == expected_size);
    }
    INFO("B = " << B);
    CHECK(steps == expected_steps);
    CHECK(net.optimizer().t() == static_cast<long long>(expected_steps));  // one optimizer step per update
    CHECK(seen.size() == 10);
    for (std::uint32_t row = 0; row < 10; ++row) CHECK(seen.count(row) == 1);
  }
}

TEST_CASE("shuffles are seeded: the same seed gives the same batches, epochs differ", "[trainer]") {
  const PreparedData data = circle(40);
  Network a(config({2, 4, 1}, "tanh", "sigmoid", "bce")), b(config({2, 4, 1}, "tanh", "sigmoid", "bce"));
  Trainer ta(a, *data.train, *data.validation, {5, 11}), tb(b, *data.train, *data.validation, {5, 11});
  ta.step();
  tb.step();
  CHECK(ta.last_batch() == tb.last_batch());
  const auto first_epoch_first_batch = ta.last_batch();
  ta.run_epoch();  // rest of epoch 1
  ta.step();       // first batch of epoch 2
  CHECK(ta.last_batch() != first_epoch_first_batch);
  tb.run(3);
  ta.run_epoch();
  ta.run_epoch();
  CHECK(ta.history().back().train_loss == tb.history().back().train_loss);
}

TEST_CASE("history holds the whole-set losses after each epoch", "[trainer]") {
  const PreparedData data = circle(60);
  Network net(config({2, 6, 1}, "tanh", "sigmoid", "bce", 4));
  net.set_optimizer({"sgd", 0.5});
  Trainer trainer(net, *data.train, *data.validation, {10, 1});
  trainer.run(3);
  REQUIRE(trainer.history().size() == 3);
  CHECK(trainer.history()[2].epoch == 3);
  Matrix X = data.train->X, Y = data.train->Y;
  CHECK(trainer.history()[2].train_loss == Approx(net.evaluate_loss(X, Y)).epsilon(1e-12));
  Matrix Xv = data.validation->X, Yv = data.validation->Y;
  CHECK(trainer.history()[2].validation_loss == Approx(net.evaluate_loss(Xv, Yv)).epsilon(1e-12));
  CHECK(trainer.history()[2].train_accuracy >= 0.0);
  CHECK(trainer.history()[2].train_accuracy <= 1.0);
}

TEST_CASE("training the circle data set reaches high validation accuracy", "[trainer]") {
  const PreparedData data = circle(200);
  Network net(config({2, 8, 8, 1}, "tanh", "sigmoid", "bce", 1));
  net.set_optimizer({"adam", 0.01});
  Trainer trainer(net, *data.train, *data.validation, {10, 1});
  trainer.run(100);
  CHECK(trainer.history().back().validation_accuracy > 0.9);
  CHECK(trainer.history().back().train_loss < trainer.history().front().train_loss);
}

TEST_CASE("a far too large learning rate is reported as divergence, never as NaN weights", "[trainer]") {
  DataOptions o;
  o.name = "cubic";
  o.n = 100;
  o.noise = 0.1;
  const PreparedData data = prepare_data(o);
  Network net(config({1, 16, 16, 1}, "relu", "linear", "mse", 2));
  net.set_optimizer({"sgd", 50.0});
  Trainer trainer(net, *data.train, *data.validation, {10, 1});
  trainer.run(100);
  CHECK(trainer.status() == TrainerStatus::diverged);
  CHECK(trainer.stop_reason().find("diverged") == 0);
  for (const ParamSlot& s : net.parameter_slots())
    for (std::size_t i = 0; i < s.size; ++i) REQUIRE(std::isfinite(s.w[i]));
  for (const EpochRecord& r : trainer.history()) CHECK(std::isfinite(r.train_loss));
  CHECK(std::isnan(trainer.step()));  // stopped: nothing happens any more
}

TEST_CASE("a loss from the logits that stays finite but explodes is divergence too", "[trainer]") {
  // Adam at η = 10 on the circle: sigmoid+BCE from the logits never overflows, but the epoch loss jumps
  // far above its value before training.
  const PreparedData data = circle(200);
  Network net(config({2, 8, 8, 1}, "tanh", "sigmoid", "bce", 1));
  net.set_optimizer({"adam", 10.0});
  Trainer trainer(net, *data.train, *data.validation, {10, 1});
  trainer.run(20);
  REQUIRE(trainer.status() == TrainerStatus::diverged);
  CHECK(trainer.stop_reason().find("over 10 × its value before training") != std::string::npos);
  CHECK(std::isfinite(trainer.history().back().train_loss));
  // The same run with the relative check off trains on without stopping.
  Network again(config({2, 8, 8, 1}, "tanh", "sigmoid", "bce", 1));
  again.set_optimizer({"adam", 10.0});
  TrainerConfig off{10, 1};
  off.divergence_factor = 0;
  Trainer unchecked(again, *data.train, *data.validation, off);
  unchecked.run(5);
  CHECK(unchecked.status() == TrainerStatus::running);
}

TEST_CASE("early stopping stops after `patience` epochs without improvement and restores the best", "[trainer]") {
  // Few noisy points and a big network: validation loss turns up while training loss keeps falling.
  const PreparedData data = circle(40, 0.2, 0.5);
  Network net(config({2, 32, 32, 1}, "relu", "sigmoid", "bce", 9));
  net.set_optimizer({"adam", 0.02});
  Trainer trainer(net, *data.train, *data.validation, {0, 1, 1e6, 10});
  trainer.run(2000);
  REQUIRE(trainer.status() == TrainerStatus::early_stopped);
  const std::size_t best = trainer.best_epoch();
  CHECK(trainer.history().size() == best + 10);
  double best_loss = trainer.history()[0].validation_loss;
  for (const auto& r : trainer.history()) best_loss = std::min(best_loss, r.validation_loss);
  CHECK(trainer.history()[best - 1].validation_loss == best_loss);
  // The restored weights give the best epoch's validation loss again.
  Matrix Xv = data.validation->X, Yv = data.validation->Y;
  CHECK(net.evaluate_loss(Xv, Yv) == Approx(best_loss).epsilon(1e-12));
  CHECK(trainer.stop_reason().find("epoch " + std::to_string(best)) != std::string::npos);
}

TEST_CASE("steady-state training steps allocate nothing", "[trainer]") {
  const PreparedData data = circle(200);
  Network net(config({2, 8, 8, 1}, "tanh", "sigmoid", "bce"));
  net.set_optimizer({"adam", 0.01});
  net.set_regularization({0.001, 0.001, 0.1});
  Trainer trainer(net, *data.train, *data.validation, {10, 1});
  trainer.run(2);  // buffers grow to their sizes
  trainer.step();  // first batch of epoch 3
  g_allocations = 0;
  g_counting = true;
  for (int i = 0; i < 8; ++i) trainer.step();  // batches 2..9 of 10: no epoch ends here
  g_counting = false;
  CHECK(g_allocations == 0);
}

TEST_CASE("data preparation derives features and keeps the raw coordinates", "[trainer]") {
  DataOptions o;
  o.name = "xor";
  o.n = 30;
  o.features = {Feature::x1, Feature::x1x2, Feature::sinx2};
  const PreparedData data = prepare_data(o);
  REQUIRE(data.train->X.shape()[1] == 3);
  for (std::size_t j = 0; j < data.train->X.shape()[0]; ++j) {
    const double x1 = data.raw_train->X(j, 0), x2 = data.raw_train->X(j, 1);
    CHECK(data.train->X(j, 0) == x1);
    CHECK(data.train->X(j, 1) == x1 * x2);
    CHECK(data.train->X(j, 2) == Approx(std::sin(x2)).epsilon(1e-15));
  }
  o.name = "sin";
  CHECK_THROWS_WITH(prepare_data(o), Catch::Contains("derived features apply to 2-D data"));
  CHECK_THROWS_WITH(parse_feature("x3", "features[0]"), Catch::Contains("features[0] must be one of"));
}

TEST_CASE("the neuron grid evaluates every neuron at every grid point like forward does", "[trainer]") {
  Network net(config({2, 3, 2, 1}, "tanh", "sigmoid", "bce", 5));
  NeuronGrid grid;
  grid.evaluate(net, {Feature::x1, Feature::x2}, -1.0, 1.0, -2.0, 2.0, 5);
  REQUIRE(grid.neuron_count() == 2 + 3 + 2 + 1);
  REQUIRE(grid.values().size() == 8 * 25);
  // Point at row 1, column 3: x1 = −1 + 3·0.5 = 0.5, x2 = 2 − 1·1 = 1.
  const Matrix Y_hat = net.forward(test::mat({{0.5, 1.0}}));
  const std::size_t point = 1 * 5 + 3;
  CHECK(grid.values()[0 * 25 + point] == 0.5f);
  CHECK(grid.values()[1 * 25 + point] == 1.0f);
  for (std::size_t i = 0; i < 3; ++i) CHECK(grid.values()[(2 + i) * 25 + point] == static_cast<float>(net.layer(1).A(i, 0)));
  CHECK(grid.values()[7 * 25 + point] == static_cast<float>(Y_hat(0, 0)));
  CHECK_THROWS_WITH(grid.evaluate(net, {Feature::x1}, -1, 1, -1, 1, 5), Catch::Contains("n_0 = 2 inputs"));
  CHECK_THROWS_WITH(grid.evaluate(net, {Feature::x1, Feature::x2}, 1, -1, -1, 1, 5), Catch::Contains("x1 range"));
}

TEST_CASE("predict and classify leave the step's caches; step_rows trains outside the epoch", "[trainer]") {
  const PreparedData data = circle(40);
  Network net(config({2, 5, 1}, "tanh", "sigmoid", "bce", 6));
  net.set_optimizer({"sgd", 0.5});
  Trainer trainer(net, *data.train, *data.validation, {5, 1});
  trainer.step();
  const Matrix Z1 = net.layer(1).Z.to_matrix(), dZ2 = net.layer(2).dZ.to_matrix();
  const Matrix Y_hat = net.predict(data.validation->X);
  CHECK((net.layer(1).Z.to_matrix() == Z1));
  CHECK((net.layer(2).dZ.to_matrix() == dZ2));
  const std::vector<std::size_t> classes = net.classify(data.validation->X);
  std::size_t correct = 0;
  for (std::size_t j = 0; j < classes.size(); ++j) {
    CHECK(classes[j] == (Y_hat(j, 0) >= 0.5 ? 1u : 0u));
    correct += classes[j] == static_cast<std::size_t>(data.validation->Y(j, 0));
  }
  CHECK(trainer.evaluate(*data.validation).accuracy == static_cast<double>(correct) / classes.size());
  const long long t = net.optimizer().t();
  CHECK(std::isfinite(trainer.step_rows({3})));
  CHECK(net.optimizer().t() == t + 1);
  CHECK(trainer.step_in_epoch() == 1);  // the epoch's own batches did not move
  CHECK(trainer.last_batch() == std::vector<std::uint32_t>{3});
  CHECK_THROWS_WITH(trainer.step_rows({20}), Catch::Contains("rows[0] must be a training row in 0..19, got 20"));
}
