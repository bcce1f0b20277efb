// Losses (losses.hpp): hand-computed values, dZ^[L] = (Ŷ − Y)/m for the fused pairs, central-difference
// checks of the output gradients, and no NaN or Inf at |z| = 1e4, targets 0 or 1, and m = 1.
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <vector>

#include "losses.hpp"

using namespace bp;

namespace {
// Loss of logits Z (n, m) through `output`.
double loss_of(Loss loss, Activation output, const std::vector<double>& Z, const std::vector<double>& Y,
               std::size_t n, std::size_t m) {
  std::vector<double> A(Z.size());
  activate(output, Z.data(), A.data(), n, m);
  return loss_value(loss, Z.data(), A.data(), Y.data(), n, m);
}

void check_gradients(Loss loss, Activation output, const std::vector<double>& Z, const std::vector<double>& Y,
                     std::size_t n, std::size_t m) {
  std::vector<double> A(Z.size()), dA(Z.size()), dZ(Z.size());
  activate(output, Z.data(), A.data(), n, m);
  output_gradients(loss, output, Z.data(), A.data(), Y.data(), dA.data(), dZ.data(), n, m);
  for (std::size_t i = 0; i < Z.size(); ++i) {
    std::vector<double> plus = Z, minus = Z;
    const double h = 1e-6;
    plus[i] += h;
    minus[i] -= h;
    const double numeric =
        (loss_of(loss, output, plus, Y, n, m) - loss_of(loss, output, minus, Y, n, m)) / (2 * h);
    INFO(loss_name(loss) << " with " << activation_name(output) << ", entry " << i);
    CHECK(dZ[i] == Approx(numeric).epsilon(1e-7).margin(1e-10));
  }
}
}  // namespace

TEST_CASE("mse is the mean over examples of ½ Σ_k (ŷ_k − y_k)²", "[losses]") {
  // Two examples, one output, linear: ŷ = [0.5, 3], y = [1, 1] → (½·0.25 + ½·4) / 2 = 1.0625.
  const double Z[2] = {0.5, 3.0}, Y[2] = {1.0, 1.0};
  CHECK(loss_value(Loss::mse, Z, Z, Y, 1, 2) == Approx(1.0625).epsilon(1e-15));
  double dA[2], dZ[2];
  output_gradients(Loss::mse, Activation::linear, Z, Z, Y, dA, dZ, 1, 2);
  CHECK(dZ[0] == Approx(-0.25).epsilon(1e-15));  // (0.5 − 1)/2
  CHECK(dZ[1] == Approx(1.0).epsilon(1e-15));    // (3 − 1)/2
}

TEST_CASE("bce from logits takes the hand-computed values", "[losses]") {
  // z = 0, y = 1: −log ½ = log 2;  z = log 3 (ŷ = 0.75), y = 0: −log 0.25 = log 4. Mean of the two.
  const double Z[2] = {0.0, std::log(3.0)}, Y[2] = {1.0, 0.0};
  double A[2];
  activate(Activation::sigmoid, Z, A, 1, 2);
  CHECK(loss_value(Loss::bce, Z, A, Y, 1, 2) == Approx((std::log(2.0) + std::log(4.0)) / 2).epsilon(1e-14));
  double dA[2], dZ[2];
  output_gradients(Loss::bce, Activation::sigmoid, Z, A, Y, dA, dZ, 1, 2);
  CHECK(dZ[0] == Approx(-0.25).epsilon(1e-15));  // (0.5 − 1)/2
  CHECK(dZ[1] == Approx(0.375).epsilon(1e-15));  // (0.75 − 0)/2
  // dL/dŷ = (ŷ − y)/(ŷ(1 − ŷ)) / m, the homework's first backward line.
  CHECK(dA[0] == Approx(-1.0).epsilon(1e-14));  // (−0.5/0.25)/2
  CHECK(dA[1] == Approx(2.0).epsilon(1e-14));   // (0.75/0.1875)/2
}

TEST_CASE("cross-entropy from logits takes the hand-computed value", "[losses]") {
  // One example, logits [1, 2, 3], class 3: log(e + e² + e³) − 3 = 0.40760596444438.
  const double Z[3] = {1.0, 2.0, 3.0}, Y[3] = {0.0, 0.0, 1.0};
  double A[3];
  activate(Activation::softmax, Z, A, 3, 1);
  CHECK(loss_value(Loss::cross_entropy, Z, A, Y, 3, 1) == Approx(0.40760596444438).epsilon(1e-12));
  double dA[3], dZ[3];
  output_gradients(Loss::cross_entropy, Activation::softmax, Z, A, Y, dA, dZ, 3, 1);
  CHECK(dZ[0] == Approx(A[0]).epsilon(1e-15));
  CHECK(dZ[2] == Approx(A[2] - 1.0).epsilon(1e-15));
}

TEST_CASE("output gradients equal central differences of the loss for every output/loss pair", "[losses]") {
  const std::vector<double> Z = {0.3, -1.1, 2.0, -0.4, 0.7, 1.5};  // (2 outputs, 3 examples) or (3, 2)
  check_gradients(Loss::mse, Activation::linear, Z, {0.1, 0.5, -0.3, 1.0, 0.0, 0.2}, 2, 3);
  check_gradients(Loss::mse, Activation::sigmoid, Z, {0.1, 0.5, 0.3, 1.0, 0.0, 0.2}, 2, 3);
  check_gradients(Loss::mse, Activation::tanh, Z, {0.1, 0.5, -0.3, 1.0, 0.0, 0.2}, 2, 3);
  check_gradients(Loss::bce, Activation::sigmoid, Z, {1.0, 0.0, 1.0, 1.0, 0.0, 0.0}, 2, 3);
  check_gradients(Loss::cross_entropy, Activation::softmax, Z, {1.0, 0.0, 0.0, 1.0, 0.0, 0.0}, 3, 2);
}

TEST_CASE("no NaN or Inf for logits of ±1e4, targets at exactly 0 or 1, and a batch of 1", "[losses]") {
  for (double z : {1e4, -1e4, 0.0}) {
    for (double y : {0.0, 1.0}) {
      const double Z[1] = {z}, Y[1] = {y};
      double A[1], dA[1], dZ[1];
      activate(Activation::sigmoid, Z, A, 1, 1);
      const double L = loss_value(Loss::bce, Z, A, Y, 1, 1);
      output_gradients(Loss::bce, Activation::sigmoid, Z, A, Y, dA, dZ, 1, 1);
      INFO("bce, z = " << z << ", y = " << y);
      CHECK(std::isfinite(L));
      CHECK(std::isfinite(dA[0]));
      CHECK(std::isfinite(dZ[0]));
      CHECK(dZ[0] == A[0] - y);
      // The wrong side of a saturated logit costs |z| exactly; the right side costs nothing.
      if (z != 0.0) CHECK(L == Approx(((z > 0) == (y == 1.0)) ? 0.0 : 1e4).margin(1e-12));
    }
  }
  const double Z[3] = {1e4, -1e4, 0.0};
  for (int k = 0; k < 3; ++k) {
    double Y[3] = {0, 0, 0};
    Y[k] = 1.0;
    double A[3], dA[3], dZ[3];
    activate(Activation::softmax, Z, A, 3, 1);
    const double L = loss_value(Loss::cross_entropy, Z, A, Y, 3, 1);
    output_gradients(Loss::cross_entropy, Activation::softmax, Z, A, Y, dA, dZ, 3, 1);
    CHECK(std::isfinite(L));
    CHECK(L == Approx(k == 0 ? 0.0 : (k == 1 ? 2e4 : 1e4)).margin(1e-9));
    for (int i = 0; i < 3; ++i) {
      CHECK(std::isfinite(dA[i]));
      CHECK(std::isfinite(dZ[i]));
    }
  }
  for (Activation out : {Activation::linear, Activation::sigmoid, Activation::tanh}) {
    const double Z1[1] = {1e4}, Y1[1] = {1.0};
    double A[1], dA[1], dZ[1];
    activate(out, Z1, A, 1, 1);
    CHECK(std::isfinite(loss_value(Loss::mse, Z1, A, Y1, 1, 1)));
    output_gradients(Loss::mse, out, Z1, A, Y1, dA, dZ, 1, 1);
    CHECK(std::isfinite(dZ[0]));
  }
}

TEST_CASE("each loss accepts only its output activations, and checks its targets", "[losses]") {
  CHECK_NOTHROW(check_output_loss(Activation::tanh, Loss::mse));
  CHECK_THROWS_WITH(check_output_loss(Activation::linear, Loss::bce),
                    Catch::Contains("'bce' needs output 'sigmoid'"));
  CHECK_THROWS_WITH(check_output_loss(Activation::sigmoid, Loss::cross_entropy),
                    Catch::Contains("'cross_entropy' needs output 'softmax'"));
  CHECK_THROWS_WITH(check_output_loss(Activation::softmax, Loss::mse), Catch::Contains("'mse' needs output"));
  const double bad_bce[2] = {0.5, 1.5};
  CHECK_THROWS_WITH(check_targets(Loss::bce, bad_bce, 1, 2, "Y"), Catch::Contains("[0, 1]"));
  const double not_one_hot[4] = {0.5, 1.0, 0.5, 0.0};  // 2 classes × 2 examples: column 0 is (0.5, 0.5)
  CHECK_THROWS_WITH(check_targets(Loss::cross_entropy, not_one_hot, 2, 2, "Y"),
                    Catch::Contains("one-hot") && Catch::Contains("example 0"));
  const double nan_target[1] = {std::nan("")};
  CHECK_THROWS_WITH(check_targets(Loss::mse, nan_target, 1, 1, "Y"), Catch::Contains("finite"));
  CHECK_THROWS_WITH(parse_loss("hinge", "loss"), Catch::Contains("loss must be one of"));
}

TEST_CASE("target messages give the number in its shortest exact form (a %f would show 1.000000)",
          "[losses]") {
  const double just_above[2] = {1.0, 1.0000001};
  CHECK_THROWS_WITH(check_targets(Loss::bce, just_above, 1, 2, "step: Y"),
                    "step: Y: targets for 'bce' must lie in [0, 1], got 1.0000001 at example 1");
  const double tiny_negative[1] = {-1e-9};
  CHECK_THROWS_WITH(check_targets(Loss::bce, tiny_negative, 1, 1, "Y"),
                    "Y: targets for 'bce' must lie in [0, 1], got -1e-9 at example 0");
  const double infinite[2] = {0.25, -std::numeric_limits<double>::infinity()};
  CHECK_THROWS_WITH(check_targets(Loss::mse, infinite, 2, 1, "Y"),
                    "Y: every target must be a finite number, got -Infinity at example 0, output 1");
}

TEST_CASE("the pair table says which losses go with which output, and the default partners", "[losses]") {
  REQUIRE(loss_names() == std::vector<std::string>{"mse", "bce", "cross_entropy"});
  std::vector<Activation> outputs;
  for (const OutputPair& pair : output_pairs()) outputs.push_back(pair.output);
  // The outputs are exactly the activation table's output entries, in its order.
  std::vector<Activation> expected;
  for (const ActivationInfo& info : activation_table())
    if (info.output) expected.push_back(info.activation);
  CHECK(outputs == expected);
  CHECK(default_loss(Activation::sigmoid) == Loss::bce);
  CHECK(default_loss(Activation::softmax) == Loss::cross_entropy);
  CHECK(default_loss(Activation::tanh) == Loss::mse);
  CHECK(default_loss(Activation::linear) == Loss::mse);
  CHECK(default_output(Loss::mse) == Activation::linear);
  CHECK(default_output(Loss::bce) == Activation::sigmoid);
  CHECK(default_output(Loss::cross_entropy) == Activation::softmax);
  // check_output_loss accepts exactly the table's pairs, for every activation × loss.
  int accepted = 0;
  for (const ActivationInfo& info : activation_table())
    for (const std::string& name : loss_names()) {
      const Loss loss = parse_loss(name, "loss");
      if (pairs_with(info.activation, loss)) {
        CHECK_NOTHROW(check_output_loss(info.activation, loss));
        ++accepted;
      } else {
        CHECK_THROWS_AS(check_output_loss(info.activation, loss), std::invalid_argument);
      }
    }
  CHECK(accepted == 5);
  CHECK_THROWS_WITH(check_output_loss(Activation::relu, Loss::mse),
                    "Network: loss 'mse' needs output 'linear', 'sigmoid' or 'tanh', got 'relu'");
  CHECK_THROWS_WITH(check_output_loss(Activation::tanh, Loss::bce),
                    "Network: loss 'bce' needs output 'sigmoid', got 'tanh'");
  CHECK_THROWS_WITH(check_output_loss(Activation::sigmoid, Loss::cross_entropy),
                    "Network: loss 'cross_entropy' needs output 'softmax', got 'sigmoid'");
}
