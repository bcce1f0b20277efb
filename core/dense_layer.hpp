// One dense layer l of the course: z^[l] = W^[l] a^[l-1] + b^[l], a^[l] = σ(z^[l]), its forward pass right
// above its backward pass. The forward caches what the backward needs; gradients sit next to parameters.
#pragma once
#include <cstddef>
#include <string>

#include "activations.hpp"
#include "rng.hpp"
#include "tensor.hpp"

namespace bp {

class DenseLayer {
 public:
  DenseLayer(std::size_t n_in, std::size_t n_out, Activation act);

  std::size_t n_in() const { return W.shape()[1]; }
  std::size_t n_out() const { return W.shape()[0]; }

  // The evaluation forward, touching no cache: Z = W A_prev + b, A = σ(Z) into the caller's buffers
  // (resized to n_out × m), with the given W (n_out × n_in, row-major) and b (n_out): the layer's own or
  // others (a pre-update copy, say). The training forward below computes its Z and A with it.
  void evaluate(const double* W, const double* b, const BatchMatrix& A_prev, BatchMatrix& Z,
                BatchMatrix& A) const;

  // σ'(Z) of the last forward into `out` (n_out × m), as the backward takes it (relu'(0) = 0,
  // leaky_relu'(0) = 0.01, the true σ' even with broken_derivative). Throws for softmax, whose Jacobian is
  // not diagonal (dZ^[L] comes fused with cross_entropy), naming `where`.
  void sigma_prime(BatchMatrix& out, const std::string& where) const;

  // Z = W A_prev + b;  A = σ(Z). With `drop` > 0 (training, hidden layers) each neuron of each example is
  // dropped with probability `drop` and the kept ones scaled by 1/(1 − drop): inverted dropout.
  void forward(const BatchMatrix& A_prev, double drop, Rng& rng);

  // From dA (filled by the layer above, or by the loss for l = L): dZ = dA ⊙ σ'(Z) (⊙ the dropout mask),
  // dW = dZ A_prevᵀ, db = Σ_columns dZ, and dA_prev = Wᵀ dZ when asked for (nullptr skips it).
  // With `output_dZ_ready` the loss already wrote dZ (sigmoid+BCE, softmax+CE, mse).
  void backward(const BatchMatrix& A_prev, BatchMatrix* dA_prev, bool output_dZ_ready);

  Activation activation;
  bool broken_derivative = false;  // teaching switch (lesson q3): use σ'(z) = 1 in backward, which is wrong

  Matrix W;   // (n_out, n_in)  weights W^[l]
  Vector b;   // (n_out)        biases b^[l]
  Matrix dW;  // (n_out, n_in)  dL/dW^[l] of the last backward
  Vector db;  // (n_out)        dL/db^[l] of the last backward

  BatchMatrix Z;         // (n_out, m) pre-activation z^[l] of the last forward
  BatchMatrix A;         // (n_out, m) activation a^[l] as the next layer saw it (after dropout, if any)
  BatchMatrix dZ;        // (n_out, m) dL/dZ^[l]
  BatchMatrix dA;        // (n_out, m) dL/dA^[l]
  BatchMatrix mask;      // (n_out, m) 1 kept / 0 dropped, of the last forward with dropout
  bool dropped = false;  // whether the last forward applied dropout

 private:
  BatchMatrix activated_;    // (n_out, m) σ(Z) before dropout, which σ' needs when dropout is on
  double keep_scale_ = 1.0;  // 1/(1 − p) of the last forward with dropout
};

}  // namespace bp
