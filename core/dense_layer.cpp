// Forward and backward of a dense layer (see dense_layer.hpp).
#include "dense_layer.hpp"

#include <stdexcept>

namespace bp {

DenseLayer::DenseLayer(std::size_t n_in, std::size_t n_out, Activation act)
    : activation(act),
      W(xt::zeros<double>({n_out, n_in})),
      b(xt::zeros<double>({n_out})),
      dW(xt::zeros<double>({n_out, n_in})),
      db(xt::zeros<double>({n_out})) {}

void DenseLayer::evaluate(const double* W_, const double* b_, const BatchMatrix& A_prev, BatchMatrix& Z_,
                          BatchMatrix& A_) const {
  const std::size_t m = A_prev.cols(), n = n_out();
  Z_.resize(n, m);
  A_.resize(n, m);
  kernels::affine_forward(W_, b_, A_prev.data(), Z_.data(), n, n_in(), m);
  activate(activation, Z_.data(), A_.data(), n, m);
}

void DenseLayer::sigma_prime(BatchMatrix& out, const std::string& where) const {
  if (activation == Activation::softmax)
    throw std::invalid_argument(
        where +
        ": softmax has no element-wise derivative (its Jacobian is not diagonal); with cross_entropy "
        "dZ^[L] = (A^[L] - Y)/m directly");
  const std::size_t n = Z.rows(), m = Z.cols();
  out.resize(n, m);
  for (std::size_t i = 0; i < n * m; ++i) out.data()[i] = activation_derivative(activation, Z.data()[i]);
}

void DenseLayer::forward(const BatchMatrix& A_prev, double drop, Rng& rng) {
  const std::size_t m = A_prev.cols(), n = n_out();
  dropped = drop > 0.0;
  if (!dropped) {
    evaluate(W.data(), b.data(), A_prev, Z, A);
    return;
  }
  evaluate(W.data(), b.data(), A_prev, Z, activated_);
  A.resize(n, m);
  mask.resize(n, m);
  keep_scale_ = 1.0 / (1.0 - drop);
  for (std::size_t i = 0; i < n * m; ++i) {
    const bool keep = rng.uniform() >= drop;
    mask.data()[i] = keep ? 1.0 : 0.0;
    A.data()[i] = keep ? activated_.data()[i] * keep_scale_ : 0.0;
  }
}

void DenseLayer::backward(const BatchMatrix& A_prev, BatchMatrix* dA_prev, bool output_dZ_ready) {
  const std::size_t m = A_prev.cols(), n = n_out(), count = n * m;
  if (!output_dZ_ready) {
    dZ.resize(n, m);
    if (broken_derivative) {
      for (std::size_t i = 0; i < count; ++i) dZ.data()[i] = dA.data()[i];
    } else if (dropped) {
      // Through the dropout scaling first, then through σ at the pre-dropout activation.
      for (std::size_t i = 0; i < count; ++i) dZ.data()[i] = dA.data()[i] * (mask.data()[i] * keep_scale_);
      backprop_activation(activation, Z.data(), activated_.data(), dZ.data(), dZ.data(), count);
    } else {
      backprop_activation(activation, Z.data(), A.data(), dA.data(), dZ.data(), count);
    }
  }
  kernels::parameter_gradients(dZ.data(), A_prev.data(), dW.data(), db.data(), n, n_in(), m);
  if (dA_prev != nullptr) {
    dA_prev->resize(n_in(), m);
    kernels::input_gradient(W.data(), dZ.data(), dA_prev->data(), n, n_in(), m);
  }
}

}  // namespace bp
