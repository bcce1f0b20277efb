// The dense layer (dense_layer.hpp): a hand-computed forward and backward, a Jacobian check of dA^[l-1],
// and inverted dropout's mask and scaling.
#include <catch2/catch.hpp>
#include <cmath>
#include <cstring>
#include <stdexcept>

#include "dense_layer.hpp"

using namespace bp;

namespace {
// A 2 → 2 layer with W = [[1, −2], [0.5, 3]], b = [0.5, −1]; two examples as columns of A_prev.
DenseLayer two_by_two(Activation act) {
  DenseLayer layer(2, 2, act);
  layer.W = Matrix{{1.0, -2.0}, {0.5, 3.0}};
  layer.b = Vector{0.5, -1.0};
  return layer;
}
BatchMatrix inputs() {
  BatchMatrix A_prev;
  A_prev.resize(2, 2);
  A_prev(0, 0) = 1.0;  // example 1: x = (1, 2)
  A_prev(1, 0) = 2.0;
  A_prev(0, 1) = -1.0;  // example 2: x = (−1, 0.5)
  A_prev(1, 1) = 0.5;
  return A_prev;
}
}  // namespace

TEST_CASE("dense forward computes Z = W A_prev + b and A = σ(Z) column by column", "[layer]") {
  DenseLayer layer = two_by_two(Activation::relu);
  Rng rng(1);
  layer.forward(inputs(), 0.0, rng);
  // z_1 = (1·1 − 2·2 + 0.5, 0.5·1 + 3·2 − 1) = (−2.5, 5.5);  z_2 = (−1 − 1 + 0.5, −0.5 + 1.5 − 1) = (−1.5, 0)
  CHECK(layer.Z(0, 0) == -2.5);
  CHECK(layer.Z(1, 0) == 5.5);
  CHECK(layer.Z(0, 1) == -1.5);
  CHECK(layer.Z(1, 1) == 0.0);
  CHECK(layer.A(0, 0) == 0.0);
  CHECK(layer.A(1, 0) == 5.5);
  CHECK(layer.A(1, 1) == 0.0);  // relu(0) = 0
}

TEST_CASE("dense backward gives dZ = dA ⊙ σ'(Z), dW = dZ A_prevᵀ, db = Σ dZ, dA_prev = Wᵀ dZ", "[layer]") {
  DenseLayer layer = two_by_two(Activation::linear);
  Rng rng(1);
  BatchMatrix A_prev = inputs();
  layer.forward(A_prev, 0.0, rng);
  layer.dA.resize(2, 2);
  layer.dA(0, 0) = 1.0;
  layer.dA(1, 0) = -1.0;
  layer.dA(0, 1) = 2.0;
  layer.dA(1, 1) = 0.5;
  BatchMatrix dA_prev;
  layer.backward(A_prev, &dA_prev, false);
  // linear: dZ = dA.  dW = dZ A_prevᵀ: [[1·1 + 2·(−1), 1·2 + 2·0.5], [−1·1 + 0.5·(−1), −1·2 + 0.5·0.5]]
  CHECK(layer.dW(0, 0) == -1.0);
  CHECK(layer.dW(0, 1) == 3.0);
  CHECK(layer.dW(1, 0) == -1.5);
  CHECK(layer.dW(1, 1) == -1.75);
  CHECK(layer.db(0) == 3.0);
  CHECK(layer.db(1) == -0.5);
  // dA_prev = Wᵀ dZ: column 1 = (1·1 + 0.5·(−1), −2·1 + 3·(−1)) = (0.5, −5); column 2 = (2 + 0.25, −4 + 1.5)
  CHECK(dA_prev(0, 0) == 0.5);
  CHECK(dA_prev(1, 0) == -5.0);
  CHECK(dA_prev(0, 1) == 2.25);
  CHECK(dA_prev(1, 1) == -2.5);
}

TEST_CASE("dA_prev of every activation matches central differences of Σ dA ⊙ A (Jacobian check)", "[layer]") {
  for (Activation act : {Activation::linear, Activation::relu, Activation::leaky_relu, Activation::sigmoid,
                         Activation::tanh}) {
    DenseLayer layer(3, 2, act);
    layer.W = Matrix{{0.7, -0.3, 1.1}, {-0.9, 0.4, 0.25}};
    layer.b = Vector{0.1, -0.2};
    BatchMatrix A_prev;
    A_prev.resize(3, 2);
    const double x[6] = {0.3, -1.2, 0.8, 0.45, -0.6, 1.3};
    for (int i = 0; i < 6; ++i) A_prev.data()[i] = x[i];
    const double upstream[4] = {0.6, -1.1, 0.35, 0.8};
    auto objective = [&](const BatchMatrix& input) {
      Rng rng(1);
      layer.forward(input, 0.0, rng);
      double s = 0;
      for (int i = 0; i < 4; ++i) s += upstream[i] * layer.A.data()[i];
      return s;
    };
    objective(A_prev);
    layer.dA.resize(2, 2);
    for (int i = 0; i < 4; ++i) layer.dA.data()[i] = upstream[i];
    BatchMatrix dA_prev;
    layer.backward(A_prev, &dA_prev, false);
    for (int i = 0; i < 6; ++i) {
      BatchMatrix plus = A_prev, minus = A_prev;
      plus.data()[i] += 1e-6;
      minus.data()[i] -= 1e-6;
      const double numeric = (objective(plus) - objective(minus)) / 2e-6;
      INFO(activation_name(act) << ", input entry " << i);
      CHECK(dA_prev.data()[i] == Approx(numeric).epsilon(1e-7).margin(1e-10));
    }
  }
}

TEST_CASE("inverted dropout drops about p of the neurons and scales the kept ones by 1/(1 − p)", "[layer]") {
  DenseLayer layer(2, 16, Activation::linear);
  for (auto& w : layer.W) w = 1.0;
  BatchMatrix A_prev;
  A_prev.resize(2, 500);
  for (std::size_t i = 0; i < A_prev.size(); ++i) A_prev.data()[i] = 1.0;  // every z = 2
  Rng rng(5);
  layer.forward(A_prev, 0.25, rng);
  std::size_t kept = 0;
  for (std::size_t i = 0; i < layer.A.size(); ++i) {
    if (layer.mask.data()[i] == 1.0) {
      ++kept;
      REQUIRE(layer.A.data()[i] == Approx(2.0 / 0.75).epsilon(1e-15));
    } else {
      REQUIRE(layer.mask.data()[i] == 0.0);
      REQUIRE(layer.A.data()[i] == 0.0);
    }
  }
  const double kept_fraction = static_cast<double>(kept) / layer.A.size();
  CHECK(kept_fraction == Approx(0.75).margin(0.02));
  // Backward passes gradient only through kept neurons, with the same scale.
  layer.dA.resize(16, 500);
  for (std::size_t i = 0; i < layer.dA.size(); ++i) layer.dA.data()[i] = 1.0;
  layer.backward(A_prev, nullptr, false);
  for (std::size_t i = 0; i < layer.dZ.size(); ++i)
    REQUIRE(layer.dZ.data()[i] == (layer.mask.data()[i] == 1.0 ? 1.0 / 0.75 : 0.0));
  double kept_row0 = 0;
  for (std::size_t j = 0; j < 500; ++j) kept_row0 += layer.mask(0, j);
  CHECK(layer.db(0) == Approx(kept_row0 / 0.75).epsilon(1e-12));
}

TEST_CASE("the evaluation forward gives the training forward's Z and A bit for bit and touches no cache",
          "[layer]") {
  for (Activation act : {Activation::linear, Activation::relu, Activation::leaky_relu, Activation::sigmoid,
                         Activation::tanh, Activation::softmax}) {
    DenseLayer layer(3, 4, act);
    Rng rng(7);
    for (auto& w : layer.W) w = rng.uniform(-1.0, 1.0);
    for (auto& b : layer.b) b = rng.uniform(-1.0, 1.0);
    BatchMatrix A_prev;
    A_prev.resize(3, 5);
    for (std::size_t i = 0; i < 15; ++i) A_prev.data()[i] = rng.uniform(-2.0, 2.0);
    layer.forward(A_prev, 0.0, rng);
    const BatchMatrix Z = layer.Z, A = layer.A;
    // Other weights into other buffers: the layer's caches and weights stay as they were.
    Matrix W2 = layer.W * 2.0;
    Vector b2 = layer.b + 1.0;
    BatchMatrix Z2, A2;
    layer.evaluate(W2.data(), b2.data(), A_prev, Z2, A2);
    CHECK(std::memcmp(layer.Z.data(), Z.data(), Z.size() * sizeof(double)) == 0);
    CHECK(std::memcmp(layer.A.data(), A.data(), A.size() * sizeof(double)) == 0);
    CHECK(Z2(1, 2) == Approx(2.0 * (Z(1, 2) - layer.b(1)) + layer.b(1) + 1.0).epsilon(1e-14));
    BatchMatrix Z1, A1;
    layer.evaluate(layer.W.data(), layer.b.data(), A_prev, Z1, A1);
    CHECK(std::memcmp(Z1.data(), Z.data(), Z.size() * sizeof(double)) == 0);
    CHECK(std::memcmp(A1.data(), A.data(), A.size() * sizeof(double)) == 0);
  }
}

TEST_CASE("sigma_prime is σ'(Z) of the last forward and is refused for softmax", "[layer]") {
  DenseLayer layer(1, 3, Activation::relu);
  layer.W(0, 0) = 1.0;
  layer.W(1, 0) = -1.0;
  layer.W(2, 0) = 0.0;
  BatchMatrix A_prev;
  A_prev.resize(1, 2);
  A_prev(0, 0) = 2.0;
  A_prev(0, 1) = -3.0;
  Rng rng(1);
  layer.forward(A_prev, 0.0, rng);
  BatchMatrix d;
  layer.sigma_prime(d, "here");
  // Z = [[2, −3], [−2, 3], [0, 0]]: relu' is 1 where z > 0, else 0 (0 at the kink).
  CHECK(d(0, 0) == 1.0);
  CHECK(d(0, 1) == 0.0);
  CHECK(d(1, 0) == 0.0);
  CHECK(d(1, 1) == 1.0);
  CHECK(d(2, 0) == 0.0);
  layer.activation = Activation::sigmoid;
  layer.sigma_prime(d, "here");
  CHECK(d(2, 0) == 0.25);  // σ'(0) = ¼
  layer.activation = Activation::softmax;
  CHECK_THROWS_WITH(layer.sigma_prime(d, "here"),
                    Catch::StartsWith("here: softmax has no element-wise derivative"));
}
