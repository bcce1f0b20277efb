// The network: validation of its configuration, forward and backward over its layers, the training
// step, regularization, the gradient check and the linear collapse (see network.hpp).
#include "network.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>

namespace bp {

void validate(const NetworkConfig& c) {
  const std::size_t n = c.sizes.size();
  require(n >= 2 && n <= kMaxLayers + 1, "Network",
          "sizes must list 2.." + std::to_string(kMaxLayers + 1) + " layer widths (inputs, hidden…, outputs), got " +
              std::to_string(n));
  for (std::size_t i = 0; i < n; ++i)
    require(c.sizes[i] >= 1 && c.sizes[i] <= kMaxWidth, "Network",
            "sizes[" + std::to_string(i) + "] must be an integer in 1.." + std::to_string(kMaxWidth) + ", got " +
                std::to_string(c.sizes[i]));
  require(c.hidden.size() == n - 2, "Network",
          "hidden must give one activation per hidden layer (" + std::to_string(n - 2) + "), got " +
              std::to_string(c.hidden.size()));
  for (std::size_t i = 0; i < c.hidden.size(); ++i)
    require(c.hidden[i] != Activation::softmax, "Network",
            "hidden[" + std::to_string(i) + "] cannot be 'softmax'; softmax is only an output activation");
  check_output_loss(c.output, c.loss);
  if (c.output == Activation::softmax)
    require(c.sizes.back() >= 2, "Network", "output 'softmax' needs at least 2 outputs, got " +
                                                std::to_string(c.sizes.back()));
}

void validate(const Regularization& r) {
  require(std::isfinite(r.l1) && r.l1 >= 0 && r.l1 <= 10, "regularization", "l1 must be a number in [0, 10], got " + format_number(r.l1));
  require(std::isfinite(r.l2) && r.l2 >= 0 && r.l2 <= 10, "regularization", "l2 must be a number in [0, 10], got " + format_number(r.l2));
  require(std::isfinite(r.dropout) && r.dropout >= 0 && r.dropout < 1, "regularization",
          "dropout must be a probability in [0, 1), got " + format_number(r.dropout));
}

Network::Network(const NetworkConfig& config)
    : config_(config), optimizer_(make_optimizer(OptimizerConfig{})), dropout_rng_(config.seed ^ 0x9E3779B97F4A7C15ULL) {
  validate(config_);
  Rng init_rng(config_.seed);
  const std::size_t L = config_.sizes.size() - 1;
  layers_.reserve(L);
  for (std::size_t l = 1; l <= L; ++l) {
    const Activation act = l < L ? config_.hidden[l - 1] : config_.output;
    layers_.emplace_back(config_.sizes[l - 1], config_.sizes[l], act);
    initialize(config_.init, layers_.back().W, init_rng);
  }
  for (auto& layer : layers_) {
    slots_.push_back({layer.W.data(), layer.dW.data(), layer.W.size()});
    slots_.push_back({layer.b.data(), layer.db.data(), layer.b.size()});
  }
}

DenseLayer& Network::layer(std::size_t l) {
  require(l >= 1 && l <= layers_.size(), "layer", "l must be in 1.." + std::to_string(layers_.size()) + ", got " +
                                                     std::to_string(l));
  return layers_[l - 1];
}

const DenseLayer& Network::layer(std::size_t l) const { return const_cast<Network*>(this)->layer(l); }

void Network::load_input(const Matrix& X, const std::string& where) {
  const std::size_t m = X.shape()[0], n0 = config_.sizes.front();
  require(m >= 1 && m <= kMaxBatch, where, "X must hold 1.." + std::to_string(kMaxBatch) + " examples, got " +
                                               std::to_string(m));
  require(X.shape()[1] == n0, where, "X must have n_0 = " + std::to_string(n0) + " columns per example, got " +
                                         std::to_string(X.shape()[1]));
  // The input is about to change: the caches no longer belong to it until the next forward completes.
  has_forward_ = has_backward_ = update_pending_ = false;
  input_.resize(n0, m);
  for (std::size_t j = 0; j < m; ++j)
    for (std::size_t i = 0; i < n0; ++i) {
      const double x = X(j, i);
      require(std::isfinite(x), where, "X must hold finite numbers, got " + format_number(x) + " at example " +
                                           std::to_string(j) + ", feature " + std::to_string(i));
      input_(i, j) = x;
    }
}

Matrix Network::forward(const Matrix& X) {
  load_input(X, "forward");
  forward_batch(false);
  const DenseLayer& out = layers_.back();
  const std::size_t m = input_.cols(), nL = out.n_out();
  Matrix Y_hat = Matrix::from_shape({m, nL});
  for (std::size_t j = 0; j < m; ++j)
    for (std::size_t i = 0; i < nL; ++i) Y_hat(j, i) = out.A(i, j);
  return Y_hat;
}

void Network::forward_batch(bool training) {
  const double drop = training ? reg_.dropout : 0.0;
  const BatchMatrix* A_prev = &input_;
  for (std::size_t l = 0; l < layers_.size(); ++l) {
    const bool hidden = l + 1 < layers_.size();
    layers_[l].forward(*A_prev, hidden ? drop : 0.0, dropout_rng_);
    A_prev = &layers_[l].A;
  }
  has_forward_ = true;
  has_backward_ = update_pending_ = false;
}

void Network::load_targets(const Matrix& Y, const std::string& where) {
  const std::size_t m = input_.cols(), nL = config_.sizes.back();
  require(Y.shape()[0] == m && Y.shape()[1] == nL, where,
          "Y must be " + std::to_string(m) + " × " + std::to_string(nL) + " (m × n_L, m of X), got " +
              std::to_string(Y.shape()[0]) + " × " + std::to_string(Y.shape()[1]));
  targets_.resize(nL, m);
  for (std::size_t j = 0; j < m; ++j)
    for (std::size_t i = 0; i < nL; ++i) targets_(i, j) = Y(j, i);
  check_targets(config_.loss, targets_.data(), nL, m, where + ": Y");
}

double Network::backward(const Matrix& Y) {
  require(has_forward_, "backward", "call forward (or step) before backward");
  load_targets(Y, "backward");
  return backward_batch();
}

std::size_t predicted_class(const BatchMatrix& output, std::size_t j) {
  if (output.rows() == 1) return output(0, j) >= 0.5 ? 1 : 0;
  std::size_t best = 0;
  for (std::size_t i = 1; i < output.rows(); ++i)
    if (output(i, j) > output(best, j)) best = i;
  return best;
}

Matrix Network::predict(const Matrix& X) {
  const std::size_t m = X.shape()[0], n0 = config_.sizes.front();
  require(m >= 1 && m <= kMaxBatch, "predict", "X must hold 1.." + std::to_string(kMaxBatch) + " examples, got " +
                                                  std::to_string(m));
  require(X.shape()[1] == n0, "predict", "X must have n_0 = " + std::to_string(n0) + " columns per example, got " +
                                             std::to_string(X.shape()[1]));
  predict_input_.resize(n0, m);
  for (std::size_t j = 0; j < m; ++j)
    for (std::size_t i = 0; i < n0; ++i) {
      require(std::isfinite(X(j, i)), "predict", "X must hold finite numbers, got " + format_number(X(j, i)) +
                                                     " at example " + std::to_string(j) + ", feature " + std::to_string(i));
      predict_input_(i, j) = X(j, i);
    }
  forward_into(predict_input_, predict_scratch_);
  const BatchMatrix& out = predict_scratch_.A.back();
  Matrix Y_hat = Matrix::from_shape({m, out.rows()});
  for (std::size_t j = 0; j < m; ++j)
    for (std::size_t i = 0; i < out.rows(); ++i) Y_hat(j, i) = out(i, j);
  return Y_hat;
}

std::vector<std::size_t> Network::classify(const Matrix& X) {
  predict(X);
  const BatchMatrix& out = predict_scratch_.A.back();
  std::vector<std::size_t> classes(out.cols());
  for (std::size_t j = 0; j < out.cols(); ++j) classes[j] = predicted_class(out, j);
  return classes;
}

void Network::forward_into(const BatchMatrix& input, ForwardScratch& scratch) const {
  const std::size_t m = input.cols(), L = layers_.size();
  scratch.Z.resize(L);
  scratch.A.resize(L);
  const BatchMatrix* A_prev = &input;
  for (std::size_t l = 0; l < L; ++l) {
    const DenseLayer& layer = layers_[l];
    scratch.Z[l].resize(layer.n_out(), m);
    scratch.A[l].resize(layer.n_out(), m);
    kernels::affine_forward(layer.W.data(), layer.b.data(), A_prev->data(), scratch.Z[l].data(), layer.n_out(),
                            layer.n_in(), m);
    activate(layer.activation, scratch.Z[l].data(), scratch.A[l].data(), layer.n_out(), m);
    A_prev = &scratch.A[l];
  }
}

double Network::loss_of(const ForwardScratch& scratch, const BatchMatrix& Y) const {
  const BatchMatrix& Z = scratch.Z.back();
  return loss_value(config_.loss, Z.data(), scratch.A.back().data(), Y.data(), Z.rows(), Z.cols());
}

double Network::batch_loss() const {
  const DenseLayer& out = layers_.back();
  return loss_value(config_.loss, out.Z.data(), out.A.data(), targets_.data(), out.n_out(), input_.cols());
}

double Network::backward_batch() {
  DenseLayer& out = layers_.back();
  const std::size_t m = input_.cols(), nL = out.n_out();
  const double loss = loss_value(config_.loss, out.Z.data(), out.A.data(), targets_.data(), nL, m);
  out.dA.resize(nL, m);
  out.dZ.resize(nL, m);
  output_gradients(config_.loss, config_.output, out.Z.data(), out.A.data(), targets_.data(), out.dA.data(),
                   out.dZ.data(), nL, m);
  for (std::size_t l = layers_.size(); l-- > 0;) {
    const BatchMatrix& A_prev = l == 0 ? input_ : layers_[l - 1].A;
    BatchMatrix* dA_prev = l == 0 ? nullptr : &layers_[l - 1].dA;
    layers_[l].backward(A_prev, dA_prev, l + 1 == layers_.size());
  }
  apply_regularization_gradient();
  has_backward_ = true;
  update_pending_ = true;
  return loss;
}

void Network::apply_regularization_gradient() {
  if (reg_.l1 == 0.0 && reg_.l2 == 0.0) return;
  for (auto& layer : layers_) {
    const double* w = layer.W.data();
    double* dw = layer.dW.data();
    for (std::size_t i = 0; i < layer.W.size(); ++i) {
      const double sign = w[i] > 0 ? 1.0 : (w[i] < 0 ? -1.0 : 0.0);
      dw[i] += reg_.l2 * w[i] + reg_.l1 * sign;
    }
  }
}

void Network::update() {
  if (!update_pending_) throw std::invalid_argument("update: call backward before update");  // hot path: no strings
  optimizer_->step(slots_);
  update_pending_ = false;  // those gradients are used; the caches stay readable for inspection
}

double Network::train_batch() {
  forward_batch(true);
  const double loss = backward_batch();
  optimizer_->step(slots_);
  return loss;
}

double Network::step(const Matrix& X, const Matrix& Y) {
  load_input(X, "step");
  load_targets(Y, "step");
  return train_batch();
}

double Network::regularization_loss() const {
  if (reg_.l1 == 0.0 && reg_.l2 == 0.0) return 0.0;
  double abs_sum = 0.0, sq_sum = 0.0;
  for (const auto& layer : layers_) {
    const double* w = layer.W.data();
    for (std::size_t i = 0; i < layer.W.size(); ++i) {
      abs_sum += std::fabs(w[i]);
      sq_sum += w[i] * w[i];
    }
  }
  return reg_.l1 * abs_sum + 0.5 * reg_.l2 * sq_sum;
}

double Network::evaluate_loss(const Matrix& X, const Matrix& Y) {
  forward(X);
  load_targets(Y, "evaluate_loss");
  return batch_loss();  // the loss alone: no backward, so no gradient work
}

void Network::set_optimizer(const OptimizerConfig& config) {
  if (config.type == optimizer_->config().type) {
    optimizer_->set_hyperparameters(config);
  } else {
    optimizer_ = make_optimizer(config);
  }
}

void Network::set_regularization(const Regularization& reg) {
  validate(reg);
  reg_ = reg;
}

GradientCheck Network::gradient_check(const Matrix& X, const Matrix& Y, double eps) {
  require(std::isfinite(eps) && eps > 0 && eps <= 0.1, "gradientCheck", "eps must be a number in (0, 0.1], got " + format_number(eps));
  // Backprop gradients at the current parameters, in evaluation mode.
  forward(X);
  backward(Y);
  std::vector<Vector> analytic;
  for (const auto& layer : layers_) {
    analytic.push_back(xt::flatten(layer.dW));
    analytic.push_back(layer.db);
  }
  auto objective = [&]() {
    forward_batch(false);
    return batch_loss() + regularization_loss();
  };
  constexpr double kFloor = 1e-4;  // gradients below this are compared absolutely (central differences
                                   // carry ~1e-10 of round-off and truncation)
  GradientCheck worst;
  for (std::size_t s = 0; s < slots_.size(); ++s) {
    double* w = slots_[s].w;
    for (std::size_t i = 0; i < slots_[s].size; ++i) {
      const double saved = w[i];
      w[i] = saved + eps;
      const double plus = objective();
      w[i] = saved - eps;
      const double minus = objective();
      w[i] = saved;
      const double numeric = (plus - minus) / (2.0 * eps);
      const double g = analytic[s](i);
      const double scale = std::max({std::fabs(g), std::fabs(numeric), kFloor});
      const double rel = std::fabs(g - numeric) / scale;
      if (rel > worst.max_relative_error || (s == 0 && i == 0)) {
        worst = {rel, s / 2 + 1, s % 2 == 1, i, g, numeric};
      }
    }
  }
  // Leave the caches as a plain forward/backward at the unchanged parameters would.
  forward_batch(false);
  backward_batch();
  return worst;
}

std::pair<Matrix, Vector> Network::collapse() const {
  for (std::size_t l = 0; l < layers_.size(); ++l)
    require(layers_[l].activation == Activation::linear, "collapse",
            "every activation must be 'linear' for the network to collapse to one affine map; layer " +
                std::to_string(l + 1) + " is '" + activation_name(layers_[l].activation) + "'");
  Matrix W_star = layers_[0].W;
  Vector b_star = layers_[0].b;
  for (std::size_t l = 1; l < layers_.size(); ++l) {
    const DenseLayer& layer = layers_[l];
    const std::size_t n_out = layer.n_out(), n_in = layer.n_in(), n0 = W_star.shape()[1];
    Matrix W_next = xt::zeros<double>({n_out, n0});
    Vector b_next = layer.b;
    for (std::size_t i = 0; i < n_out; ++i)
      for (std::size_t k = 0; k < n_in; ++k) {
        const double w = layer.W(i, k);
        for (std::size_t j = 0; j < n0; ++j) W_next(i, j) += w * W_star(k, j);
        b_next(i) += w * b_star(k);
      }
    W_star = std::move(W_next);
    b_star = std::move(b_next);
  }
  return {W_star, b_star};
}

std::size_t Network::parameter_count() const {
  std::size_t n = 0;
  for (const auto& s : slots_) n += s.size;
  return n;
}

std::vector<Vector> Network::save_parameters() const {
  std::vector<Vector> saved;
  for (const auto& s : slots_) {
    Vector v = Vector::from_shape({s.size});
    std::copy(s.w, s.w + s.size, v.data());
    saved.push_back(std::move(v));
  }
  return saved;
}

void Network::load_parameters(const std::vector<Vector>& saved) {
  require(saved.size() == slots_.size(), "load_parameters", "expected " + std::to_string(slots_.size()) + " tensors");
  for (std::size_t s = 0; s < slots_.size(); ++s) {
    require(saved[s].size() == slots_[s].size, "load_parameters", "tensor " + std::to_string(s) + " has the wrong size");
    std::copy(saved[s].data(), saved[s].data() + slots_[s].size, slots_[s].w);
  }
  has_forward_ = has_backward_ = update_pending_ = false;
}

void Network::set_broken_derivative(bool broken) {
  broken_derivative_ = broken;
  for (std::size_t l = 0; l + 1 < layers_.size(); ++l) layers_[l].broken_derivative = broken;
}

}  // namespace bp
