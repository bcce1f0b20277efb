// Matrix kernels of the core (see tensor.hpp), and the argument-check helper.
#include "tensor.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <stdexcept>

namespace bp {

Matrix BatchMatrix::to_matrix() const {
  Matrix out = Matrix::from_shape({rows_, cols_});
  std::copy(storage_.data(), storage_.data() + rows_ * cols_, out.data());
  return out;
}

void to_batch(const Matrix& examples, const std::uint32_t* rows, std::size_t m, BatchMatrix& batch) {
  const std::size_t n = examples.shape()[1];
  batch.resize(n, m);
  for (std::size_t j = 0; j < m; ++j) {
    const double* x = examples.data() + (rows != nullptr ? static_cast<std::size_t>(rows[j]) : j) * n;
    for (std::size_t i = 0; i < n; ++i) batch(i, j) = x[i];
  }
}

Matrix from_batch(const BatchMatrix& batch) {
  const std::size_t n = batch.rows(), m = batch.cols();
  Matrix out = Matrix::from_shape({m, n});
  for (std::size_t j = 0; j < m; ++j)
    for (std::size_t i = 0; i < n; ++i) out(j, i) = batch(i, j);
  return out;
}

bool all_finite(const double* x, std::size_t n) {
  // Not finite exactly when the exponent bits are all ones; integer tests vectorize where isfinite may not.
  constexpr std::uint64_t kExponent = 0x7FF0000000000000ULL;
  bool bad = false;
  for (std::size_t i = 0; i < n; ++i) {
    std::uint64_t bits;
    std::memcpy(&bits, x + i, sizeof bits);
    bad |= (bits & kExponent) == kExponent;
  }
  return !bad;
}

double max_abs(const double* x, std::size_t n) {
  double top = 0.0;
  for (std::size_t i = 0; i < n; ++i) top = std::fabs(x[i]) > top ? std::fabs(x[i]) : top;
  return top;
}

void require(bool ok, const std::string& where, const std::string& what) {
  if (!ok) throw std::invalid_argument(where + ": " + what);
}

namespace kernels {

void affine_forward(const double* W, const double* b, const double* A_prev, double* Z, std::size_t n_out,
                    std::size_t n_in, std::size_t m) {
  for (std::size_t i = 0; i < n_out; ++i) {
    double* z = Z + i * m;  // row i of Z: neuron i over the batch
    for (std::size_t j = 0; j < m; ++j) z[j] = b[i];
    for (std::size_t k = 0; k < n_in; ++k) {
      const double w = W[i * n_in + k];
      const double* a = A_prev + k * m;
      for (std::size_t j = 0; j < m; ++j) z[j] += w * a[j];
    }
  }
}

void parameter_gradients(const double* dZ, const double* A_prev, double* dW, double* db, std::size_t n_out,
                         std::size_t n_in, std::size_t m) {
  for (std::size_t i = 0; i < n_out; ++i) {
    const double* dz = dZ + i * m;
    double sum = 0.0;
    for (std::size_t j = 0; j < m; ++j) sum += dz[j];
    db[i] = sum;
    for (std::size_t k = 0; k < n_in; ++k) {
      const double* a = A_prev + k * m;
      double dot = 0.0;
      for (std::size_t j = 0; j < m; ++j) dot += dz[j] * a[j];
      dW[i * n_in + k] = dot;
    }
  }
}

void input_gradient(const double* W, const double* dZ, double* dA_prev, std::size_t n_out, std::size_t n_in,
                    std::size_t m) {
  for (std::size_t k = 0; k < n_in; ++k) {
    double* da = dA_prev + k * m;
    for (std::size_t j = 0; j < m; ++j) da[j] = 0.0;
    for (std::size_t i = 0; i < n_out; ++i) {
      const double w = W[i * n_in + k];
      const double* dz = dZ + i * m;
      for (std::size_t j = 0; j < m; ++j) da[j] += w * dz[j];
    }
  }
}

}  // namespace kernels
}  // namespace bp
