// The core's tensor types and the few matrix kernels every layer shares, written as plain loops over
// xtensor storage (2.5–3x faster than xtensor expressions in wasm, see architecture.md).
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <xtensor/xtensor.hpp>

#include "text.hpp"

namespace bp {

using Vector = xt::xtensor<double, 1>;
using Matrix = xt::xtensor<double, 2>;  // row-major

// A per-layer batch matrix of shape rows × m (one column per example), stored row-major in a buffer that
// only ever grows: a smaller batch (the last of an epoch) reuses the storage, so steps allocate nothing.
class BatchMatrix {
 public:
  void resize(std::size_t rows, std::size_t cols) {
    rows_ = rows;
    cols_ = cols;
    if (storage_.size() < rows * cols) storage_ = Vector::from_shape({rows * cols});
  }
  std::size_t rows() const { return rows_; }
  std::size_t cols() const { return cols_; }
  std::size_t size() const { return rows_ * cols_; }
  double* data() { return storage_.data(); }
  const double* data() const { return storage_.data(); }
  double& operator()(std::size_t i, std::size_t j) { return storage_.data()[i * cols_ + j]; }
  double operator()(std::size_t i, std::size_t j) const { return storage_.data()[i * cols_ + j]; }
  // A copy with the logical shape, for inspection (tests, the JS API, the page).
  Matrix to_matrix() const;

 private:
  Vector storage_;
  std::size_t rows_ = 0, cols_ = 0;
};

// The one conversion between data's example-major rows (m × n, one example a row, as X and Y cross every
// boundary) and the course's batches (n × m, one example a column). to_batch takes the examples `rows[0..m)`
// of `examples` (all of them in order when rows is null) into `batch`, resized to n × m; from_batch gives a
// batch back as m × n rows.
void to_batch(const Matrix& examples, const std::uint32_t* rows, std::size_t m, BatchMatrix& batch);
inline void to_batch(const Matrix& examples, BatchMatrix& batch) {
  to_batch(examples, nullptr, examples.shape()[0], batch);
}
Matrix from_batch(const BatchMatrix& batch);

namespace kernels {

// Z (n_out, m) = W (n_out, n_in) · A_prev (n_in, m) + b (n_out) broadcast over columns.
void affine_forward(const double* W, const double* b, const double* A_prev, double* Z, std::size_t n_out,
                    std::size_t n_in, std::size_t m);

// dW (n_out, n_in) = dZ (n_out, m) · A_prev (n_in, m)ᵀ;  db (n_out) = row sums of dZ.
void parameter_gradients(const double* dZ, const double* A_prev, double* dW, double* db, std::size_t n_out,
                         std::size_t n_in, std::size_t m);

// dA_prev (n_in, m) = W (n_out, n_in)ᵀ · dZ (n_out, m).
void input_gradient(const double* W, const double* dZ, double* dA_prev, std::size_t n_out, std::size_t n_in,
                    std::size_t m);

}  // namespace kernels

// format_number, the core's one number formatter, is in text.hpp.

// Whether all n numbers are finite; a branch-free pass, cheap beside the work that produced them.
bool all_finite(const double* x, std::size_t n);
// The largest |x| of n numbers (0 for none): how large an input or weight was, for a message.
double max_abs(const double* x, std::size_t n);

// Throws std::invalid_argument with "<where>: <what>" unless `ok`.
void require(bool ok, const std::string& where, const std::string& what);

}  // namespace bp
