// Derived input features and the all-neuron grid (see features.hpp).
#include "features.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "fastmath.hpp"
#include "text.hpp"

namespace bp {

std::vector<std::string> feature_names() {
  return {"x1", "x2", "x1sq", "x2sq", "x1x2", "sinx1", "sinx2"};
}

Feature parse_feature(const std::string& name, const std::string& field) {
  return static_cast<Feature>(name_index(feature_names(), name, field));
}

const char* feature_name(Feature f) {
  static const std::vector<std::string> names = feature_names();
  return names[static_cast<std::size_t>(f)].c_str();
}

double feature_value(Feature f, double x1, double x2) {
  switch (f) {
    case Feature::x1:
      return x1;
    case Feature::x2:
      return x2;
    case Feature::x1sq:
      return x1 * x1;
    case Feature::x2sq:
      return x2 * x2;
    case Feature::x1x2:
      return x1 * x2;
    case Feature::sinx1:
      return fm::sin(x1);
    case Feature::sinx2:
      return fm::sin(x2);
  }
  return 0.0;
}

Matrix derive_features(const Matrix& X, const std::vector<Feature>& features) {
  require(X.shape()[1] == 2, "features",
          "derived features need 2-D data (x1, x2), got " + std::to_string(X.shape()[1]) + " columns");
  require(!features.empty(), "features", "choose at least one input feature");
  const std::size_t n = X.shape()[0];
  Matrix out = Matrix::from_shape({n, features.size()});
  for (std::size_t j = 0; j < n; ++j)
    for (std::size_t i = 0; i < features.size(); ++i)
      out(j, i) = feature_value(features[i], X(j, 0), X(j, 1));
  return out;
}

void NeuronGrid::evaluate(const Network& net, const std::vector<Feature>& features, double x1_min,
                          double x1_max, double x2_min, double x2_max, std::size_t resolution,
                          const std::vector<Vector>* parameters) {
  require(resolution >= 2 && resolution <= kMaxGridResolution, "grid",
          "resolution must be an integer in 2.." + std::to_string(kMaxGridResolution) + ", got " +
              std::to_string(resolution));
  require(std::isfinite(x1_min) && std::isfinite(x1_max) && x1_min < x1_max, "grid",
          "x1 range must be two finite numbers with min < max");
  require(std::isfinite(x2_min) && std::isfinite(x2_max) && x2_min < x2_max, "grid",
          "x2 range must be two finite numbers with min < max");
  const std::size_t n0 = net.config().sizes.front();
  require(features.size() == n0, "grid",
          "the network takes n_0 = " + std::to_string(n0) + " inputs but " + std::to_string(features.size()) +
              " features were given");
  const std::size_t blocks = n0 + net.neuron_count();
  std::size_t most = 2;  // the largest resolution whose work and values fit
  while (most < kMaxGridResolution && (most + 1) * (most + 1) * net.forward_work() <= kMaxCallWork &&
         (most + 1) * (most + 1) * blocks <= kMaxGridValues)
    ++most;
  require_work(resolution, most, "grid", "resolution",
               "a point costs " + std::to_string(net.forward_work()) + " and holds " +
                   std::to_string(blocks) + " values here, of " + std::to_string(kMaxGridValues) +
                   " a grid may hold",
               "use a smaller resolution");
  const std::size_t points = resolution * resolution, L = net.num_layers();
  const double dx1 = (x1_max - x1_min) / static_cast<double>(resolution - 1);
  const double dx2 = (x2_max - x2_min) / static_cast<double>(resolution - 1);
  neurons_ = blocks;
  values_.resize(blocks * points);
  classes_.resize(points);
  for (std::size_t start = 0; start < points; start += kGridChunk) {
    const std::size_t count = std::min(kGridChunk, points - start);
    inputs_.resize(n0, count);
    for (std::size_t j = 0; j < count; ++j) {
      const std::size_t r = (start + j) / resolution, c = (start + j) % resolution;
      const double x1 = x1_min + static_cast<double>(c) * dx1, x2 = x2_max - static_cast<double>(r) * dx2;
      for (std::size_t i = 0; i < n0; ++i) inputs_(i, j) = feature_value(features[i], x1, x2);
    }
    // Each column goes through on its own: the same numbers as one pass of all the points.
    net.forward_into(inputs_, scratch_, parameters);
    for (std::size_t j = 0; j < count; ++j)
      classes_[start + j] = static_cast<std::int32_t>(predicted_class(scratch_.A.back(), j));
    std::size_t block = 0;
    bool overflow = false;  // a value beyond float range (or not finite at all) anywhere in this chunk
    const auto copy = [&](const BatchMatrix& rows) {
      for (std::size_t i = 0; i < rows.rows(); ++i, ++block) {
        float* out = values_.data() + block * points + start;
        for (std::size_t j = 0; j < count; ++j) {
          out[j] = static_cast<float>(rows(i, j));
          overflow |= !(std::fabs(out[j]) <= std::numeric_limits<float>::max());
        }
      }
    };
    copy(inputs_);
    for (std::size_t l = 0; l < L; ++l) copy(scratch_.A[l]);
    if (overflow) fail_overflow(net, features, start, count, resolution, x1_min, dx1, x2_max, dx2);
  }
}

void NeuronGrid::fail_overflow(const Network& net, const std::vector<Feature>& features, std::size_t start,
                               std::size_t count, std::size_t resolution, double x1_min, double dx1,
                               double x2_max, double dx2) const {
  const std::size_t points = resolution * resolution, n0 = features.size();
  for (std::size_t block = 0; block < neurons_; ++block)
    for (std::size_t j = start; j < start + count; ++j) {
      const float v = values_[block * points + j];
      if (std::fabs(v) <= std::numeric_limits<float>::max()) continue;
      std::string what =
          "input feature '" + std::string(feature_name(features.at(std::min(block, n0 - 1)))) + "'";
      if (block >= n0) {
        std::size_t neuron = block - n0, l = 1;
        while (neuron >= net.layer(l).n_out()) neuron -= net.layer(l++).n_out();
        what = "A^[" + std::to_string(l) + "] neuron " + std::to_string(neuron);
      }
      const double x1 = x1_min + static_cast<double>(j % resolution) * dx1;
      const double x2 = x2_max - static_cast<double>(j / resolution) * dx2;
      throw std::invalid_argument("grid: " + what + " is not finite as a 32-bit float at (x1, x2) = (" +
                                  format_number(x1) + ", " + format_number(x2) +
                                  ") (the range or the weights are too large)");
    }
  throw std::invalid_argument("grid: a value is not finite as a 32-bit float");  // not reached
}

}  // namespace bp
