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
          "sizes must list 2.." + std::to_string(kMaxLayers + 1) +
              " layer widths (inputs, hidden…, outputs), got " + std::to_string(n));
  for (std::size_t i = 0; i < n; ++i)
    require(c.sizes[i] >= 1 && c.sizes[i] <= kMaxWidth, "Network",
            "sizes[" + std::to_string(i) + "] must be an integer in 1.." + std::to_string(kMaxWidth) +
                ", got " + std::to_string(c.sizes[i]));
  require(c.hidden.size() == n - 2, "Network",
          "hidden must give one activation per hidden layer (" + std::to_string(n - 2) + "), got " +
              std::to_string(c.hidden.size()));
  for (std::size_t i = 0; i < c.hidden.size(); ++i)
    require(c.hidden[i] != Activation::softmax, "Network",
            "hidden[" + std::to_string(i) + "] cannot be 'softmax'; softmax is only an output activation");
  check_output_loss(c.output, c.loss);
  if (c.output == Activation::softmax)
    require(c.sizes.back() >= 2, "Network",
            "output 'softmax' needs at least 2 outputs, got " + std::to_string(c.sizes.back()));
}

void validate(const Regularization& r) {
  require(std::isfinite(r.l1) && r.l1 >= 0 && r.l1 <= 10, "regularization",
          "l1 must be a number in [0, 10], got " + format_number(r.l1));
  require(std::isfinite(r.l2) && r.l2 >= 0 && r.l2 <= 10, "regularization",
          "l2 must be a number in [0, 10], got " + format_number(r.l2));
  require(std::isfinite(r.dropout) && r.dropout >= 0 && r.dropout < 1, "regularization",
          "dropout must be a probability in [0, 1), got " + format_number(r.dropout));
}

Network::Network(const NetworkConfig& config)
    : config_(config),
      optimizer_(make_optimizer(OptimizerConfig{})),
      dropout_rng_(Rng::stream(config.seed, RngStream::dropout)) {
  validate(config_);
  Rng init_rng(config_.seed);
  const std::size_t L = config_.sizes.size() - 1;
  layers_.reserve(L);
  for (std::size_t l = 1; l <= L; ++l) {
    const Activation act = l < L ? config_.hidden[l - 1] : config_.output;
    layers_.emplace_back(config_.sizes[l - 1], config_.sizes[l], act);
    initialize(config_.init, layers_.back().W, init_rng);
  }
  slots_.resize(parameter_slot_count(L));
  for (std::size_t l = 1; l <= L; ++l) {
    DenseLayer& layer = layers_[l - 1];
    slots_[weight_slot(l)] = {layer.W.data(), layer.dW.data(), layer.W.size()};
    slots_[bias_slot(l)] = {layer.b.data(), layer.db.data(), layer.b.size()};
  }
}

void require_work(std::uint64_t given, std::uint64_t most, const std::string& where, const std::string& what,
                  const std::string& cost, const std::string& advice) {
  if (given <= most) return;
  throw std::invalid_argument(where + ": " + what + " must be at most " + std::to_string(most) +
                              " for this network (one call does at most " + std::to_string(kMaxCallWork) +
                              " multiply-adds; " + cost + "), got " + std::to_string(given) + "; " + advice);
}

std::size_t Network::neuron_count() const {
  std::size_t n = 0;
  for (const auto& layer : layers_) n += layer.n_out();
  return n;
}

std::uint64_t Network::forward_work() const {
  std::uint64_t work = parameter_count();
  for (const auto& layer : layers_) {
    const Activation a = layer.activation;
    const bool exponential = a == Activation::sigmoid || a == Activation::tanh || a == Activation::softmax;
    work += layer.n_out() * (exponential ? 20 : 2);
  }
  return work;
}

std::uint64_t Network::step_work() const {
  return forward_work() + 2 * (parameter_count() + neuron_count());
}

std::uint64_t Network::update_work() const {
  return kUpdateWork * parameter_count() + kStepOverheadWork + kLayerOverheadWork * layers_.size();
}

std::size_t Network::max_batch() const {
  const std::size_t values = kMaxBatchValues / (config_.sizes.front() + neuron_count());
  return static_cast<std::size_t>(std::min<std::uint64_t>({kMaxBatch, kMaxCallWork / step_work(), values}));
}

DenseLayer& Network::layer(std::size_t l) {
  require(l >= 1 && l <= layers_.size(), "layer",
          "l must be in 1.." + std::to_string(layers_.size()) + ", got " + std::to_string(l));
  return layers_[l - 1];
}

const DenseLayer& Network::layer(std::size_t l) const {
  return const_cast<Network*>(this)->layer(l);
}

void Network::check_batch(std::size_t m, const std::string& where) const {
  require(m >= 1 && m <= kMaxBatch, where,
          "X must hold 1.." + std::to_string(kMaxBatch) + " examples, got " + std::to_string(m));
  require_work(m, max_batch(), where, "m",
               "an example takes " + std::to_string(step_work()) +
                   " through forward and backward and keeps " +
                   std::to_string(config_.sizes.front() + neuron_count()) + " of a batch's " +
                   std::to_string(kMaxBatchValues) + " values here",
               "use a smaller m or call it in parts");
}

void Network::load_examples(const Matrix& X, BatchMatrix& input, const std::string& where) const {
  const std::size_t m = X.shape()[0], n0 = config_.sizes.front();
  check_batch(m, where);
  require(X.shape()[1] == n0, where,
          "X must have n_0 = " + std::to_string(n0) + " columns per example, got " +
              std::to_string(X.shape()[1]));
  // Once per number of every batch: the message is only built for the number that fails.
  if (!all_finite(X.data(), X.size())) {
    std::size_t k = 0;
    while (std::isfinite(X.data()[k])) ++k;
    require(false, where,
            "X must hold finite numbers, got " + format_number(X.data()[k]) + " at example " +
                std::to_string(k / n0) + ", feature " + std::to_string(k % n0));
  }
  to_batch(X, input);
}

void Network::load_input(const Matrix& X, const std::string& where) {
  // Checked into a spare buffer first: a refused X leaves the caches as they were.
  load_examples(X, predict_input_, where);
  // The input is about to change: the caches no longer belong to it until the next forward completes.
  has_forward_ = has_backward_ = update_pending_ = false;
  std::swap(input_, predict_input_);
}

Matrix Network::forward(const Matrix& X) {
  load_input(X, "forward");
  forward_batch(false);
  check_forward("forward", input_, nullptr);
  return from_batch(layers_.back().A);
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
  to_batch(Y, targets_);
  check_targets(config_.loss, targets_.data(), nL, m, where + ": Y");
}

double Network::backward(const Matrix& Y) {
  require(has_forward_, "backward", "call forward (or step) before backward");
  load_targets(Y, "backward");
  const double loss = backward_batch();
  check_backward("backward", loss);
  return loss;
}

void Network::fail_not_finite(const std::string& where, const std::string& what, const BatchMatrix& input,
                              const BatchMatrix* targets, const std::vector<Vector>* parameters) const {
  throw std::invalid_argument(where + ": " + what + " is not finite (" +
                              size_note(input, targets, parameters) + ")");
}

void Network::check_forward(const std::string& where, const BatchMatrix& input, const ForwardScratch* scratch,
                            const std::vector<Vector>* parameters) {
  for (std::size_t l = 0; l < layers_.size(); ++l) {
    const BatchMatrix& Z = scratch != nullptr ? scratch->Z[l] : layers_[l].Z;
    const BatchMatrix& A = scratch != nullptr ? scratch->A[l] : layers_[l].A;
    const char* name = !all_finite(Z.data(), Z.size())   ? "Z"
                       : !all_finite(A.data(), A.size()) ? "A"
                                                         : nullptr;
    if (name == nullptr) continue;
    if (scratch == nullptr) has_forward_ = has_backward_ = update_pending_ = false;  // no half-valid caches
    fail_not_finite(where, std::string(name) + "^[" + std::to_string(l + 1) + "]", input, nullptr,
                    parameters);
  }
}

void Network::check_backward(const std::string& where, double loss) {
  std::string what;
  if (!std::isfinite(loss)) what = "the loss";
  for (std::size_t l = layers_.size(); l-- > 0 && what.empty();) {
    const DenseLayer& layer = layers_[l];
    const std::string index = "^[" + std::to_string(l + 1) + "]";
    if (!all_finite(layer.dA.data(), layer.dA.size()))
      what = "dA" + index;
    else if (!all_finite(layer.dZ.data(), layer.dZ.size()))
      what = "dZ" + index;
    else if (!all_finite(layer.dW.data(), layer.dW.size()))
      what = "dW" + index;
    else if (!all_finite(layer.db.data(), layer.db.size()))
      what = "db" + index;
  }
  if (what.empty()) return;
  has_backward_ = update_pending_ = false;  // the gradients are not usable
  fail_not_finite(where, what, input_, &targets_);
}

std::size_t predicted_class(const BatchMatrix& output, std::size_t j) {
  if (output.rows() == 1) return output(0, j) >= 0.5 ? 1 : 0;
  std::size_t best = 0;
  for (std::size_t i = 1; i < output.rows(); ++i)
    if (output(i, j) > output(best, j)) best = i;
  return best;
}

void Network::check_parameters(const std::vector<Vector>& parameters, const std::string& where) const {
  require(parameters.size() == slots_.size(), where,
          "parameters must hold " + std::to_string(slots_.size()) +
              " tensors (W^[l], b^[l] of each layer), got " + std::to_string(parameters.size()));
  for (std::size_t s = 0; s < slots_.size(); ++s) {
    const std::string name = std::string(s % 2 == 0 ? "W" : "b") + "^[" + std::to_string(s / 2 + 1) + "]";
    require(parameters[s].size() == slots_[s].size, where,
            "parameters " + name + " must hold " + std::to_string(slots_[s].size) + " numbers, got " +
                std::to_string(parameters[s].size()));
    require(all_finite(parameters[s].data(), parameters[s].size()), where,
            "parameters " + name + " must hold finite numbers");
  }
}

const BatchMatrix& Network::predict_rows(const Matrix& X, const std::string& where,
                                         const std::vector<Vector>* parameters) {
  if (parameters != nullptr) check_parameters(*parameters, where);
  load_examples(X, predict_input_, where);
  forward_into(predict_input_, predict_scratch_, parameters);
  check_forward(where, predict_input_, &predict_scratch_, parameters);
  return predict_scratch_.A.back();
}

const ForwardScratch& Network::activations(const Matrix& X, BatchMatrix& input,
                                           const std::vector<Vector>* parameters) {
  predict_rows(X, "activations", parameters);
  input = predict_input_;
  return predict_scratch_;
}

Matrix Network::contributions(const Matrix& X, std::size_t k) {
  const std::string where = "contributions";
  const DenseLayer& last = layers_.back();
  require(
      k < last.n_out(), where,
      "output must be an integer in 0.." + std::to_string(last.n_out() - 1) + ", got " + std::to_string(k));
  predict_rows(X, where, nullptr);
  const BatchMatrix& A_prev = layers_.size() >= 2 ? predict_scratch_.A[layers_.size() - 2] : predict_input_;
  Matrix terms = xt::zeros<double>({A_prev.rows(), A_prev.cols()});
  for (std::size_t j = 0; j < A_prev.rows(); ++j) {
    const double w = last.W(k, j);
    for (std::size_t e = 0; e < A_prev.cols(); ++e) {
      terms(j, e) = w * A_prev(j, e);
      require(std::isfinite(terms(j, e)), where,
              "the term of neuron " + std::to_string(j + 1) + " is not finite (the weights are too large: " +
                  "|W| up to " + format_number(std::abs(w)) + ")");
    }
  }
  return terms;
}

BatchMatrix Network::sigma_prime(std::size_t l, const std::string& where) const {
  const DenseLayer& dense = layer(l);
  require(has_forward_, where, "call forward (or step) first");
  BatchMatrix out;
  dense.sigma_prime(out, where);
  return out;
}

Matrix Network::predict(const Matrix& X, const std::vector<Vector>* parameters) {
  return from_batch(predict_rows(X, "predict", parameters));
}

std::vector<std::size_t> Network::classify(const Matrix& X, const std::vector<Vector>* parameters) {
  const BatchMatrix& out = predict_rows(X, "classify", parameters);
  std::vector<std::size_t> classes(out.cols());
  for (std::size_t j = 0; j < out.cols(); ++j) classes[j] = predicted_class(out, j);
  return classes;
}

void Network::forward_into(const BatchMatrix& input, ForwardScratch& scratch,
                           const std::vector<Vector>* parameters) const {
  const std::size_t L = layers_.size();
  scratch.Z.resize(L);
  scratch.A.resize(L);
  const BatchMatrix* A_prev = &input;
  for (std::size_t l = 0; l < L; ++l) {
    const DenseLayer& layer = layers_[l];
    const double* W = parameters != nullptr ? (*parameters)[2 * l].data() : layer.W.data();
    const double* b = parameters != nullptr ? (*parameters)[2 * l + 1].data() : layer.b.data();
    layer.evaluate(W, b, *A_prev, scratch.Z[l], scratch.A[l]);
    A_prev = &scratch.A[l];
  }
}

double Network::data_loss(const BatchMatrix& Z, const BatchMatrix& A, const BatchMatrix& Y) const {
  return loss_value(config_.loss, Z.data(), A.data(), Y.data(), Z.rows(), Z.cols());
}

double Network::loss_of(const ForwardScratch& scratch, const BatchMatrix& Y) const {
  return data_loss(scratch.Z.back(), scratch.A.back(), Y);
}

double Network::batch_loss() const {
  return data_loss(layers_.back().Z, layers_.back().A, targets_);
}

double Network::backward_batch() {
  DenseLayer& out = layers_.back();
  const std::size_t m = input_.cols(), nL = out.n_out();
  const double loss = batch_loss();
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

bool Network::update() {
  if (!update_pending_)
    throw std::invalid_argument("update: call backward before update");  // hot path: no strings
  // The optimizer keeps what it changes (a few entries per parameter, against the batch's m per parameter of
  // the forward and backward) and tests what it writes, so an overflowing step is taken back exactly.
  const bool finite = optimizer_->step(slots_, &before_update_);
  update_pending_ = false;  // those gradients are used; the caches stay readable for inspection
  if (!finite) optimizer_->undo(slots_, before_update_);
  return finite;
}

double Network::step(const Matrix& X, const Matrix& Y) {
  load_input(X, "step");
  load_targets(Y, "step");
  const Rng dropout_before = dropout_rng_;
  try {
    forward_batch(true);
    check_forward("step", input_, nullptr);
    const double loss = backward_batch();
    check_backward("step", loss);
    if (!update()) {
      double largest = 0.0;
      for (const ParamSlot& s : slots_) largest = std::max(largest, max_abs(s.g, s.size));
      throw std::invalid_argument(
          "step: the update would make a weight or the optimizer state overflow (|dW|, "
          "|db| up to " +
          format_number(largest) + " with lr = " + format_number(optimizer_->config().lr) +
          "); the weights and the optimizer state before it were kept");
    }
    return loss;
  } catch (...) {
    dropout_rng_ = dropout_before;  // a refused step takes nothing from the dropout stream either
    has_forward_ = has_backward_ = update_pending_ = false;
    throw;
  }
}

double Network::regularization_value() const {
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

double Network::regularization_loss(const std::string& where) const {
  const double value = regularization_value();
  if (std::isfinite(value)) return value;
  double largest = 0.0;
  for (const auto& layer : layers_) largest = std::max(largest, max_abs(layer.W.data(), layer.W.size()));
  throw std::invalid_argument(where + ": the term is not finite (the weights are too large: |W| up to " +
                              format_number(largest) + ")");
}

double Network::evaluate_loss(const Matrix& X, const Matrix& Y) {
  load_input(X, "evaluate_loss");
  forward_batch(false);
  check_forward("evaluate_loss", input_, nullptr);
  load_targets(Y, "evaluate_loss");
  const double loss = batch_loss();  // the loss alone: no backward, so no gradient work
  if (!std::isfinite(loss)) fail_not_finite("evaluate_loss", "the loss", input_, &targets_);
  return loss;
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

std::vector<std::vector<std::size_t>> gradient_check_entries(const std::vector<std::size_t>& tensor_sizes,
                                                             std::size_t sample) {
  std::vector<std::vector<std::size_t>> entries(tensor_sizes.size());
  std::size_t total = 0;
  for (std::size_t n : tensor_sizes) total += n;
  // Smallest tensors first: each takes min(its size, an equal share of what is left), so whatever a small
  // tensor cannot use goes to the larger ones and the counts add up to `sample`.
  std::vector<std::size_t> order(tensor_sizes.size());
  for (std::size_t s = 0; s < order.size(); ++s) order[s] = s;
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return tensor_sizes[a] < tensor_sizes[b]; });
  std::size_t left = std::min(sample, total);
  for (std::size_t k = 0; k < order.size(); ++k) {
    const std::size_t s = order[k], n = tensor_sizes[s];
    const std::size_t count = total <= sample ? n : std::min(n, left / (order.size() - k));
    left -= count;
    // Evenly spaced, centred: entry ⌊(2i + 1) n / 2count⌋; all of 0..n−1 when count = n.
    for (std::size_t i = 0; i < count; ++i) entries[s].push_back((2 * i + 1) * n / (2 * count));
  }
  return entries;
}

std::string Network::size_note(const BatchMatrix& input, const BatchMatrix* targets,
                               const std::vector<Vector>* parameters) const {
  double largest = 0.0;
  if (parameters != nullptr)
    for (const Vector& p : *parameters) largest = std::max(largest, max_abs(p.data(), p.size()));
  else
    for (const ParamSlot& s : slots_) largest = std::max(largest, max_abs(s.w, s.size));
  std::string note = std::string("the inputs") + (targets != nullptr ? ", targets" : "") +
                     " or weights are too large: |x| up to " +
                     format_number(max_abs(input.data(), input.size()));
  if (targets != nullptr) note += ", |y| up to " + format_number(max_abs(targets->data(), targets->size()));
  return note + ", |W|, |b| up to " + format_number(largest);
}

GradientCheck Network::gradient_check(const Matrix& X, const Matrix& Y, double eps,
                                      const std::string& where) {
  require(std::isfinite(eps) && eps > 0 && eps <= 0.1, where,
          "eps must be a number in (0, 0.1], got " + format_number(eps));
  const std::size_t m = X.shape()[0];
  require(m >= 1 && m <= kMaxGradientCheckBatch, where,
          "X must hold 1.." + std::to_string(kMaxGradientCheckBatch) + " examples, got " + std::to_string(m));
  std::vector<std::size_t> sizes;
  for (const ParamSlot& s : slots_) sizes.push_back(s.size);
  const std::vector<std::vector<std::size_t>> entries = gradient_check_entries(sizes, kGradientCheckSample);
  std::size_t checked = 0;
  for (const auto& e : entries) checked += e.size();
  const std::uint64_t per_example = 2 * step_work() + 2 * checked * forward_work();
  require_work(m, kMaxCallWork / per_example, where, "m",
               "an example costs 2 × " + std::to_string(step_work()) + " + 2 × " + std::to_string(checked) +
                   " checked × " + std::to_string(forward_work()) + " here",
               "check fewer examples at a time");

  // Backprop gradients at the current parameters, in evaluation mode.
  load_input(X, where);
  forward_batch(false);
  check_forward(where, input_, nullptr);
  load_targets(Y, where);
  const double loss = backward_batch();
  check_backward(where, loss);
  const double regularization = regularization_value();
  if (!std::isfinite(regularization)) fail_not_finite(where, "the regularization term", input_, &targets_);

  constexpr double kFloor = 1e-4;  // gradients below this are compared absolutely (central differences
                                   // carry ~1e-10 of round-off and truncation)
  // The loss rounds to about 2^-52 of its largest terms, and a difference over 2 eps magnifies that: past the
  // floor, the comparison would report round-off as an error (a false 1.0 for inputs near 1e300).
  const DenseLayer& out = layers_.back();
  double terms = 0.0;
  for (std::size_t i = 0; i < out.Z.size(); ++i) {
    const double e = out.A.data()[i] - targets_.data()[i];
    terms = std::max(terms, config_.loss == Loss::mse ? 0.5 * e * e : std::fabs(out.Z.data()[i]));
  }
  terms = terms * static_cast<double>(out.n_out()) + regularization;
  if (terms * 0x1p-50 / eps > kFloor)
    throw std::invalid_argument(where + ": the loss terms reach " + format_number(terms) +
                                ", too large for central differences with eps = " + format_number(eps) +
                                " to resolve a gradient of 0.0001 (" + size_note(input_, &targets_) +
                                "); scale them down or use a larger eps");

  std::vector<Vector> analytic;
  for (const auto& layer : layers_) {
    analytic.push_back(xt::flatten(layer.dW));
    analytic.push_back(layer.db);
  }
  auto objective = [&]() {
    forward_batch(false);
    return batch_loss() + regularization_value();
  };
  GradientCheck worst;
  worst.checked = checked;
  worst.total = parameter_count();
  bool first = true;
  for (std::size_t s = 0; s < slots_.size(); ++s) {
    double* w = slots_[s].w;
    for (std::size_t i : entries[s]) {
      const double saved = w[i];
      w[i] = saved + eps;
      const double plus = objective();
      w[i] = saved - eps;
      const double minus = objective();
      w[i] = saved;
      const double numeric = (plus - minus) / (2.0 * eps);
      if (!std::isfinite(numeric)) {
        has_forward_ = has_backward_ = update_pending_ = false;  // the caches hold a perturbed forward
        fail_not_finite(where,
                        std::string("the loss at ") + (s % 2 == 1 ? "b" : "W") + "^[" +
                            std::to_string(s / 2 + 1) + "] entry " + std::to_string(i) + " ± eps",
                        input_, &targets_);
      }
      const double g = analytic[s](i);
      const double scale = std::max({std::fabs(g), std::fabs(numeric), kFloor});
      const double rel = std::fabs(g - numeric) / scale;
      if (rel > worst.max_relative_error || first) {
        worst.max_relative_error = rel;
        worst.layer = s / 2 + 1;
        worst.is_bias = s % 2 == 1;
        worst.index = i;
        worst.backprop = g;
        worst.numeric = numeric;
        first = false;
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
  double largest = 0;
  for (const DenseLayer& layer : layers_)
    largest =
        std::max({largest, max_abs(layer.W.data(), layer.W.size()), max_abs(layer.b.data(), layer.b.size())});
  require(all_finite(W_star.data(), W_star.size()) && all_finite(b_star.data(), b_star.size()), "collapse",
          "the single affine map is not finite (the weights are too large: |W|, |b| up to " +
              format_number(largest) + ")");
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
  require(saved.size() == slots_.size(), "load_parameters",
          "expected " + std::to_string(slots_.size()) + " tensors");
  for (std::size_t s = 0; s < slots_.size(); ++s) {
    require(saved[s].size() == slots_[s].size, "load_parameters",
            "tensor " + std::to_string(s) + " has the wrong size");
    std::copy(saved[s].data(), saved[s].data() + slots_[s].size, slots_[s].w);
  }
  has_forward_ = has_backward_ = update_pending_ = false;
}

void Network::set_broken_derivative(bool broken) {
  broken_derivative_ = broken;
  for (std::size_t l = 0; l + 1 < layers_.size(); ++l) layers_[l].broken_derivative = broken;
}

}  // namespace bp
