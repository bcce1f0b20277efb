// Derived features and the all-neuron grid (features.hpp): every neuron at every grid point equals forward,
// in chunks, within bounds, and values beyond float range are refused.
#include <catch2/catch.hpp>
#include <cstddef>

#include "features.hpp"
#include "helpers.hpp"

using namespace bp;
using bp::test::config;

TEST_CASE("the neuron grid evaluates every neuron at every grid point like forward does", "[features]") {
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
  for (std::size_t i = 0; i < 3; ++i)
    CHECK(grid.values()[(2 + i) * 25 + point] == static_cast<float>(net.layer(1).A(i, 0)));
  CHECK(grid.values()[7 * 25 + point] == static_cast<float>(Y_hat(0, 0)));
  CHECK_THROWS_WITH(grid.evaluate(net, {Feature::x1}, -1, 1, -1, 1, 5), Catch::Contains("n_0 = 2 inputs"));
  CHECK_THROWS_WITH(grid.evaluate(net, {Feature::x1, Feature::x2}, 1, -1, -1, 1, 5),
                    Catch::Contains("x1 range"));
}

TEST_CASE("the neuron grid is bounded, goes through the network in chunks, and refuses float overflow",
          "[features]") {
  // 100 × 100 points pass in chunks of kGridChunk: the values across a chunk's edge are forward's.
  Network net(config({2, 3, 2, 1}, "tanh", "sigmoid", "bce", 5));
  NeuronGrid grid;
  grid.evaluate(net, {Feature::x1, Feature::x2}, -1.0, 1.0, -1.0, 1.0, 100);
  for (std::size_t point : {std::size_t{0}, kGridChunk - 1, kGridChunk, std::size_t{9999}}) {
    const double x1 = -1.0 + static_cast<double>(point % 100) * (2.0 / 99),
                 x2 = 1.0 - static_cast<double>(point / 100) * (2.0 / 99);
    const Matrix Y_hat = net.forward(test::mat({{x1, x2}}));
    CHECK(grid.values()[point] == static_cast<float>(x1));
    CHECK(grid.values()[2 * 10000 + point] == static_cast<float>(net.layer(1).A(0, 0)));
    CHECK(grid.values()[7 * 10000 + point] == static_cast<float>(Y_hat(0, 0)));
  }
  // 2-64×8-1: a point costs 39637, so 127² points fit one call and 128² do not.
  Network big(config({2, 64, 64, 64, 64, 64, 64, 64, 64, 1}, "tanh", "sigmoid", "bce"));
  CHECK_THROWS_WITH(
      grid.evaluate(big, {Feature::x1, Feature::x2}, -1, 1, -1, 1, 128),
      "grid: resolution must be at most 127 for this network (one call does at most 640000000 "
      "multiply-adds; a point costs 39637 and holds 515 values here, of 16777216 a grid may hold), "
      "got 128; use a smaller resolution");
  // A neuron beyond float range: W^[1] = (1e39, 0) at x1 = −1.25 (the first point) gives −1.25e39.
  Network lin(config({2, 1, 1}, "linear", "linear", "mse"));
  lin.layer(1).W(0, 0) = 1e39;
  lin.layer(1).W(0, 1) = 0.0;
  CHECK_THROWS_WITH(
      grid.evaluate(lin, {Feature::x1, Feature::x2}, -1.25, 1.25, -1.25, 1.25, 11),
      "grid: A^[1] neuron 0 is not finite as a 32-bit float at (x1, x2) = (-1.25, 1.25) (the range "
      "or the weights are too large)");
  // A feature that overflows: x1² of 1e200.
  CHECK_THROWS_WITH(
      grid.evaluate(lin, {Feature::x1sq, Feature::x2}, -1e200, 1e200, -1.25, 1.25, 11),
      "grid: input feature 'x1sq' is not finite as a 32-bit float at (x1, x2) = (-1e+200, 1.25) (the "
      "range or the weights are too large)");
}

TEST_CASE("the grid's classes are classify's at its points, with the network's weights or others",
          "[features]") {
  Network net(config({2, 4, 3}, "tanh", "softmax", "cross_entropy", 8));
  std::vector<Vector> other = net.save_parameters();
  for (Vector& t : other) t = t * -1.5 + 0.25;
  const std::vector<Vector> own = net.save_parameters();
  NeuronGrid grid;
  Matrix X = Matrix::from_shape({16, 2});
  for (std::size_t p = 0; p < 16; ++p) {
    X(p, 0) = -1.0 + static_cast<double>(p % 4) * (2.0 / 3.0);
    X(p, 1) = 1.5 - static_cast<double>(p / 4) * 1.0;
  }
  const std::vector<Vector>* const none = nullptr;
  for (const std::vector<Vector>* parameters : {none, static_cast<const std::vector<Vector>*>(&other)}) {
    grid.evaluate(net, {Feature::x1, Feature::x2}, -1.0, 1.0, -1.5, 1.5, 4, parameters);
    const std::vector<std::size_t> expected = net.classify(X, parameters);
    REQUIRE(grid.classes().size() == 16);
    for (std::size_t p = 0; p < 16; ++p) CHECK(static_cast<std::size_t>(grid.classes()[p]) == expected[p]);
  }
  CHECK((net.save_parameters()[0] == own[0]));  // the weights stay the network's
}
