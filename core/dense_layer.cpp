// Forward and backward of a dense layer (see dense_layer.hpp).
#include "dense_layer.hpp"

namespace bp {

DenseLayer::DenseLayer(std::size_t n_in, std::size_t n_out, Activation act)
    : activation(act),
      W(xt::zeros<double>({n_out, n_in})),
      b(xt::zeros<double>({n_out})),
      dW(xt::zeros<double>({n_out, n_in})),
      db(xt::zeros<double>({n_out})) {}

void DenseLayer::forward(const BatchMatrix& A_prev, double drop, Rng& rng) {
  const std::size_t m = A_prev.cols(), n = n_out();
  Z.resize(n, m);
  A.resize(n, m);
  kernels::affine_forward(W.data(), b.data(), A_prev.data(), Z.data(), n, n_in(), m);
  dropped = drop > 0.0;
  if (!dropped) {
    activate(activation, Z.data(), A.data(), n, m);
    return;
  }
  activated_.resize(n, m);
  mask.resize(n, m);
  activate(activation, Z.data(), activated_.data(), n, m);
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
