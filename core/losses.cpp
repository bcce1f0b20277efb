// Loss values and output-layer gradients (see losses.hpp).
#include "losses.hpp"

#include <cmath>
#include <stdexcept>

#include "fastmath.hpp"
#include "tensor.hpp"
#include "text.hpp"

namespace bp {

namespace {
constexpr double kTiny = 1e-300;  // keeps teaching-only denominators finite
}

Loss parse_loss(const std::string& name, const std::string& field) {
  if (name == "mse") return Loss::mse;
  if (name == "bce") return Loss::bce;
  if (name == "cross_entropy") return Loss::cross_entropy;
  throw std::invalid_argument(field + " must be one of 'mse', 'bce', 'cross_entropy', got " + quoted(name));
}

const char* loss_name(Loss loss) {
  switch (loss) {
    case Loss::mse: return "mse";
    case Loss::bce: return "bce";
    case Loss::cross_entropy: return "cross_entropy";
  }
  return "?";
}

void check_output_loss(Activation output, Loss loss) {
  const std::string out = activation_name(output);
  switch (loss) {
    case Loss::mse:
      if (output == Activation::linear || output == Activation::sigmoid || output == Activation::tanh) return;
      throw std::invalid_argument("Network: loss 'mse' needs output 'linear', 'sigmoid' or 'tanh', got '" + out + "'");
    case Loss::bce:
      if (output == Activation::sigmoid) return;
      throw std::invalid_argument("Network: loss 'bce' needs output 'sigmoid', got '" + out + "'");
    case Loss::cross_entropy:
      if (output == Activation::softmax) return;
      throw std::invalid_argument("Network: loss 'cross_entropy' needs output 'softmax', got '" + out + "'");
  }
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
      if (y == 1.0) ++ones;
      else if (y != 0.0) other = true;
    }
    if (other || ones != 1)
      throw std::invalid_argument(field + ": targets for 'cross_entropy' must be one-hot (one 1, the rest 0); example " +
                                  std::to_string(j) + " is not");
  }
}

double loss_value(Loss loss, const double* Z, const double* A, const double* Y, std::size_t n, std::size_t m) {
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

void output_gradients(Loss loss, Activation output, const double* Z, const double* A, const double* Y, double* dA,
                      double* dZ, std::size_t n, std::size_t m) {
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
