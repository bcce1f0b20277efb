// Loss values and output-layer gradients (see losses.hpp).
#include "losses.hpp"

#include <cmath>
#include <iterator>
#include <stdexcept>

#include "fastmath.hpp"
#include "tensor.hpp"
#include "text.hpp"

namespace bp {

namespace {
constexpr double kTiny = 1e-300;  // keeps teaching-only denominators finite
}

namespace {
constexpr const char* kLossNames[] = {"mse", "bce", "cross_entropy"};  // in the enum's order
}  // namespace

std::vector<std::string> loss_names() {
  return {std::begin(kLossNames), std::end(kLossNames)};
}

Loss parse_loss(const std::string& name, const std::string& field) {
  return static_cast<Loss>(name_index(loss_names(), name, field));
}

const char* loss_name(Loss loss) {
  return kLossNames[static_cast<std::size_t>(loss)];
}

const std::vector<OutputPair>& output_pairs() {
  static const std::vector<OutputPair> table = {
      {Activation::linear, {Loss::mse}, Loss::mse},
      {Activation::sigmoid, {Loss::mse, Loss::bce}, Loss::bce},
      {Activation::tanh, {Loss::mse}, Loss::mse},
      {Activation::softmax, {Loss::cross_entropy}, Loss::cross_entropy},
  };
  return table;
}

bool pairs_with(Activation output, Loss loss) {
  for (const OutputPair& pair : output_pairs())
    if (pair.output == output)
      for (Loss l : pair.losses)
        if (l == loss) return true;
  return false;
}

Loss default_loss(Activation output) {
  for (const OutputPair& pair : output_pairs())
    if (pair.output == output) return pair.default_loss;
  return Loss::mse;
}

Activation default_output(Loss loss) {
  for (const OutputPair& pair : output_pairs())
    if (pair.default_loss == loss) return pair.output;
  return Activation::linear;  // not reached: every loss is some output's default
}

void check_output_loss(Activation output, Loss loss) {
  if (pairs_with(output, loss)) return;
  // "needs output 'linear', 'sigmoid' or 'tanh'": the outputs that take this loss, in the table's order.
  std::vector<std::string> outputs;
  for (const OutputPair& pair : output_pairs())
    for (Loss l : pair.losses)
      if (l == loss) outputs.push_back(activation_name(pair.output));
  std::string list;
  for (std::size_t i = 0; i < outputs.size(); ++i)
    list += (i == 0 ? "" : (i + 1 == outputs.size() ? " or " : ", ")) + ("'" + outputs[i] + "'");
  throw std::invalid_argument(std::string("Network: loss '") + loss_name(loss) + "' needs output " + list +
                              ", got '" + activation_name(output) + "'");
}

void check_targets(Loss loss, const double* Y, std::size_t n, std::size_t m, const std::string& field) {
  for (std::size_t i = 0; i < n * m; ++i) {
    if (!std::isfinite(Y[i]))
      throw std::invalid_argument(field + ": every target must be a finite number, got " +
                                  format_number(Y[i]) + " at example " + std::to_string(i % m) + ", output " +
                                  std::to_string(i / m));
    if (loss == Loss::bce && (Y[i] < 0.0 || Y[i] > 1.0))
      throw std::invalid_argument(field + ": targets for 'bce' must lie in [0, 1], got " +
                                  format_number(Y[i]) + " at example " + std::to_string(i % m));
  }
  if (loss != Loss::cross_entropy) return;
  for (std::size_t j = 0; j < m; ++j) {
    std::size_t ones = 0;
    bool other = false;  // an entry neither 0 nor 1
    for (std::size_t i = 0; i < n; ++i) {
      const double y = Y[i * m + j];
      if (y == 1.0)
        ++ones;
      else if (y != 0.0)
        other = true;
    }
    if (other || ones != 1)
      throw std::invalid_argument(
          field + ": targets for 'cross_entropy' must be one-hot (one 1, the rest 0); example " +
          std::to_string(j) + " is not");
  }
}

double loss_value(Loss loss, const double* Z, const double* A, const double* Y, std::size_t n,
                  std::size_t m) {
  double total = 0.0;
  switch (loss) {
    case Loss::mse:
      for (std::size_t i = 0; i < n * m; ++i) {
        const double e = A[i] - Y[i];
        total += 0.5 * e * e;
      }
      break;
    case Loss::bce:
      // −[y log σ(z) + (1−y) log(1−σ(z))] = softplus(z) − y z
      for (std::size_t i = 0; i < n * m; ++i) total += fm::softplus(Z[i]) - Y[i] * Z[i];
      break;
    case Loss::cross_entropy:
      // −Σ_k y_k log softmax(z)_k = logsumexp(z) − Σ_k y_k z_k  (Σ_k y_k = 1)
      for (std::size_t j = 0; j < m; ++j) {
        double top = Z[j];
        for (std::size_t i = 1; i < n; ++i) top = Z[i * m + j] > top ? Z[i * m + j] : top;
        double sum = 0.0, dot = 0.0;
        for (std::size_t i = 0; i < n; ++i) {
          sum += fm::exp(Z[i * m + j] - top);
          dot += Y[i * m + j] * Z[i * m + j];
        }
        total += top + fm::log(sum) - dot;
      }
      break;
  }
  return total / static_cast<double>(m);
}

void output_gradients(Loss loss, Activation output, const double* Z, const double* A, const double* Y,
                      double* dA, double* dZ, std::size_t n, std::size_t m) {
  const double inv_m = 1.0 / static_cast<double>(m);
  const std::size_t count = n * m;
  switch (loss) {
    case Loss::mse:
      for (std::size_t i = 0; i < count; ++i) dA[i] = (A[i] - Y[i]) * inv_m;
      backprop_activation(output, Z, A, dA, dZ, count);
      return;
    case Loss::bce:
      for (std::size_t i = 0; i < count; ++i) {
        const double slope = A[i] * (1.0 - A[i]);  // dŷ/dz
        dZ[i] = (A[i] - Y[i]) * inv_m;
        dA[i] = (A[i] - Y[i]) / (slope > kTiny ? slope : kTiny) * inv_m;
      }
      return;
    case Loss::cross_entropy:
      for (std::size_t i = 0; i < count; ++i) {
        dZ[i] = (A[i] - Y[i]) * inv_m;
        dA[i] = -Y[i] / (A[i] > kTiny ? A[i] : kTiny) * inv_m;
      }
      return;
  }
}

}  // namespace bp
