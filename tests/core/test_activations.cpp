// Activations (activations.hpp): hand-computed values, derivatives at the kinks, and every derivative
// against central differences of its activation.
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "activations.hpp"

using namespace bp;

TEST_CASE("activations take the hand-computed values", "[activations]") {
  CHECK(activate(Activation::linear, -2.5) == -2.5);
  CHECK(activate(Activation::relu, -2.0) == 0.0);
  CHECK(activate(Activation::relu, 3.0) == 3.0);
  CHECK(activate(Activation::leaky_relu, -2.0) == Approx(-0.02).epsilon(1e-15));
  CHECK(activate(Activation::leaky_relu, 3.0) == 3.0);
  CHECK(activate(Activation::sigmoid, 0.0) == 0.5);
  CHECK(activate(Activation::sigmoid, std::log(3.0)) == Approx(0.75).epsilon(1e-15));  // 1/(1 + 1/3)
  CHECK(activate(Activation::tanh, std::log(2.0)) == Approx(0.6).epsilon(1e-15));
  CHECK(activate(Activation::tanh, -std::log(2.0)) == Approx(-0.6).epsilon(1e-15));
}

TEST_CASE("derivatives take the hand-computed values, the left one at a kink", "[activations]") {
  CHECK(activation_derivative(Activation::linear, 7.0) == 1.0);
  CHECK(activation_derivative(Activation::relu, 0.0) == 0.0);
  CHECK(activation_derivative(Activation::relu, 1e-9) == 1.0);
  CHECK(activation_derivative(Activation::leaky_relu, 0.0) == 0.01);
  CHECK(activation_derivative(Activation::leaky_relu, 2.0) == 1.0);
  CHECK(activation_derivative(Activation::sigmoid, 0.0) == 0.25);
  CHECK(activation_derivative(Activation::sigmoid, std::log(3.0)) ==
        Approx(0.1875).epsilon(1e-14));                                                          // 0.75·0.25
  CHECK(activation_derivative(Activation::tanh, std::log(2.0)) == Approx(0.64).epsilon(1e-14));  // 1 − 0.6²
  CHECK(activation_derivative(Activation::tanh, 0.0) == 1.0);
}

TEST_CASE("backprop_activation equals central differences of each activation", "[activations]") {
  const std::vector<double> zs = {-3.1, -1.2, -0.4, 0.3, 0.9, 2.7};
  for (Activation act : {Activation::linear, Activation::relu, Activation::leaky_relu, Activation::sigmoid,
                         Activation::tanh}) {
    std::vector<double> A(zs.size()), dA(zs.size()), dZ(zs.size());
    activate(act, zs.data(), A.data(), 1, zs.size());
    for (std::size_t i = 0; i < zs.size(); ++i)
      dA[i] = 0.5 + 0.25 * static_cast<double>(i);  // upstream gradient
    backprop_activation(act, zs.data(), A.data(), dA.data(), dZ.data(), zs.size());
    for (std::size_t i = 0; i < zs.size(); ++i) {
      const double h = 1e-6;
      const double numeric = (activate(act, zs[i] + h) - activate(act, zs[i] - h)) / (2 * h);
      INFO(activation_name(act) << " at z = " << zs[i]);
      CHECK(dZ[i] == Approx(dA[i] * numeric).epsilon(1e-8));
      CHECK(activation_derivative(act, zs[i]) == Approx(numeric).epsilon(1e-8));
    }
  }
}

TEST_CASE("softmax normalizes each column and stays finite for huge logits", "[activations]") {
  // Two examples (columns) of three logits: [1, 2, 3] and [1e4, 0, −1e4].
  const double Z[6] = {1.0, 1e4, 2.0, 0.0, 3.0, -1e4};
  double A[6];
  activate(Activation::softmax, Z, A, 3, 2);
  const double s = std::exp(1.0) + std::exp(2.0) + std::exp(3.0);
  CHECK(A[0] == Approx(std::exp(1.0) / s).epsilon(1e-14));  // 0.09003057
  CHECK(A[2] == Approx(std::exp(2.0) / s).epsilon(1e-14));  // 0.24472847
  CHECK(A[4] == Approx(std::exp(3.0) / s).epsilon(1e-14));  // 0.66524096
  CHECK(A[0] == Approx(0.09003057317038046).epsilon(1e-12));
  CHECK(A[1] == 1.0);
  CHECK(A[3] == 0.0);
  CHECK(A[5] == 0.0);
}

TEST_CASE("activation names parse, and unknown names are refused naming the field", "[activations]") {
  CHECK(parse_activation("leaky_relu", "hidden") == Activation::leaky_relu);
  CHECK(std::string(activation_name(Activation::tanh)) == "tanh");
  CHECK_THROWS_WITH(parse_activation("relu6", "hidden[1]"),
                    Catch::Contains("hidden[1] must be one of") && Catch::Contains("got 'relu6'"));
  CHECK_THROWS_AS(activate(Activation::softmax, 1.0), std::invalid_argument);
}

TEST_CASE("the activation table lists every activation once with its use and range", "[activations]") {
  const std::vector<std::string> names = activation_names();
  REQUIRE(names == std::vector<std::string>{"linear", "relu", "leaky_relu", "sigmoid", "tanh", "softmax"});
  for (std::size_t i = 0; i < names.size(); ++i) {
    const ActivationInfo& info = activation_table()[i];
    CHECK(static_cast<std::size_t>(info.activation) == i);
    CHECK(parse_activation(names[i], "x") == info.activation);
    CHECK(std::string(activation_name(info.activation)) == names[i]);
  }
  const double inf = std::numeric_limits<double>::infinity();
  CHECK(activation_info(Activation::relu).lo == 0.0);
  CHECK(activation_info(Activation::relu).hi == inf);
  CHECK(activation_info(Activation::leaky_relu).lo == -inf);
  CHECK(activation_info(Activation::tanh).lo == -1.0);
  CHECK(activation_info(Activation::tanh).hi == 1.0);
  CHECK(activation_info(Activation::sigmoid).hi == 1.0);
  CHECK_FALSE(activation_info(Activation::softmax).hidden);
  CHECK(activation_info(Activation::softmax).output);
  CHECK_FALSE(activation_info(Activation::relu).output);
  CHECK_FALSE(activation_info(Activation::leaky_relu).output);
  // Every value σ takes lies in its range.
  for (const ActivationInfo& info : activation_table()) {
    if (info.activation == Activation::softmax) continue;
    for (double z : {-50.0, -1.0, 0.0, 0.5, 50.0}) {
      CHECK(activate(info.activation, z) >= info.lo);
      CHECK(activate(info.activation, z) <= info.hi);
    }
  }
}
