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
  CHECK_THROWS_WITH(Network(config({2, 3, 1}, "relu", "linear", "bce")), Catch::Contains("'bce' needs output 'sigmoid'"));
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
  CHECK_THROWS_WITH(net.set_regularization({0, 0, 1.0}), Catch::Contains("dropout must be a probability in [0, 1)"));
  CHECK_THROWS_WITH(net.set_optimizer({"adagrad"}), Catch::Contains("type must be one of"));
  CHECK_THROWS_WITH(net.set_optimizer({"sgd", -1.0}), Catch::Contains("lr must be"));
  // A step refused halfway (X loaded, Y wrong) leaves no half-valid caches behind: they are refused too.
  net.forward(test::mat({{1.0, 2.0}}));
  CHECK_THROWS_WITH(net.step(test::mat({{1.0, 2.0}, {3.0, 4.0}}), test::mat({{1.0}, {5.0}})), Catch::Contains("[0, 1]"));
  CHECK_FALSE(net.has_forward());
  CHECK_THROWS_WITH(net.backward(test::mat({{1.0}})), Catch::Contains("call forward"));
  // After every refusal the network still works.
  CHECK(std::isfinite(net.step(test::mat({{1.0, 2.0}}), test::mat({{1.0}}))));
}

TEST_CASE("initializers draw from their documented ranges", "[network]") {
  Network xavier(config({4, 6, 1}, "relu", "sigmoid", "bce", 1, "xavier"));
  const double limit = std::sqrt(6.0 / 10.0);
  for (double w : xavier.layer(1).W) CHECK(std::fabs(w) <= limit);
  Network zeros(config({4, 6, 1}, "relu", "sigmoid", "bce", 1, "zeros"));
  for (double w : zeros.layer(1).W) CHECK(w == 0.0);
  Network uniform(config({4, 6, 1}, "relu", "sigmoid", "bce", 1, "uniform"));
  for (double w : uniform.layer(1).W) CHECK(std::fabs(w) <= 0.5);
  Network he(config({64, 64, 1}, "relu", "sigmoid", "bce", 1, "he"));
  double sq = 0;
  for (double w : he.layer(1).W) sq += w * w;
  CHECK(sq / 4096.0 == Approx(2.0 / 64.0).epsilon(0.1));  // variance 2/n_in
  for (double b : he.layer(1).b) CHECK(b == 0.0);
  // Same seed, same weights; another seed, other weights.
  Network again(config({4, 6, 1}, "relu", "sigmoid", "bce", 1, "xavier"));
  CHECK((again.layer(1).W == xavier.layer(1).W));
  Network other(config({4, 6, 1}, "relu", "sigmoid", "bce", 2, "xavier"));
  CHECK((other.layer(1).W != xavier.layer(1).W));
}
