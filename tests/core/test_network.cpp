// The network (network.hpp): gradient checks of every hidden × output × loss combination, with and
// without regularization; the training step; configuration errors naming field and rule.
#include <catch2/catch.hpp>
#include <cmath>
#include <stdexcept>
#include <string>

#include "helpers.hpp"

using namespace bp;
using bp::test::config;

namespace {
struct OutputLoss {
  const char* output;
  const char* loss;
};
constexpr OutputLoss kPairs[] = {
    {"linear", "mse"}, {"sigmoid", "mse"}, {"tanh", "mse"}, {"sigmoid", "bce"}, {"softmax", "cross_entropy"}};
constexpr const char* kHidden[] = {"linear", "relu", "leaky_relu", "sigmoid", "tanh"};
}  // namespace

TEST_CASE("backprop equals central differences for every hidden × output × loss combination", "[network]") {
  for (const char* hidden : kHidden) {
    for (const auto& pair : kPairs) {
      const std::size_t n_out = std::string(pair.loss) == "cross_entropy" ? 3 : 2;
      Network net(config({3, 5, 4, n_out}, hidden, pair.output, pair.loss, 17));
      const Matrix X = test::random_inputs(7, 3, 101);
      const Matrix Y = test::random_targets(net.config().loss, 7, n_out, 202);
      const GradientCheck check = net.gradient_check(X, Y, 1e-5);
      INFO(hidden << " hidden, " << pair.output << " output, " << pair.loss << " loss: worst entry layer "
                  << check.layer << (check.is_bias ? " b" : " W") << "[" << check.index << "] backprop "
                  << check.backprop << " vs numeric " << check.numeric);
      CHECK(check.max_relative_error <= 1e-6);
    }
  }
}

TEST_CASE("gradient checks hold with L1 and L2 regularization, and a batch of 1", "[network]") {
  Network net(config({2, 4, 1}, "tanh", "sigmoid", "bce", 3));
  net.set_regularization({0.01, 0.05, 0.0});
  const Matrix X = test::random_inputs(1, 2, 9);
  const Matrix Y = test::mat({{1.0}});
  const GradientCheck check = net.gradient_check(X, Y, 1e-5);
  CHECK(check.max_relative_error <= 1e-6);
  // The regularization term: λ1 Σ|W| + (λ2/2) Σ W² over weights only.
  double abs_sum = 0, sq_sum = 0;
  for (std::size_t l = 1; l <= 2; ++l)
    for (double w : net.layer(l).W) {
      abs_sum += std::fabs(w);
      sq_sum += w * w;
    }
  CHECK(net.regularization_loss() == Approx(0.01 * abs_sum + 0.025 * sq_sum).epsilon(1e-14));
}

TEST_CASE("a broken σ' (lesson q3) fails the gradient check", "[network]") {
  Network net(config({2, 4, 1}, "sigmoid", "sigmoid", "bce", 3));
  const Matrix X = test::random_inputs(8, 2, 4);
  const Matrix Y = test::random_targets(Loss::bce, 8, 1, 5);
  CHECK(net.gradient_check(X, Y, 1e-5).max_relative_error <= 1e-6);
  net.set_broken_derivative(true);
  CHECK(net.gradient_check(X, Y, 1e-5).max_relative_error > 0.1);
}

TEST_CASE("forward returns Ŷ example-major and caches Z, A as n_l × m", "[network]") {
  Network net(config({2, 3, 1}, "tanh", "sigmoid", "bce"));
  const Matrix X = test::random_inputs(5, 2, 1);
  const Matrix Y_hat = net.forward(X);
  CHECK(Y_hat.shape()[0] == 5);
  CHECK(Y_hat.shape()[1] == 1);
  CHECK(net.layer(1).Z.rows() == 3);
  CHECK(net.layer(1).Z.cols() == 5);
  for (std::size_t j = 0; j < 5; ++j) CHECK(Y_hat(j, 0) == net.layer(2).A(0, j));
  // The evaluation forward is a pure function of the weights: twice gives the same numbers.
  CHECK((net.forward(X) == Y_hat));
}

TEST_CASE("a training step returns the loss before the update and lowers it on the same batch", "[network]") {
  Network net(config({2, 8, 1}, "tanh", "sigmoid", "bce", 5));
  net.set_optimizer({"sgd", 0.5});
  const Matrix X = test::random_inputs(16, 2, 2);
  const Matrix Y = test::random_targets(Loss::bce, 16, 1, 3);
  const double before = net.evaluate_loss(X, Y);
  const double returned = net.step(X, Y);
  CHECK(returned == before);
  CHECK(net.evaluate_loss(X, Y) < before);
}

TEST_CASE("a step with dropout changes only training: evaluation uses every neuron", "[network]") {
  Network net(config({2, 16, 1}, "relu", "linear", "mse", 5));
  net.set_regularization({0.0, 0.0, 0.5});
  const Matrix X = test::random_inputs(4, 2, 2);
  const Matrix Y = test::random_targets(Loss::mse, 4, 1, 3);
  net.set_optimizer({"sgd", 1e-9});
  net.step(X, Y);
  CHECK(net.layer(1).dropped);
  std::size_t dropped = 0;
  for (std::size_t i = 0; i < net.layer(1).mask.size(); ++i) dropped += net.layer(1).mask.data()[i] == 0.0;
  CHECK(dropped > 0);
  CHECK_FALSE(net.layer(2).dropped);  // never the output layer
  net.forward(X);
  CHECK_FALSE(net.layer(1).dropped);
}

TEST_CASE("invalid configurations are refused with the field and the rule", "[network]") {
  CHECK_THROWS_WITH(Network(config({2, 0, 1}, "relu", "sigmoid", "bce")),
                    "Network: sizes[1] must be an integer in 1..64, got 0");
  CHECK_THROWS_WITH(Network(config({2, 65, 1}, "relu", "sigmoid", "bce")), Catch::Contains("sizes[1]"));
  CHECK_THROWS_WITH(Network(config({3}, "relu", "sigmoid", "bce")), Catch::Contains("sizes must list 2..10"));
  CHECK_THROWS_WITH(Network(config({2, 3, 1}, "relu", "linear", "bce")),
                    Catch::Contains("'bce' needs output 'sigmoid'"));
  CHECK_THROWS_WITH(Network(config({2, 3, 1}, "relu", "softmax", "cross_entropy")),
                    Catch::Contains("softmax' needs at least 2 outputs"));
  CHECK_THROWS_WITH(Network(config({2, 3, 3}, "softmax", "softmax", "cross_entropy")),
                    Catch::Contains("hidden[0] cannot be 'softmax'"));
  Network net(config({2, 3, 1}, "relu", "sigmoid", "bce"));
  CHECK_THROWS_WITH(net.backward(test::mat({{1.0}})), Catch::Contains("call forward"));
  CHECK_THROWS_WITH(net.forward(test::mat({{1.0, 2.0, 3.0}})), Catch::Contains("n_0 = 2 columns"));
  CHECK_THROWS_WITH(net.forward(test::mat({{1.0, NAN}})), Catch::Contains("finite"));
  net.forward(test::mat({{1.0, 2.0}}));
  CHECK_THROWS_WITH(net.backward(test::mat({{2.0}})), Catch::Contains("[0, 1]"));
  CHECK_THROWS_WITH(net.backward(test::mat({{1.0}, {0.0}})), Catch::Contains("Y must be 1 × 1"));
  CHECK_THROWS_WITH(net.layer(3), "layer: l must be in 1..2, got 3");
  CHECK_THROWS_WITH(net.set_regularization({0, 0, 1.0}),
                    Catch::Contains("dropout must be a probability in [0, 1)"));
  CHECK_THROWS_WITH(net.set_optimizer({"adagrad"}), Catch::Contains("type must be one of"));
  CHECK_THROWS_WITH(net.set_optimizer({"sgd", -1.0}), Catch::Contains("lr must be"));
  // A step refused halfway (X loaded, Y wrong) leaves no half-valid caches behind: they are refused too.
  net.forward(test::mat({{1.0, 2.0}}));
  CHECK_THROWS_WITH(net.step(test::mat({{1.0, 2.0}, {3.0, 4.0}}), test::mat({{1.0}, {5.0}})),
                    Catch::Contains("[0, 1]"));
  CHECK_FALSE(net.has_forward());
  CHECK_THROWS_WITH(net.backward(test::mat({{1.0}})), Catch::Contains("call forward"));
  // After every refusal the network still works.
  CHECK(std::isfinite(net.step(test::mat({{1.0, 2.0}}), test::mat({{1.0}}))));
}

namespace {
// W^[l] and b^[l] set to given values, row-major.
void set_layer(Network& net, std::size_t l, std::initializer_list<double> W,
               std::initializer_list<double> b) {
  std::copy(W.begin(), W.end(), net.layer(l).W.data());
  std::copy(b.begin(), b.end(), net.layer(l).b.data());
}
}  // namespace

TEST_CASE("results that overflow throw saying what and how large, instead of returning ±inf or NaN",
          "[network]") {
  // 2-3-1, relu, every weight 1: z^[1] = x1 + x2 overflows for x = (1e308, 1e308).
  Network net(config({2, 3, 1}, "relu", "linear", "mse"));
  set_layer(net, 1, {1, 1, 1, 1, 1, 1}, {0, 0, 0});
  set_layer(net, 2, {1, 1, 1}, {0});
  const Matrix huge = test::mat({{1e308, 1e308}}), one = test::mat({{0.5, 0.5}});
  net.forward(one);
  CHECK_THROWS_WITH(net.predict(huge),
                    "predict: Z^[1] is not finite (the inputs or weights are too large: |x| up to 1e+308, "
                    "|W|, |b| up to 1)");
  CHECK(net.has_forward());  // predict leaves the caches of the last forward alone, refused or not
  CHECK_THROWS_WITH(net.classify(huge), Catch::StartsWith("classify: Z^[1] is not finite"));
  CHECK_THROWS_WITH(net.forward(huge),
                    "forward: Z^[1] is not finite (the inputs or weights are too large: |x| up to 1e+308, "
                    "|W|, |b| up to 1)");
  CHECK_FALSE(net.has_forward());  // no half-valid caches: refused until the next forward
  // Finite but huge: ŷ = 3e155, so ½ (ŷ − y)² overflows in the loss.
  net.forward(test::mat({{5e154, 5e154}}));
  CHECK_THROWS_WITH(
      net.backward(test::mat({{0.0}})),
      "backward: the loss is not finite (the inputs, targets or weights are too large: |x| up to "
      "5e+154, |y| up to 0, |W|, |b| up to 1)");
  CHECK_FALSE(net.has_backward());
  CHECK_THROWS_WITH(net.evaluate_loss(one, test::mat({{1e200}})),
                    Catch::StartsWith("evaluate_loss: the loss is not finite"));
  // The regularization term of weights near 1e200: (λ/2) Σ W² overflows.
  net.set_regularization({0.0, 1.0, 0.0});
  set_layer(net, 2, {1e200, 1, 1}, {0});
  CHECK_THROWS_WITH(
      net.regularization_loss(),
      "regularization_loss: the term is not finite (the weights are too large: |W| up to 1e+200)");
  // Every call keeps working, and huge inputs whose results fit are fine: tanh saturates.
  Network tanh_net(config({2, 3, 1}, "tanh", "linear", "mse"));
  const Matrix y_hat = tanh_net.forward(test::mat({{1e300, -1e300}}));
  CHECK(std::isfinite(y_hat(0, 0)));
  CHECK(std::isfinite(tanh_net.backward(test::mat({{0.5}}))));
}

TEST_CASE("a step that would return an infinite loss or overflow the optimizer state changes nothing",
          "[network]") {
  // Two networks with the same history; only one of them is offered the refused steps.
  Network net(config({1, 2, 1}, "relu", "linear", "mse", 3)),
      twin(config({1, 2, 1}, "relu", "linear", "mse", 3));
  for (Network* n : {&net, &twin}) {
    n->set_optimizer({"adam", 0.01});
    n->set_regularization({0.0, 0.0, 0.5});  // dropout: the step draws from the dropout stream
  }
  const Matrix X = test::mat({{0.5}}), Y = test::mat({{1.0}});
  net.step(X, Y);
  twin.step(X, Y);
  const std::vector<Vector> weights = net.save_parameters();
  const NamedState state = net.optimizer().state(0);
  // ½ (ŷ − 1e200)² overflows: today's code returned inf and updated the weights with a huge gradient.
  CHECK_THROWS_WITH(
      net.step(X, test::mat({{1e200}})),
      Catch::StartsWith("step: the loss is not finite (the inputs, targets or weights are too large: "
                        "|x| up to 0.5, |y| up to 1e+200, |W|, |b| up to "));
  CHECK((net.save_parameters() == weights));
  CHECK(net.optimizer().t() == 1);
  CHECK((net.optimizer().state(0)[1].second == state[1].second));
  CHECK_FALSE(net.has_forward());
  // Nothing happened: the next step is the twin's to the bit (weights, dropout draws, optimizer).
  CHECK(net.step(X, Y) == twin.step(X, Y));
  CHECK((net.save_parameters() == twin.save_parameters()));

  // A finite loss whose gradient is 1e200: RMSProp's s = 0.1 g² overflows (the weights would not move, and
  // s = inf stayed behind). The update is undone and refused; the state was never allocated.
  Network lin(config({1, 1}, "linear", "linear", "mse"));
  lin.set_optimizer({"rmsprop", 0.01});
  set_layer(lin, 1, {1.0}, {0.0});
  CHECK_THROWS_WITH(lin.step(test::mat({{1e100}}), test::mat({{0.0}})),
                    "step: the update would make a weight or the optimizer state overflow (|dW|, |db| up to "
                    "1e+200 with lr = 0.01); the weights and the optimizer state before it were kept");
  CHECK(lin.layer(1).W(0, 0) == 1.0);
  CHECK(lin.optimizer().t() == 0);
  CHECK(lin.optimizer().state(0).empty());
  CHECK(std::isfinite(lin.step(test::mat({{1.0}}), test::mat({{0.0}}))));
  CHECK(lin.optimizer().t() == 1);
}

TEST_CASE("a gradient check refuses a point central differences cannot resolve, instead of a false error",
          "[network]") {
  // 2-3-3 relu/softmax at x = (1e300, 1e300): the logits are ±1e300 and the loss log 2 is finite, but every
  // ± eps of a first-layer weight moves them by 1e295: the differences would be round-off (a false 1.0).
  Network net(config({2, 3, 3}, "relu", "softmax", "cross_entropy"));
  set_layer(net, 1, {0.5, 0.5, 0.5, 0.5, 0.5, 0.5}, {0, 0, 0});
  set_layer(net, 2, {1, 0, 0, 0, 1, 0, 0, 0, -1}, {0, 0, 0});
  CHECK_THROWS_WITH(
      net.gradient_check(test::mat({{1e300, 1e300}}), test::mat({{1, 0, 0}}), 1e-5),
      "gradient_check: the loss terms reach 3e+300, too large for central differences with eps = "
      "0.00001 to resolve a gradient of 0.0001 (the inputs, targets or weights are too large: |x| up to "
      "1e+300, |y| up to 1, |W|, |b| up to 1); scale them down or use a larger eps");
  // Past overflow, the check names what overflowed (it returned a NaN relative error).
  Network lin(config({2, 3, 1}, "linear", "linear", "mse"));
  set_layer(lin, 1, {1, 1, 1, 1, 1, 1}, {0, 0, 0});
  CHECK_THROWS_WITH(lin.gradient_check(test::mat({{1e308, 1e308}}), test::mat({{0.0}}), 1e-5),
                    Catch::StartsWith("gradient_check: Z^[1] is not finite"));
  // At ordinary scales the same networks check out.
  const GradientCheck fine = net.gradient_check(test::mat({{0.3, -0.2}}), test::mat({{1, 0, 0}}), 1e-5);
  CHECK(fine.max_relative_error <= 1e-6);
  CHECK(fine.checked == 21);
  CHECK(fine.total == 21);
}

TEST_CASE("a large network's gradient check compares a stated, evenly spread sample of its parameters",
          "[network]") {
  // Sizes 6, 2, 6, 2 and a sample of 8: the 2s take all (2 each), the 6s share the rest (2 each, centred).
  const std::vector<std::vector<std::size_t>> entries = gradient_check_entries({6, 2, 6, 2}, 8);
  CHECK(entries == std::vector<std::vector<std::size_t>>{{1, 4}, {0, 1}, {1, 4}, {0, 1}});
  CHECK(gradient_check_entries({3, 1}, 8) == std::vector<std::vector<std::size_t>>{{0, 1, 2}, {0}});
  // 5 of a tensor of 4096: ⌊(2i + 1)·4096/10⌋.
  CHECK(gradient_check_entries({4096}, 5)[0] == std::vector<std::size_t>{409, 1228, 2048, 2867, 3686});

  // 8-32-32-1: 1377 parameters, more than kGradientCheckSample; every tensor is sampled.
  Network net(config({8, 32, 32, 1}, "sigmoid", "sigmoid", "bce", 4));
  REQUIRE(net.parameter_count() == 1377);
  const Matrix X = test::random_inputs(3, 8, 5);
  const Matrix Y = test::random_targets(Loss::bce, 3, 1, 6);
  const GradientCheck check = net.gradient_check(X, Y, 1e-5);
  CHECK(check.checked == kGradientCheckSample);
  CHECK(check.total == 1377);
  CHECK(check.max_relative_error <= 1e-6);
  std::size_t sampled = 0;
  for (const auto& e : gradient_check_entries({256, 32, 1024, 32, 32, 1}, kGradientCheckSample)) {
    CHECK_FALSE(e.empty());
    sampled += e.size();
  }
  CHECK(sampled == kGradientCheckSample);
  net.set_broken_derivative(true);  // lesson q3 still shows in the sample
  CHECK(net.gradient_check(X, Y, 1e-5).max_relative_error > 0.1);
}

TEST_CASE("every batch call does bounded work: the largest network takes m up to what one call may do",
          "[network]") {
  // 64 × 9 layers: 37440 parameters, 576 neurons; tanh hidden, linear output. forward_work = 37440 + 8·64·20
  // + 64·2 = 47808; step_work = 47808 + 2 (37440 + 576) = 123840; 640000000 / 123840 = 5167.
  Network net(config({64, 64, 64, 64, 64, 64, 64, 64, 64, 64}, "tanh", "linear", "mse"));
  CHECK(net.forward_work() == 47808);
  CHECK(net.step_work() == 123840);
  CHECK(net.max_batch() == 5167);
  const Matrix X = test::random_inputs(5168, 64, 1), Y = test::random_targets(Loss::mse, 5168, 64, 2);
  const std::string rule =
      " must be at most 5167 for this network (one call does at most 640000000 multiply-adds; an example "
      "takes "
      "123840 through forward and backward and keeps 640 of a batch's 4194304 values here), got 5168; use a "
      "smaller m or call it in parts";
  CHECK_THROWS_WITH(net.forward(X), "forward: m" + rule);
  CHECK_THROWS_WITH(net.step(X, Y), "step: m" + rule);
  CHECK_THROWS_WITH(net.predict(X), "predict: m" + rule);
  CHECK_THROWS_WITH(net.evaluate_loss(X, Y), "evaluate_loss: m" + rule);
  // The gradient check: 2 × 123840 + 2 × 1024 × 47808 = 98158464 per example, so m ≤ 6.
  CHECK_THROWS_WITH(
      net.gradient_check(test::random_inputs(7, 64, 3), test::random_targets(Loss::mse, 7, 64, 4), 1e-5),
      "gradient_check: m must be at most 6 for this network (one call does at most 640000000 "
      "multiply-adds; an example costs 2 × 123840 + 2 × 1024 checked × 47808 here), got 7; check "
      "fewer examples at a time");
  CHECK_THROWS_WITH(net.gradient_check(test::random_inputs(4097, 64, 3),
                                       test::random_targets(Loss::mse, 4097, 64, 4), 1e-5),
                    "gradient_check: X must hold 1..4096 examples, got 4097");
  // The page's networks are far inside: 2-8-8-1 takes the whole kMaxBatch.
  Network small(config({2, 8, 8, 1}, "tanh", "sigmoid", "bce"));
  CHECK(small.max_batch() == kMaxBatch);
  // Light work but many neurons per example: the batch's values bind, 4194304 / (1 + 324) = 12905.
  Network many(config({1, 64, 1, 64, 1, 64, 1, 64, 1, 64}, "relu", "linear", "mse"));
  CHECK(many.max_batch() == 12905);
  CHECK_THROWS_WITH(many.forward(test::random_inputs(12906, 1, 5)),
                    Catch::StartsWith("forward: m must be at most 12905 for this network"));
  CHECK(many.forward(test::random_inputs(12905, 1, 5)).shape()[0] == 12905);
}

TEST_CASE("predict, classify and activations with parameters equal a network holding them, touching nothing",
          "[network]") {
  Network net(config({3, 4, 2}, "relu", "linear", "mse", 9));
  Network copy(config({3, 4, 2}, "relu", "linear", "mse", 9));
  std::vector<Vector> other = net.save_parameters();
  for (Vector& t : other) t = t * 0.5 - 0.125;
  copy.load_parameters(other);
  const Matrix X = test::random_inputs(6, 3, 33);
  const Matrix Y = test::random_targets(Loss::mse, 6, 2, 34);
  net.step(X, Y);
  net.forward(X);
  net.backward(Y);
  const Matrix Z1 = net.layer(1).Z.to_matrix(), dZ2 = net.layer(2).dZ.to_matrix(), W1 = net.layer(1).W;
  const Matrix P = test::random_inputs(5, 3, 35);
  CHECK((net.predict(P, &other) == copy.predict(P)));
  CHECK(net.classify(P, &other) == copy.classify(P));
  BatchMatrix input;
  const ForwardScratch& layers = net.activations(P, input, &other);
  copy.forward(P);
  CHECK((input.to_matrix() == copy.input().to_matrix()));
  for (std::size_t l = 1; l <= 2; ++l) {
    CHECK((layers.Z[l - 1].to_matrix() == copy.layer(l).Z.to_matrix()));
    CHECK((layers.A[l - 1].to_matrix() == copy.layer(l).A.to_matrix()));
  }
  CHECK((net.layer(1).Z.to_matrix() == Z1));
  CHECK((net.layer(2).dZ.to_matrix() == dZ2));
  CHECK((net.layer(1).W == W1));
  // σ' of the last forward: relu' is 1 where Z > 0.
  const BatchMatrix d = net.sigma_prime(1, "sigmaPrime");
  for (std::size_t i = 0; i < d.size(); ++i) CHECK(d.data()[i] == (net.layer(1).Z.data()[i] > 0 ? 1.0 : 0.0));
  std::vector<Vector> bad = other;
  bad.pop_back();
  CHECK_THROWS_WITH(net.predict(P, &bad),
                    "predict: parameters must hold 4 tensors (W^[l], b^[l] of each layer), got 3");
  bad = other;
  bad[2] = Vector::from_shape({3});
  CHECK_THROWS_WITH(net.classify(P, &bad), "classify: parameters W^[2] must hold 8 numbers, got 3");
  bad = other;
  bad[1](0) = std::nan("");
  CHECK_THROWS_WITH(net.predict(P, &bad), "predict: parameters b^[1] must hold finite numbers");
}
