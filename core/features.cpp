// Derived input features and the all-neuron grid (see features.hpp).
#include "features.hpp"
#include "text.hpp"

#include <cmath>
#include <stdexcept>

#include "fastmath.hpp"

namespace bp {

Feature parse_feature(const std::string& name, const std::string& field) {
  static const char* names[] = {"x1", "x2", "x1sq", "x2sq", "x1x2", "sinx1", "sinx2"};
  for (int i = 0; i < 7; ++i)
    if (name == names[i]) return static_cast<Feature>(i);
  throw std::invalid_argument(field + " must be one of 'x1', 'x2', 'x1sq', 'x2sq', 'x1x2', 'sinx1', 'sinx2', got " +
                              quoted(name));
}

const char* feature_name(Feature f) {
  static const char* names[] = {"x1", "x2", "x1sq", "x2sq", "x1x2", "sinx1", "sinx2"};
  return names[static_cast<int>(f)];
}

double feature_value(Feature f, double x1, double x2) {
  switch (f) {
    case Feature::x1: return x1;
    case Feature::x2: return x2;
    case Feature::x1sq: return x1 * x1;
    case Feature::x2sq: return x2 * x2;
    case Feature::x1x2: return x1 * x2;
    case Feature::sinx1: return fm::sin(x1);
    case Feature::sinx2: return fm::sin(x2);
  }
  return 0.0;
}

Matrix derive_features(const Matrix& X, const std::vector<Feature>& features) {
  require(X.shape()[1] == 2, "features", "derived features need 2-D data (x1, x2), got " +
                                             std::to_string(X.shape()[1]) + " columns");
  require(!features.empty(), "features", "choose at least one input feature");
  const std::size_t n = X.shape()[0];
  Matrix out = Matrix::from_shape({n, features.size()});
  for (std::size_t j = 0; j < n; ++j)
    for (std::size_t i = 0; i < features.size(); ++i) out(j, i) = feature_value(features[i], X(j, 0), X(j, 1));
  return out;
}

void NeuronGrid::evaluate(const Network& net, const std::vector<Feature>& features, double x1_min, double x1_max,
                          double x2_min, double x2_max, std::size_t resolution) {
  require(resolution >= 2 && resolution <= kMaxGridResolution, "grid",
          "resolution must be an integer in 2.." + std::to_string(kMaxGridResolution) + ", got " +
              std::to_string(resolution));
  require(std::isfinite(x1_min) && std::isfinite(x1_max) && x1_min < x1_max, "grid",
          "x1 range must be two finite numbers with min < max");
  require(std::isfinite(x2_min) && std::isfinite(x2_max) && x2_min < x2_max, "grid",
          "x2 range must be two finite numbers with min < max");
  const std::size_t n0 = net.config().sizes.front();
  require(features.size() == n0, "grid", "the network takes n_0 = " + std::to_string(n0) + " inputs but " +
                                             std::to_string(features.size()) + " features were given");
  const std::size_t points = resolution * resolution, L = net.num_layers();
  inputs_.resize(n0, points);
  const double dx1 = (x1_max - x1_min) / static_cast<double>(resolution - 1);
  const double dx2 = (x2_max - x2_min) / static_cast<double>(resolution - 1);
  for (std::size_t r = 0; r < resolution; ++r) {
    const double x2 = x2_max - static_cast<double>(r) * dx2;
    for (std::size_t c = 0; c < resolution; ++c) {
      const double x1 = x1_min + static_cast<double>(c) * dx1;
      for (std::size_t i = 0; i < n0; ++i) inputs_(i, r * resolution + c) = feature_value(features[i], x1, x2);
    }
  }
  net.forward_into(inputs_, scratch_);
  neurons_ = n0;
  for (std::size_t l = 0; l < L; ++l) neurons_ += scratch_.A[l].rows();
  values_.resize(neurons_ * points);
  float* out = values_.data();
  for (std::size_t i = 0; i < inputs_.size(); ++i) *out++ = static_cast<float>(inputs_.data()[i]);
  for (const BatchMatrix& a : scratch_.A)
    for (std::size_t i = 0; i < a.size(); ++i) *out++ = static_cast<float>(a.data()[i]);
}

}  // namespace bp
