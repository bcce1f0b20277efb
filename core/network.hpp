// A network of dense layers l = 1..L in the course's notation, with its loss, regularization and
// optimizer: the model of the playground. X and Y cross its boundary example-major (m × n); inside,
// every batch matrix is n_l × m, one column per example.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "activations.hpp"
#include "dense_layer.hpp"
#include "init.hpp"
#include "losses.hpp"
#include "optimizers.hpp"
#include "rng.hpp"
#include "tensor.hpp"

namespace bp {

// Limits of the engine (the page uses smaller ones).
constexpr std::size_t kMaxLayers = 9;         // L, so sizes has 2..10 entries
constexpr std::size_t kMaxWidth = 64;         // every n_l
constexpr std::size_t kMaxBatch = 65536;      // m of one forward/step

struct NetworkConfig {
  std::vector<std::size_t> sizes;   // n_0 (inputs) … n_L (outputs)
  std::vector<Activation> hidden;   // σ of layers 1..L−1 (one entry per hidden layer)
  Activation output = Activation::sigmoid;
  Loss loss = Loss::bce;
  Init init = Init::xavier;
  std::uint64_t seed = 1;
};

// Throws std::invalid_argument naming the field and the rule for any invalid setting.
void validate(const NetworkConfig& config);

struct Regularization {
  double l1 = 0.0;       // λ of λ Σ|W|
  double l2 = 0.0;       // λ of (λ/2) Σ W²
  double dropout = 0.0;  // p, the probability of dropping a hidden neuron in a training step
};

void validate(const Regularization& reg);

// What a gradient check found: the largest relative error |g − ĝ| / max(|g|, |ĝ|, floor) between the
// backprop gradient g and the central difference ĝ, and where.
struct GradientCheck {
  double max_relative_error = 0.0;
  std::size_t layer = 0;   // 1-based layer of the worst entry
  bool is_bias = false;    // in b^[l] (else in W^[l])
  std::size_t index = 0;   // flat index in W^[l] (row-major) or b^[l]
  double backprop = 0.0, numeric = 0.0;
};

// Buffers for a forward pass that leaves the network's own caches alone (evaluation of whole data sets,
// heatmap grids): per layer Z^[l] and A^[l], (n_l, m).
struct ForwardScratch {
  std::vector<BatchMatrix> Z, A;
};

// The class a network's output column j predicts: the argmax over the outputs, or (one output) 1 when it
// is at least 0.5. The one rule behind accuracies and drawn predictions.
std::size_t predicted_class(const BatchMatrix& output, std::size_t j);

class Network {
 public:
  explicit Network(const NetworkConfig& config);
  Network(const Network&) = delete;  // the optimizer's parameter slots point into this network's layers
  Network& operator=(const Network&) = delete;

  const NetworkConfig& config() const { return config_; }
  std::size_t num_layers() const { return layers_.size(); }
  DenseLayer& layer(std::size_t l);  // l in 1..L
  const DenseLayer& layer(std::size_t l) const;

  // Evaluation-mode forward of X (m, n_0); returns Ŷ (m, n_L) and caches every Z^[l], A^[l].
  Matrix forward(const Matrix& X);
  // Backward of the last forward against Y (m, n_L); fills dZ, dA, dW, db; returns the mean data loss.
  double backward(const Matrix& Y);
  // One training step: forward with dropout, backward, optimizer update. Returns the data loss before it.
  double step(const Matrix& X, const Matrix& Y);

  // The same steps on a batch already in input() (n_0, m) and targets() (n_L, m): the trainer's path,
  // which neither validates nor allocates once the buffers have grown to the batch size.
  BatchMatrix& input() { return input_; }
  BatchMatrix& targets() { return targets_; }
  void forward_batch(bool training);
  double backward_batch();  // mean data loss of the last forward
  double batch_loss() const;  // mean data loss of the last forward against targets(), without gradients
  void update();            // one optimizer step from the current gradients
  double train_batch();     // forward_batch(true), backward_batch(), update()
  std::size_t batch_size() const { return input_.cols(); }
  bool has_forward() const { return has_forward_; }
  bool has_backward() const { return has_backward_; }

  // Ŷ (m, n_L) of X (m, n_0) in evaluation mode, without touching the caches of the last step.
  Matrix predict(const Matrix& X);
  // The predicted class of each example of X: argmax of the outputs, or output ≥ 0.5 for a single output.
  std::vector<std::size_t> classify(const Matrix& X);

  // Evaluation-mode forward of `input` (n_0, m) into `scratch`; the caches of the last step stay as they are.
  void forward_into(const BatchMatrix& input, ForwardScratch& scratch) const;
  // Mean data loss of the output in `scratch` against Y (n_L, m).
  double loss_of(const ForwardScratch& scratch, const BatchMatrix& Y) const;

  // λ Σ|W| + (λ/2) Σ W² over every weight (never the biases).
  double regularization_loss() const;
  // Mean data loss of X, Y in evaluation mode (no dropout), caches overwritten.
  double evaluate_loss(const Matrix& X, const Matrix& Y);

  void set_optimizer(const OptimizerConfig& config);  // same type: keeps its state; new type: fresh state
  Optimizer& optimizer() { return *optimizer_; }
  const Optimizer& optimizer() const { return *optimizer_; }
  void set_regularization(const Regularization& reg);
  const Regularization& regularization() const { return reg_; }

  // Backprop against central differences of the full objective (data loss + regularization) at X, Y,
  // every parameter perturbed by ±eps, in evaluation mode. Leaves the parameters as they were.
  GradientCheck gradient_check(const Matrix& X, const Matrix& Y, double eps);

  // For an all-linear network: the single affine map W* x + b* it computes (homework Q4).
  std::pair<Matrix, Vector> collapse() const;

  // Parameter tensors in order W^[1], b^[1], W^[2], …, with their gradients.
  const std::vector<ParamSlot>& parameter_slots() const { return slots_; }
  std::size_t parameter_count() const;
  // Copies of the parameters, and their restore (early stopping keeps the best epoch's).
  std::vector<Vector> save_parameters() const;
  void load_parameters(const std::vector<Vector>& saved);

  void set_broken_derivative(bool broken);  // lesson q3: σ' replaced by 1 in the hidden layers
  bool broken_derivative() const { return broken_derivative_; }
  Rng& dropout_rng() { return dropout_rng_; }

 private:
  void load_input(const Matrix& X, const std::string& where);
  void load_targets(const Matrix& Y, const std::string& where);  // Y (m, n_L) -> targets_ (n_L, m), checked
  void apply_regularization_gradient();

  NetworkConfig config_;
  std::vector<DenseLayer> layers_;
  BatchMatrix input_;    // a^[0] (n_0, m)
  BatchMatrix targets_;  // Y (n_L, m)
  Regularization reg_;
  std::unique_ptr<Optimizer> optimizer_;
  Rng dropout_rng_;
  bool has_forward_ = false, has_backward_ = false, broken_derivative_ = false;
  bool update_pending_ = false;  // a backward whose gradients no optimizer step has used yet
  BatchMatrix predict_input_;    // predict()'s own buffers, so the caches of the last step survive it
  ForwardScratch predict_scratch_;
  std::vector<ParamSlot> slots_;
};

}  // namespace bp
