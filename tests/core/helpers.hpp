// Small helpers shared by the core tests: building matrices from literals and a network from names.
#pragma once
#include <initializer_list>
#include <string>
#include <vector>

#include "network.hpp"

namespace bp::test {

inline Matrix mat(std::initializer_list<std::initializer_list<double>> rows) {
  const std::size_t r = rows.size(), c = rows.begin()->size();
  Matrix out = Matrix::from_shape({r, c});
  std::size_t i = 0;
  for (const auto& row : rows) {
    std::size_t j = 0;
    for (double v : row) out(i, j++) = v;
    ++i;
  }
  return out;
}

inline NetworkConfig config(std::vector<std::size_t> sizes, const std::string& hidden,
                            const std::string& output, const std::string& loss, std::uint64_t seed = 1,
                            const std::string& init = "xavier") {
  NetworkConfig c;
  c.sizes = std::move(sizes);
  c.hidden.assign(c.sizes.size() >= 2 ? c.sizes.size() - 2 : 0, parse_activation(hidden, "hidden"));
  c.output = parse_activation(output, "output");
  c.loss = parse_loss(loss, "loss");
  c.init = parse_init(init, "init");
  c.seed = seed;
  return c;
}

// m examples of n features drawn uniformly from [-2, 2].
inline Matrix random_inputs(std::size_t m, std::size_t n, std::uint64_t seed) {
  Rng rng(seed);
  Matrix X = Matrix::from_shape({m, n});
  for (auto& x : X) x = rng.uniform(-2.0, 2.0);
  return X;
}

// Targets that suit the loss: one-hot for cross_entropy, {0, 1} for bce, real numbers in (−0.9, 0.9) for mse.
inline Matrix random_targets(Loss loss, std::size_t m, std::size_t n, std::uint64_t seed) {
  Rng rng(seed);
  Matrix Y = xt::zeros<double>({m, n});
  for (std::size_t j = 0; j < m; ++j) {
    if (loss == Loss::cross_entropy) {
      Y(j, rng.below(static_cast<std::uint32_t>(n))) = 1.0;
      continue;
    }
    for (std::size_t i = 0; i < n; ++i)
      Y(j, i) = loss == Loss::bce ? (rng.uniform() < 0.5 ? 0.0 : 1.0) : rng.uniform(-0.9, 0.9);
  }
  return Y;
}

// N points on y = 1.7 x − 0.4 plus normal noise of σ = 0.5, x uniform in [−3, 5].
inline void noisy_line(std::size_t n, std::uint64_t seed, std::vector<double>& xs, std::vector<double>& ys) {
  Rng rng(seed);
  xs.resize(n);
  ys.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    xs[i] = rng.uniform(-3.0, 5.0);
    ys[i] = 1.7 * xs[i] - 0.4 + rng.normal(0.0, 0.5);
  }
}

// The points of a tiny data set used by several tests: exactly on y = 2x + 1.
inline const std::vector<double> kLineX = {0.0, 1.0, 2.0}, kLineY = {1.0, 3.0, 5.0};

}  // namespace bp::test
