// The trainer (trainer.hpp): ⌈n/B⌉ updates per epoch with the last batch smaller, every row once per epoch,
// seeded shuffles, history, divergence, early stopping with restore, accuracy on a real data set, and steps
// that allocate nothing.
#include <atomic>
#include <catch2/catch.hpp>
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
void operator delete(void* p) noexcept {
  std::free(p);
}
void operator delete(void* p, std::size_t) noexcept {
  std::free(p);
}

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
      const std::size_t expected_size =
          steps < expected_steps ? effective : 10 - effective * (expected_steps - 1);
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

TEST_CASE("early stopping stops after `patience` epochs without improvement and restores the best",
          "[trainer]") {
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
  CHECK_THROWS_WITH(trainer.step_rows({20}),
                    Catch::Contains("rows[0] must be a training row in 0..19, got 20"));
}

TEST_CASE("a long run keeps a bounded history: every recent epoch, older ones thinned, values exact",
          "[trainer]") {
  const PreparedData data = circle(8, 0.0, 0.5);  // 4 training rows: one tiny step per epoch
  const auto make = [] { return Network(config({2, 2, 1}, "tanh", "sigmoid", "bce")); };
  Network reference_net = make(), net = make();
  reference_net.set_optimizer({"sgd", 0.05});
  net.set_optimizer({"sgd", 0.05});
  TrainerConfig tc;
  tc.batch_size = 0;
  Trainer reference(reference_net, *data.train, *data.validation, tc);
  Trainer trainer(net, *data.train, *data.validation, tc);
  const std::size_t epochs = 3 * kHistoryMax + 123;
  std::vector<EpochRecord> every;  // what an unbounded history would hold
  for (std::size_t e = 0; e < epochs; ++e) every.push_back(reference.run_epoch());
  REQUIRE(trainer.run(epochs) == epochs);
  const auto& h = trainer.history();
  CHECK(trainer.epoch() == epochs);
  CHECK(h.size() <= kHistoryMax);
  CHECK(h.size() > kHistoryRecent);
  CHECK(h.front().epoch == 1);
  CHECK(h.back().epoch == epochs);
  for (std::size_t i = 1; i < h.size(); ++i) CHECK(h[i].epoch > h[i - 1].epoch);
  // The last kHistoryRecent epochs are all there, one after the other.
  for (std::size_t i = 0; i < kHistoryRecent; ++i) CHECK(h[h.size() - 1 - i].epoch == epochs - i);
  // Every kept record is exactly the record of its epoch.
  for (const EpochRecord& r : h) {
    const EpochRecord& x = every[r.epoch - 1];
    CHECK(r.train_loss == x.train_loss);
    CHECK(r.validation_loss == x.validation_loss);
    CHECK(r.train_accuracy == x.train_accuracy);
  }
  // The older stretch is thinned evenly, not dropped: from epoch 1 on, no gap wider than epochs / 750 (about
  // the stride of a curve drawn from 1000 points: 16 epochs here).
  std::size_t widest = 0;
  for (std::size_t i = 1; i < h.size(); ++i) widest = std::max(widest, h[i].epoch - h[i - 1].epoch);
  CHECK(widest <= epochs / 750);
}

TEST_CASE("an update that would overflow the optimizer state is undone and reported as divergence",
          "[trainer]") {
  // One example x = 1e100, y = 0 through w = 1: a finite loss 5e199 whose gradient 1e200 overflows RMSProp's
  // s = 0.1 g². The network's own undo (the one Network::step uses) keeps the weights and the state.
  Dataset train;
  train.name = "huge";
  train.task = Task::regression;
  train.X = test::mat({{1e100}});
  train.Y = test::mat({{0.0}});
  Dataset none = train;
  none.X = Matrix::from_shape({0, 1});
  none.Y = Matrix::from_shape({0, 1});
  Network net(config({1, 1}, "linear", "linear", "mse"));
  net.layer(1).W(0, 0) = 1.0;
  net.set_optimizer({"rmsprop", 0.01});
  TrainerConfig tc;
  tc.batch_size = 1;
  tc.divergence_bound = 1e300;  // the loss alone is not the alarm here
  Trainer trainer(net, train, none, tc);
  CHECK(trainer.step() == 5e199);
  CHECK(trainer.status() == TrainerStatus::diverged);
  CHECK(trainer.stop_reason() ==
        "diverged: the update in epoch 1 made a weight or the optimizer state overflow; the weights and the "
        "optimizer state before it were kept");
  CHECK(net.layer(1).W(0, 0) == 1.0);
  CHECK(net.optimizer().t() == 0);
  CHECK(net.optimizer().state(0).empty());
}

TEST_CASE("the trainer's calls do bounded work: batch size, rows, epochs per call, and the data itself",
          "[trainer]") {
  // The largest data (10000 examples: 8000 to train, 2000 to validate).
  const PreparedData data = circle(10000, 0.0, 0.2);
  // 2-8-8-1: forward_work 105 + 17·20 = 445, step_work 445 + 2 (105 + 17) = 689, update_work 16·105 + 300 +
  // 3·200 = 2580; an epoch of batches of 10 is 8000·689 + 800·2580 + 10000·445 = 12026000: 53 epochs fit.
  Network small(config({2, 8, 8, 1}, "tanh", "sigmoid", "bce"));
  Trainer few(small, *data.train, *data.validation, {10, 1});
  CHECK_THROWS_WITH(few.run(54),
                    "run: epochs must be at most 53 for this network (one call does at most "
                    "640000000 multiply-adds; an epoch costs 12026000 here), got 54; call it in parts");
  CHECK(few.epoch() == 0);
  CHECK(few.run_epoch().epoch == 1);

  // 2-64×8-1: forward_work 29377 + 513·20 = 39637, step_work 39637 + 2 (29377 + 513) = 99417, update_work
  // 16·29377 + 300 + 9·200 = 472132.
  Network big(config({2, 64, 64, 64, 64, 64, 64, 64, 64, 1}, "tanh", "sigmoid", "bce"));
  Trainer trainer(big, *data.train, *data.validation, {10, 1});
  CHECK_THROWS_WITH(
      trainer.run_epoch(),
      "run_epoch: one epoch (8000 examples in 800 batches, then the evaluation of both sets) is "
      "1569411600 multiply-adds for this network, more than one call does (640000000); train it "
      "by steps or time slices");
  CHECK(std::isfinite(trainer.step()));  // a step, even the one that ends an epoch, fits
  CHECK_THROWS_WITH(trainer.run(1),
                    Catch::StartsWith("run: the rest of this epoch (7990 examples in 799 batches"));
  // The step that ends an epoch also evaluates both sets (10000 · 39637): batches up to 2445 fit with it.
  CHECK_THROWS_WITH(
      trainer.set_batch_size(2446),
      "trainer: batch_size must be at most 2445 for this network (one call does at most 640000000 "
      "multiply-adds; a step takes 99417 per example, the one that ends an epoch 396370000 more to "
      "evaluate both sets, and a batch holds at most 6437 examples here), got 2446; use a smaller "
      "batch_size");
  CHECK(trainer.batch_size() == 10);
  std::vector<std::uint32_t> rows(6433);
  for (std::size_t i = 0; i < rows.size(); ++i) rows[i] = static_cast<std::uint32_t>(i);
  CHECK_THROWS_WITH(
      trainer.step_rows(rows),
      "step_rows: rows must be at most 6432 for this network (one call does at most 640000000 "
      "multiply-adds; a step takes 99417 per row, and a batch holds at most 6437 rows here), got 6433; "
      "step on fewer rows at a time");
  CHECK(trainer.step_in_epoch() == 1);

  // More examples than the core's own data sets hold (the trainer takes up to kMaxBatch): their evaluation
  // alone is over the limit for this network.
  Dataset wide = *data.train;
  wide.X = xt::zeros<double>({20000, 2});
  wide.Y = xt::zeros<double>({20000, 1});
  CHECK_THROWS_WITH(
      Trainer(big, wide, *data.validation, {10, 1}),
      "trainer: the training and validation examples must be at most 16132 for this network (one "
      "call does at most 640000000 multiply-adds; an epoch ends by evaluating each, 39637 per "
      "example here), got 22000; use a smaller network or data set");
}

TEST_CASE("the trainer's limits are stated from their constants, exactly", "[trainer]") {
  TrainerConfig tc;
  tc.patience = kMaxPatience + 1;
  CHECK_THROWS_WITH(validate(tc), "trainer: patience must be in 0..100000, got 100001");
  tc.patience = kMaxPatience;
  CHECK_NOTHROW(validate(tc));
  tc.batch_size = kMaxBatch + 1;
  CHECK_THROWS_WITH(validate(tc),
                    "trainer: batch_size must be in 0..65536 (0 = the whole training set), got 65537");
  tc.batch_size = 0;
  tc.divergence_bound = 0;
  CHECK_THROWS_WITH(validate(tc), "trainer: divergence_bound must be a positive number, got 0");
}
