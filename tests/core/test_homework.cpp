// The homework's own results as tests: Q1 (a one-hidden-layer fit is a sum of scaled neurons), Q4 (an
// all-linear network is one affine map), Q5 (the shapes of the 4-6-4-3 network), bonus 2 (every line of the
// sigmoid + BCE derivation, dL/dz^[2] = ŷ − y).
#include <catch2/catch.hpp>
#include <cmath>

#include "helpers.hpp"

using namespace bp;
using bp::test::config;

TEST_CASE("Q1: the output is b^[2] plus the sum of the scaled hidden neurons", "[homework]") {
  Network net(config({1, 2, 1}, "tanh", "linear", "mse"));
  net.layer(1).W(0, 0) = 1;
  net.layer(1).W(1, 0) = 2;
  net.layer(1).b(0) = 0;
  net.layer(1).b(1) = 0.5;
  net.layer(2).W(0, 0) = 3;
  net.layer(2).W(0, 1) = -1;
  net.layer(2).b(0) = 0.25;
  Matrix X = xt::zeros<double>({2, 1});
  X(0, 0) = 0.5;  // a^[1] = (tanh 0.5, tanh 1.5)
  X(1, 0) = -1;   // a^[1] = (tanh −1, tanh −1.5)
  const Matrix terms = net.contributions(X, 0);
  REQUIRE(terms.shape()[0] == 2);  // n_1 × m
  REQUIRE(terms.shape()[1] == 2);
  CHECK(terms(0, 0) == Approx(1.3863514717800292).epsilon(1e-14));   // 3 tanh 0.5
  CHECK(terms(1, 0) == Approx(-0.9051482536448664).epsilon(1e-14));  // −tanh 1.5
  CHECK(terms(0, 1) == Approx(-2.2847824678672946).epsilon(1e-14));  // 3 tanh −1
  CHECK(terms(1, 1) == Approx(0.9051482536448664).epsilon(1e-14));   // −tanh −1.5
  const Matrix Y_hat = net.predict(X);
  for (std::size_t e = 0; e < 2; ++e)
    CHECK(terms(0, e) + terms(1, e) + 0.25 == Approx(Y_hat(e, 0)).epsilon(1e-14));
  CHECK_FALSE(net.has_forward());  // the step's caches are left alone
  CHECK_THROWS_WITH(net.contributions(X, 1), "contributions: output must be an integer in 0..0, got 1");
  // With no hidden layer the terms are W_{k,j} x_j.
  Network flat(config({2, 1}, "tanh", "linear", "mse"));
  flat.layer(1).W(0, 0) = 2;
  flat.layer(1).W(0, 1) = -3;
  Matrix x = xt::zeros<double>({1, 2});
  x(0, 0) = 1.5;
  x(0, 1) = 0.5;
  const Matrix flat_terms = flat.contributions(x, 0);
  CHECK(flat_terms(0, 0) == 3);
  CHECK(flat_terms(1, 0) == -1.5);
}

TEST_CASE("Q4: without activations the network collapses to W* x + b*", "[homework]") {
  Network net(config({3, 5, 4, 2}, "linear", "linear", "mse", 21, "uniform"));
  for (std::size_t l = 1; l <= 3; ++l)
    for (auto& b : net.layer(l).b) b = 0.1 * static_cast<double>(l);  // non-zero biases
  const auto [W_star, b_star] = net.collapse();
  REQUIRE(W_star.shape()[0] == 2);
  REQUIRE(W_star.shape()[1] == 3);
  REQUIRE(b_star.size() == 2);
  const Matrix X = test::random_inputs(10, 3, 8);
  const Matrix Y_hat = net.forward(X);
  for (std::size_t j = 0; j < 10; ++j)
    for (std::size_t i = 0; i < 2; ++i) {
      double affine = b_star(i);
      for (std::size_t k = 0; k < 3; ++k) affine += W_star(i, k) * X(j, k);
      CHECK(Y_hat(j, i) == Approx(affine).epsilon(1e-12));
    }
  // W* = W^[3] W^[2] W^[1]: entry (0, 0) by hand.
  double w00 = 0;
  for (std::size_t a = 0; a < 4; ++a)
    for (std::size_t c = 0; c < 5; ++c)
      w00 += net.layer(3).W(0, a) * net.layer(2).W(a, c) * net.layer(1).W(c, 0);
  CHECK(W_star(0, 0) == Approx(w00).epsilon(1e-12));
  Network nonlinear(config({3, 5, 2}, "relu", "linear", "mse"));
  CHECK_THROWS_WITH(nonlinear.collapse(), Catch::Contains("layer 1 is 'relu'"));
  // Weights so large that the product of the layers overflows: refused, never a NaN map.
  Network huge(config({1, 2, 1}, "linear", "linear", "mse"));
  huge.layer(1).W.fill(1e200);
  huge.layer(2).W.fill(1e200);
  CHECK_THROWS_WITH(huge.collapse(),
                    "collapse: the single affine map is not finite (the weights are too large: "
                    "|W|, |b| up to 1e+200)");
}

TEST_CASE("Q5: the 4-6-4-3 network has the homework's shapes", "[homework]") {
  Network net(config({4, 6, 4, 3}, "relu", "softmax", "cross_entropy"));
  REQUIRE(net.num_layers() == 3);
  const std::size_t shapes[3][2] = {{6, 4}, {4, 6}, {3, 4}};  // W^[1] 6×4, W^[2] 4×6, W^[3] 3×4
  for (std::size_t l = 1; l <= 3; ++l) {
    CHECK(net.layer(l).W.shape()[0] == shapes[l - 1][0]);
    CHECK(net.layer(l).W.shape()[1] == shapes[l - 1][1]);
    CHECK(net.layer(l).b.size() == shapes[l - 1][0]);
  }
  net.forward(test::random_inputs(1, 4, 3));  // one example: a^[0] is 4×1
  CHECK(net.layer(1).A.rows() == 6);
  CHECK(net.layer(1).A.cols() == 1);
  CHECK(net.layer(2).A.rows() == 4);
  CHECK(net.layer(3).A.rows() == 3);
  CHECK(net.parameter_count() == 6 * 4 + 6 + 4 * 6 + 4 + 3 * 4 + 3);
}

TEST_CASE("bonus 2: backprop of a sigmoid network with BCE follows the homework line by line", "[homework]") {
  // x ∈ R², a hidden layer of 4 sigmoids, one sigmoid output, binary cross-entropy, one example (m = 1).
  Network net(config({2, 4, 1}, "sigmoid", "sigmoid", "bce", 12));
  const Matrix X = test::mat({{0.8, -1.3}});
  const double y = 1.0;
  net.forward(X);
  const double loss = net.backward(test::mat({{y}}));

  const auto& W1 = net.layer(1).W;
  const auto& b1 = net.layer(1).b;
  const auto& W2 = net.layer(2).W;
  const double b2 = net.layer(2).b(0);
  // Forward by the homework's formulas, with libm.
  double a1[4], z2 = b2;
  for (int i = 0; i < 4; ++i) {
    const double z1 = W1(i, 0) * 0.8 + W1(i, 1) * -1.3 + b1(i);
    a1[i] = 1.0 / (1.0 + std::exp(-z1));
    z2 += W2(0, i) * a1[i];
  }
  const double y_hat = 1.0 / (1.0 + std::exp(-z2));
  CHECK(net.layer(2).A(0, 0) == Approx(y_hat).epsilon(1e-14));
  CHECK(loss == Approx(-(y * std::log(y_hat) + (1 - y) * std::log(1 - y_hat))).epsilon(1e-13));
  // dL/dŷ = (ŷ − y) / (ŷ(1 − ŷ))
  CHECK(net.layer(2).dA(0, 0) == Approx((y_hat - y) / (y_hat * (1 - y_hat))).epsilon(1e-12));
  // dL/dz^[2] = ŷ − y
  CHECK(net.layer(2).dZ(0, 0) == Approx(y_hat - y).epsilon(1e-14));
  CHECK(net.layer(2).db(0) == Approx(y_hat - y).epsilon(1e-14));
  for (int i = 0; i < 4; ++i) {
    INFO("hidden neuron " << i);
    // dL/dW^[2] = (ŷ − y) a^[1]ᵀ;  dL/da^[1] = W^[2]ᵀ (ŷ − y)
    CHECK(net.layer(2).dW(0, i) == Approx((y_hat - y) * a1[i]).epsilon(1e-13));
    const double da1 = W2(0, i) * (y_hat - y);
    CHECK(net.layer(1).dA(i, 0) == Approx(da1).epsilon(1e-13));
    // dL/dz^[1] = [(ŷ − y) W^[2]ᵀ] ⊙ a^[1](1 − a^[1]);  dL/dW^[1] = dz^[1] xᵀ;  dL/db^[1] = dz^[1]
    const double dz1 = da1 * a1[i] * (1 - a1[i]);
    CHECK(net.layer(1).dZ(i, 0) == Approx(dz1).epsilon(1e-12));
    CHECK(net.layer(1).dW(i, 0) == Approx(dz1 * 0.8).epsilon(1e-12));
    CHECK(net.layer(1).dW(i, 1) == Approx(dz1 * -1.3).epsilon(1e-12));
    CHECK(net.layer(1).db(i) == Approx(dz1).epsilon(1e-12));
  }
  CHECK(net.gradient_check(X, test::mat({{y}}), 1e-5).max_relative_error <= 1e-6);
}
