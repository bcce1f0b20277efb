// Activations and their derivatives (see activations.hpp).
#include "activations.hpp"

#include <limits>
#include <stdexcept>

#include "fastmath.hpp"
#include "text.hpp"

namespace bp {

const std::vector<ActivationInfo>& activation_table() {
  constexpr double inf = std::numeric_limits<double>::infinity();
  static const std::vector<ActivationInfo> table = {
      {Activation::linear, "linear", true, true, -inf, inf},
      {Activation::relu, "relu", true, false, 0.0, inf},
      {Activation::leaky_relu, "leaky_relu", true, false, -inf, inf},
      {Activation::sigmoid, "sigmoid", true, true, 0.0, 1.0},
      {Activation::tanh, "tanh", true, true, -1.0, 1.0},
      {Activation::softmax, "softmax", false, true, 0.0, 1.0},
  };
  return table;
}

const ActivationInfo& activation_info(Activation act) {
  return activation_table()[static_cast<std::size_t>(act)];
}

std::vector<std::string> activation_names() {
  std::vector<std::string> names;
  for (const ActivationInfo& info : activation_table()) names.push_back(info.name);
  return names;
}

Activation parse_activation(const std::string& name, const std::string& field) {
  for (const ActivationInfo& info : activation_table())
    if (name == info.name) return info.activation;
  throw std::invalid_argument(field + " must be one of " + quoted_names(activation_names()) + ", got " +
                              quoted(name));
}

const char* activation_name(Activation act) {
  return activation_info(act).name;
}

double activate(Activation act, double z) {
  switch (act) {
    case Activation::linear:
      return z;
    case Activation::relu:
      return z > 0 ? z : 0.0;
    case Activation::leaky_relu:
      return z > 0 ? z : kLeakySlope * z;
    case Activation::sigmoid:
      return fm::sigmoid(z);
    case Activation::tanh:
      return fm::tanh(z);
    case Activation::softmax:
      break;
  }
  throw std::invalid_argument("activation: softmax has no scalar form; it normalizes a whole layer");
}

double activation_derivative(Activation act, double z) {
  switch (act) {
    case Activation::linear:
      return 1.0;
    case Activation::relu:
      return z > 0 ? 1.0 : 0.0;
    case Activation::leaky_relu:
      return z > 0 ? 1.0 : kLeakySlope;
    case Activation::sigmoid: {
      const double s = fm::sigmoid(z);
      return s * (1.0 - s);
    }
    case Activation::tanh: {
      const double t = fm::tanh(z);
      return 1.0 - t * t;
    }
    case Activation::softmax:
      break;
  }
  throw std::invalid_argument("activation: softmax has no scalar derivative; it is used with cross_entropy");
}

void activate(Activation act, const double* Z, double* A, std::size_t n, std::size_t m) {
  const std::size_t count = n * m;
  switch (act) {
    case Activation::linear:
      for (std::size_t i = 0; i < count; ++i) A[i] = Z[i];
      return;
    case Activation::relu:
      for (std::size_t i = 0; i < count; ++i) A[i] = Z[i] > 0 ? Z[i] : 0.0;
      return;
    case Activation::leaky_relu:
      for (std::size_t i = 0; i < count; ++i) A[i] = Z[i] > 0 ? Z[i] : kLeakySlope * Z[i];
      return;
    case Activation::sigmoid:
      for (std::size_t i = 0; i < count; ++i) A[i] = fm::sigmoid(Z[i]);
      return;
    case Activation::tanh:
      for (std::size_t i = 0; i < count; ++i) A[i] = fm::tanh(Z[i]);
      return;
    case Activation::softmax:
      // Column j is example j; subtract its max logit so no exp overflows.
      for (std::size_t j = 0; j < m; ++j) {
        double top = Z[j];
        for (std::size_t i = 1; i < n; ++i) top = Z[i * m + j] > top ? Z[i * m + j] : top;
        double sum = 0.0;
        for (std::size_t i = 0; i < n; ++i) {
          A[i * m + j] = fm::exp(Z[i * m + j] - top);
          sum += A[i * m + j];
        }
        for (std::size_t i = 0; i < n; ++i) A[i * m + j] /= sum;
      }
      return;
  }
}

void backprop_activation(Activation act, const double* Z, const double* A, const double* dA, double* dZ,
                         std::size_t count) {
  switch (act) {
    case Activation::linear:
      for (std::size_t i = 0; i < count; ++i) dZ[i] = dA[i];
      return;
    case Activation::relu:
      for (std::size_t i = 0; i < count; ++i) dZ[i] = Z[i] > 0 ? dA[i] : 0.0;
      return;
    case Activation::leaky_relu:
      for (std::size_t i = 0; i < count; ++i) dZ[i] = Z[i] > 0 ? dA[i] : kLeakySlope * dA[i];
      return;
    case Activation::sigmoid:
      for (std::size_t i = 0; i < count; ++i) dZ[i] = dA[i] * (A[i] * (1.0 - A[i]));
      return;
    case Activation::tanh:
      for (std::size_t i = 0; i < count; ++i) dZ[i] = dA[i] * (1.0 - A[i] * A[i]);
      return;
    case Activation::softmax:
      break;
  }
  throw std::invalid_argument("activation: softmax is only differentiated fused with cross_entropy");
}

}  // namespace bp
