// The course's optimizers (homework Q11), each a small class owning its per-parameter state. The state
// is kept in parameter order (W^[1], b^[1], W^[2], …); the step count t advances once per step.
#pragma once
#include <array>
#include <cstddef>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "limits.hpp"
#include "tensor.hpp"

namespace bp {

struct OptimizerConfig {
  std::string type = "sgd";  // 'sgd' | 'momentum' | 'rmsprop' | 'adam'
  double lr = 0.01;          // η
  double momentum = 0.9;     // μ
  double gamma = 0.9;        // γ of RMSProp
  double beta1 = 0.9;        // β1 of Adam
  double beta2 = 0.999;      // β2 of Adam
  double eps = 1e-8;         // ε, inside the square root as the course writes it
};

// The optimizer types, in the course's order.
std::vector<std::string> optimizer_names();

// Throws std::invalid_argument naming the field unless every setting is in range.
void validate(const OptimizerConfig& config);

// The largest step count t: 2^53 − 1, the largest integer a JS number holds exactly (t crosses the API).
constexpr long long kMaxOptimizerSteps = kMaxSafeInteger;

// base^t by squaring: at most 2·63 multiplications whatever t is, and the same bits on both targets (no
// std::pow, whose glibc and musl results differ by an ulp). Adam's β^t, so a step, a restore of t and a
// change of β all give β^t the same way.
double power(double base, long long t);

// The squares base^(2^k), k = 0..62, that power() goes through, and base^t from them: the same bits as
// power(base, t) with one multiplication per set bit of t (Adam takes two powers every step).
using Squares = std::array<double, 63>;
Squares squares_of(double base);
double power(const Squares& squares, long long t);

// One parameter tensor and its gradient, as flat storage.
struct ParamSlot {
  double* w;
  const double* g;
  std::size_t size;
};

// A named piece of optimizer state for one parameter tensor, e.g. {"v", …}.
using NamedState = std::vector<std::pair<std::string, Vector>>;

class Optimizer {
 public:
  explicit Optimizer(const OptimizerConfig& config) : config_(config) {}
  virtual ~Optimizer() = default;

  // What a step changes (t, the weights, the state), kept by step() so that undo() can take the step back;
  // its storage is reused from one step to the next, so keeping allocates nothing once the sizes are known.
  struct Saved {
    long long t = 0;
    std::vector<Vector> weights;
    std::array<std::vector<Vector>, 2> lists;
  };

  // One optimizer step over every parameter tensor: t ← t + 1, then each tensor's update rule. Returns
  // whether every weight and state entry it wrote is finite (checked as it writes them). With `undo`, first
  // keeps there what the step changes. Throws, changing nothing, at t = kMaxOptimizerSteps.
  bool step(const std::vector<ParamSlot>& params, Saved* undo = nullptr);
  // Back to what step(params, &saved) kept: weights, state and t as before that step.
  void undo(const std::vector<ParamSlot>& params, const Saved& saved);

  // Changes η, μ, γ, β1, β2, ε; the type stays and the state is kept.
  void set_hyperparameters(const OptimizerConfig& config);
  const OptimizerConfig& config() const { return config_; }
  long long t() const { return t_; }

  // The state of parameter tensor `slot` (empty for sgd); adam adds its bias-corrected m̂ and v̂.
  virtual NamedState state(std::size_t slot) const = 0;
  // Replaces the state (a saved model being restored): `slot` tensors, names as state() gives them. Refuses,
  // naming the state, the tensor and the index, a value no run can reach: a second moment (rmsprop s, adam v)
  // that is negative or not finite, a first moment (momentum v, adam m) that is not finite.
  virtual void set_state(std::size_t slot, const std::string& name, const Vector& value) = 0;
  void set_t(long long t);  // 0..kMaxOptimizerSteps

 protected:
  virtual void prepare(const std::vector<ParamSlot>& params) = 0;  // allocate state on first use
  // The rule on one tensor; whether every weight and state entry it wrote is finite.
  virtual bool update(std::size_t slot, double* w, const double* g, std::size_t n) = 0;
  // State vectors with one vector per parameter tensor, zeros on first step; a restored vector is kept,
  // and one whose size differs from its tensor's throws (naming `name`) before anything is updated.
  static void ensure(std::vector<Vector>& state, const std::vector<ParamSlot>& params, const char* name);
  // Recomputes whatever is derived from t and the hyperparameters (Adam's β^t).
  virtual void resync() {}
  // The optimizer's state vectors (one vector per parameter tensor each): none, {v}, {s} or {m, v}.
  virtual std::array<std::vector<Vector>*, 2> lists() = 0;
  // Refuses `value` unless all its entries are finite (and >= 0 if `nonnegative`), naming `name` and `slot`.
  static void check_state(const Vector& value, std::size_t slot, const char* name, bool nonnegative);

  OptimizerConfig config_;
  long long t_ = 0;
};

std::unique_ptr<Optimizer> make_optimizer(const OptimizerConfig& config);

class Sgd final : public Optimizer {  // w ← w − η g
 public:
  using Optimizer::Optimizer;
  NamedState state(std::size_t) const override { return {}; }
  void set_state(std::size_t, const std::string& name, const Vector&) override;

 private:
  void prepare(const std::vector<ParamSlot>&) override {}
  bool update(std::size_t slot, double* w, const double* g, std::size_t n) override;
  std::array<std::vector<Vector>*, 2> lists() override { return {nullptr, nullptr}; }
};

class Momentum final : public Optimizer {  // v ← μ v + g;  w ← w − η v
 public:
  using Optimizer::Optimizer;
  NamedState state(std::size_t slot) const override;
  void set_state(std::size_t slot, const std::string& name, const Vector& value) override;

 private:
  void prepare(const std::vector<ParamSlot>& params) override { ensure(v_, params, "v"); }
  bool update(std::size_t slot, double* w, const double* g, std::size_t n) override;
  std::array<std::vector<Vector>*, 2> lists() override { return {&v_, nullptr}; }
  std::vector<Vector> v_;
};

class RmsProp final : public Optimizer {  // s ← γ s + (1−γ) g²;  w ← w − η g / √(s + ε)
 public:
  using Optimizer::Optimizer;
  NamedState state(std::size_t slot) const override;
  void set_state(std::size_t slot, const std::string& name, const Vector& value) override;

 private:
  void prepare(const std::vector<ParamSlot>& params) override { ensure(s_, params, "s"); }
  bool update(std::size_t slot, double* w, const double* g, std::size_t n) override;
  std::array<std::vector<Vector>*, 2> lists() override { return {&s_, nullptr}; }
  std::vector<Vector> s_;  // E[g²]
};

// m ← β1 m + (1−β1) g;  v ← β2 v + (1−β2) g²;  m̂ = m/(1−β1^t);  v̂ = v/(1−β2^t);  w ← w − η m̂ / √(v̂ + ε)
class Adam final : public Optimizer {
 public:
  explicit Adam(const OptimizerConfig& config) : Optimizer(config) { resync(); }
  NamedState state(std::size_t slot) const override;
  void set_state(std::size_t slot, const std::string& name, const Vector& value) override;

 private:
  void prepare(const std::vector<ParamSlot>& params) override;
  bool update(std::size_t slot, double* w, const double* g, std::size_t n) override;
  void resync() override;
  std::array<std::vector<Vector>*, 2> lists() override { return {&m_, &v_}; }
  std::vector<Vector> m_, v_;
  double beta1_t_ = 1.0, beta2_t_ = 1.0;       // β1^t, β2^t of the current t, by power()
  Squares beta1_squares_{}, beta2_squares_{};  // of the current β1, β2 (resync)
};

}  // namespace bp
