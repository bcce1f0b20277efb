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
constexpr std::size_t kMaxLayers = 9;                 // L, so sizes has 2..10 entries
constexpr std::size_t kMaxWidth = 64;                 // every n_l
constexpr std::size_t kMaxBatch = 65536;              // m of one forward/step
constexpr std::size_t kMaxGradientCheckBatch = 4096;  // m of one gradient check
// The values one batch keeps per layer and example, m × (n_0 + neurons), are at most this many (its Z, A, dZ
// and dA then take at most 128 MB), which caps m for wide networks whose work alone would allow more.
constexpr std::size_t kMaxBatchValues = std::size_t{1} << 22;
// A gradient check perturbs every parameter up to this many; a larger network has a deterministic sample of
// this many checked, spread over every tensor (GradientCheck says how many of how many).
constexpr std::size_t kGradientCheckSample = 1024;

// The work one call may do, so that no call within the limits above runs much longer than half a second
// (measured on this 2-core VM: 0.65–0.9 ns a unit natively, about 1.3× that in wasm). A unit is about one
// multiply-add. One example costs Network::forward_work() through a forward pass (a unit per weight and bias,
// an activation 20 for sigmoid/tanh/softmax and 2 for the others) and Network::step_work() through a training
// step (the forward, then two units per parameter and neuron for the backward); each training step costs
// Network::update_work() beside its examples (the optimizer update, kUpdateWork a parameter, and the fixed
// costs of a step and of each layer, which dominate for tiny networks with batches of 1). Each call counts
// its work before doing any and refuses, saying the largest count that fits, when it is over:
//   forward, predict, classify, backward,    m × step_work() (a step's, so that a forward accepted can also
//   step, evaluate_loss                      be backpropagated), and m × (n_0 + neurons) ≤ kMaxBatchValues
//   gradient_check                           m × (2 step_work() + 2 × checked × forward_work())
//   NeuronGrid::evaluate (features.hpp)      resolution² × forward_work()
//   the trainer's calls (trainer.hpp)        their batches, updates and evaluations
constexpr std::uint64_t kMaxCallWork = 640000000;
constexpr std::uint64_t kUpdateWork = 16;          // a parameter's share of an update (Adam's √ and ÷)
constexpr std::uint64_t kStepOverheadWork = 300;   // a training step's fixed cost
constexpr std::uint64_t kLayerOverheadWork = 200;  // and each layer's (its passes, its tensors' updates)

// Throws std::invalid_argument "<where>: <what> must be at most <most> for this network (one call does at
// most kMaxCallWork multiply-adds; <cost>), got <given>; <advice>" when `given` > `most`, the largest count
// whose work fits: the one message of every work limit.
void require_work(std::uint64_t given, std::uint64_t most, const std::string& where, const std::string& what,
                  const std::string& cost, const std::string& advice);

// The activation of every hidden layer when a caller names none (the JS API, saved files).
constexpr Activation kDefaultHidden = Activation::tanh;

struct NetworkConfig {
  std::vector<std::size_t> sizes;  // n_0 (inputs) … n_L (outputs)
  std::vector<Activation> hidden;  // σ of layers 1..L−1 (one entry per hidden layer)
  Activation output = Activation::sigmoid;
  Loss loss = Loss::bce;
  Init init = Init::xavier;
  std::uint64_t seed = 1;
};

// Throws std::invalid_argument naming the field and the rule for any invalid setting.
void validate(const NetworkConfig& config);

// The parameter-slot layout, the one place it is known: W^[l] is slot 2(l−1), b^[l] slot 2(l−1)+1, so an
// L-layer network has 2L slots (gradients, optimizer state and saved files follow this order).
constexpr std::size_t parameter_slot_count(std::size_t layers) {
  return 2 * layers;
}
constexpr std::size_t weight_slot(std::size_t l) {
  return 2 * (l - 1);
}
constexpr std::size_t bias_slot(std::size_t l) {
  return 2 * (l - 1) + 1;
}

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
  std::size_t layer = 0;  // 1-based layer of the worst entry
  bool is_bias = false;   // in b^[l] (else in W^[l])
  std::size_t index = 0;  // flat index in W^[l] (row-major) or b^[l]
  double backprop = 0.0, numeric = 0.0;
  std::size_t checked = 0;  // parameters compared: all of them, or kGradientCheckSample of a larger network
  std::size_t total = 0;    // parameters of the network
};

// Which entries of each parameter tensor (sizes in order W^[1], b^[1], …) a gradient check perturbs: every
// entry when there are at most `sample` in all; else `sample` of them, each tensor taking an equal share (all
// of its entries when it has fewer, the rest going to the larger tensors) spaced evenly through the tensor.
std::vector<std::vector<std::size_t>> gradient_check_entries(const std::vector<std::size_t>& tensor_sizes,
                                                             std::size_t sample);

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

  // The calls below that take X, Y refuse a batch over kMaxCallWork, and every result is finite: a forward,
  // backward or step whose numbers overflow (inputs, targets or weights far too large) throws saying which
  // and how large they were, leaving no caches behind (a refused step leaves the weights, the optimizer and
  // the dropout stream as they were).

  // Evaluation-mode forward of X (m, n_0); returns Ŷ (m, n_L) and caches every Z^[l], A^[l].
  Matrix forward(const Matrix& X);
  // Backward of the last forward against Y (m, n_L); fills dZ, dA, dW, db; returns the mean data loss.
  double backward(const Matrix& Y);
  // One training step: forward with dropout, backward, optimizer update. Returns the data loss before it.
  // An update that would make a weight or the optimizer state overflow is undone and refused.
  double step(const Matrix& X, const Matrix& Y);

  // Work units of one example (see kMaxCallWork), and the largest m one batch call takes (its work within
  // kMaxCallWork, its values within kMaxBatchValues, at most kMaxBatch).
  std::uint64_t forward_work() const;
  std::uint64_t step_work() const;
  std::uint64_t update_work() const;  // the fixed work of one training step beside its examples
  std::size_t max_batch() const;
  // Throws (naming `where`) unless a batch call may take m examples: 1..kMaxBatch and within max_batch().
  // Boundaries call it before copying a batch in, so a refused m never grows memory.
  void check_batch(std::size_t m, const std::string& where) const;
  std::size_t neuron_count() const;  // n_1 + … + n_L

  // A^[0] (n_0, m), the input of the last forward or step.
  const BatchMatrix& input() const { return input_; }
  std::size_t batch_size() const { return input_.cols(); }
  bool has_forward() const { return has_forward_; }
  bool has_backward() const { return has_backward_; }

  // The calls below evaluate X (m, n_0) in evaluation mode without touching the caches of the last step or
  // any weight. With `parameters` (tensors in parameter_slots() order: W^[1] flat, b^[1], W^[2], …, as
  // save_parameters() gives them; checked by check_parameters) they use those weights instead of the
  // network's own.
  // Ŷ (m, n_L).
  Matrix predict(const Matrix& X, const std::vector<Vector>* parameters = nullptr);
  // The predicted class of each example of X (predicted_class).
  std::vector<std::size_t> classify(const Matrix& X, const std::vector<Vector>* parameters = nullptr);
  // Every layer's Z^[l], A^[l] (n_l, m) of X; `input` gets A^[0] = Xᵀ (n_0, m).
  const ForwardScratch& activations(const Matrix& X, BatchMatrix& input,
                                    const std::vector<Vector>* parameters = nullptr);
  // Lesson q1, the sum of bumps: the terms W^[L]_{k,j} a^[L-1]_j(x) (n_{L-1}, m) of output neuron k for
  // the examples of X, in evaluation mode; summed over j and plus b^[L]_k they give z^[L]_k. Caches
  // untouched, as predict. Refuses k outside 0..n_L−1 and a term that overflows.
  Matrix contributions(const Matrix& X, std::size_t k);
  // Throws naming `where` unless `parameters` holds one tensor per parameter slot of its size, all finite.
  void check_parameters(const std::vector<Vector>& parameters, const std::string& where) const;

  // σ'(Z^[l]) of the last forward (n_l, m), l in 1..L: DenseLayer::sigma_prime, refused before a forward.
  BatchMatrix sigma_prime(std::size_t l, const std::string& where) const;

  // λ Σ|W| + (λ/2) Σ W² over every weight (never the biases); throws if it overflows (weights far too large).
  // `where` names the call in a refusal, as its caller spells it (the JS API: regularizationLoss).
  double regularization_loss(const std::string& where = "regularization_loss") const;
  // Mean data loss of X, Y in evaluation mode (no dropout), caches overwritten.
  double evaluate_loss(const Matrix& X, const Matrix& Y);

  void set_optimizer(const OptimizerConfig& config);  // same type: keeps its state; new type: fresh state
  Optimizer& optimizer() { return *optimizer_; }
  const Optimizer& optimizer() const { return *optimizer_; }
  void set_regularization(const Regularization& reg);
  const Regularization& regularization() const { return reg_; }

  // Backprop against central differences of the full objective (data loss + regularization) at X, Y,
  // each parameter of gradient_check_entries(…, kGradientCheckSample) perturbed by ±eps, in evaluation mode.
  // m is 1..kMaxGradientCheckBatch and the work within kMaxCallWork. Refuses a point where the loss is too
  // large for differences at this eps to resolve (they would report a false error): its terms times 2^-50
  // over eps must stay below the comparison floor 1e-4. Leaves the parameters as they were.
  GradientCheck gradient_check(const Matrix& X, const Matrix& Y, double eps,
                               const std::string& where = "gradient_check");

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

 private:
  // The narrow interface of the trainer's batches and whole-set evaluations and of the neuron grid: the
  // calls below skip the boundary's checks and allocate nothing once the buffers have grown.
  friend class Trainer;
  friend class NeuronGrid;
  // The same steps on a batch already in batch_input() (n_0, m) and batch_targets() (n_L, m).
  BatchMatrix& batch_input() { return input_; }
  BatchMatrix& batch_targets() { return targets_; }
  void forward_batch(bool training);
  double backward_batch();    // mean data loss of the last forward
  double batch_loss() const;  // mean data loss of the last forward against the targets, without gradients
  // One optimizer step from the current gradients. A step that leaves a weight or the optimizer state not
  // finite is undone (weights, state and t as before it) and false returned: the trainer's divergence and
  // step()'s refusal alike.
  bool update();
  // Evaluation-mode forward of `input` (n_0, m) into `scratch`, with the network's weights or `parameters`
  // (unchecked); the caches of the last step stay as they are.
  void forward_into(const BatchMatrix& input, ForwardScratch& scratch,
                    const std::vector<Vector>* parameters = nullptr) const;
  // Mean data loss of the output in `scratch` against Y (n_L, m).
  double loss_of(const ForwardScratch& scratch, const BatchMatrix& Y) const;
  // The one path to a data loss: every loss above (and evaluate_loss, backward, the gradient check) is this
  // of an output layer's Z, A (n_L, m) against Y (n_L, m).
  double data_loss(const BatchMatrix& Z, const BatchMatrix& A, const BatchMatrix& Y) const;

  // X (m, n_0) -> `input` (n_0, m), checked: m in 1..kMaxBatch, n_0 columns, finite numbers.
  void load_examples(const Matrix& X, BatchMatrix& input, const std::string& where) const;
  void load_input(const Matrix& X, const std::string& where);
  void load_targets(const Matrix& Y, const std::string& where);  // Y (m, n_L) -> targets_ (n_L, m), checked
  void apply_regularization_gradient();
  double regularization_value() const;  // the term, unchecked (the gradient check's objective)
  // Throw, saying what overflowed and how large the inputs (and targets) and parameters were, unless the
  // last forward (into the caches or `scratch`) or the last backward is finite everywhere.
  void check_forward(const std::string& where, const BatchMatrix& input, const ForwardScratch* scratch,
                     const std::vector<Vector>* parameters = nullptr);
  void check_backward(const std::string& where, double loss);
  // predict's and classify's evaluation of X into predict_scratch_; returns the output A^[L] (n_L, m).
  const BatchMatrix& predict_rows(const Matrix& X, const std::string& where,
                                  const std::vector<Vector>* parameters);
  [[noreturn]] void fail_not_finite(const std::string& where, const std::string& what,
                                    const BatchMatrix& input, const BatchMatrix* targets,
                                    const std::vector<Vector>* parameters = nullptr) const;
  // "the inputs or weights are too large: |x| up to …, |W|, |b| up to …" (with the targets when given; the
  // weights those of `parameters` when given).
  std::string size_note(const BatchMatrix& input, const BatchMatrix* targets,
                        const std::vector<Vector>* parameters = nullptr) const;

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
  Optimizer::Saved before_update_;  // what the last update changed, to take an overflowing one back
};

}  // namespace bp
