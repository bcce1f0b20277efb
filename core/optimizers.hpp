// The course's optimizers (homework Q11), each a small class owning its per-parameter state. The state
// is kept in parameter order (W^[1], b^[1], W^[2], …); the step count t advances once per step.
#pragma once
#include <cstddef>
#include <memory>
#include <string>
#include <utility>
#include <vector>

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

// Throws std::invalid_argument naming the field unless every setting is in range.
void validate(const OptimizerConfig& config);

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

  // One optimizer step over every parameter tensor: t ← t + 1, then each tensor's update rule.
  void step(const std::vector<ParamSlot>& params);

  // Changes η, μ, γ, β1, β2, ε; the type stays and the state is kept.
  void set_hyperparameters(const OptimizerConfig& config);
  const OptimizerConfig& config() const { return config_; }
  long long t() const { return t_; }

  // The state of parameter tensor `slot` (empty for sgd); adam adds its bias-corrected m̂ and v̂.
  virtual NamedState state(std::size_t slot) const = 0;
  // Replaces the state (a saved model being restored): `slot` tensors, names as state() gives them.
  virtual void set_state(std::size_t slot, const std::string& name, const Vector& value) = 0;
  void set_t(long long t);

 protected:
  virtual void prepare(const std::vector<ParamSlot>& params) = 0;  // allocate state on first use
  virtual void update(std::size_t slot, double* w, const double* g, std::size_t n) = 0;
  // State vectors with one vector per parameter tensor, zeros on first step; a restored vector is kept,
  // and one whose size differs from its tensor's throws (naming `name`) before anything is updated.
  static void ensure(std::vector<Vector>& state, const std::vector<ParamSlot>& params, const char* name);
  // Recomputes whatever is derived from t and the hyperparameters (Adam's β^t).
  virtual void resync() {}

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
  void update(std::size_t slot, double* w, const double* g, std::size_t n) override;
};

class Momentum final : public Optimizer {  // v ← μ v + g;  w ← w − η v
 public:
  using Optimizer::Optimizer;
  NamedState state(std::size_t slot) const override;
  void set_state(std::size_t slot, const std::string& name, const Vector& value) override;

 private:
  void prepare(const std::vector<ParamSlot>& params) override { ensure(v_, params, "v"); }
  void update(std::size_t slot, double* w, const double* g, std::size_t n) override;
  std::vector<Vector> v_;
};

class RmsProp final : public Optimizer {  // s ← γ s + (1−γ) g²;  w ← w − η g / √(s + ε)
 public:
  using Optimizer::Optimizer;
  NamedState state(std::size_t slot) const override;
  void set_state(std::size_t slot, const std::string& name, const Vector& value) override;

 private:
  void prepare(const std::vector<ParamSlot>& params) override { ensure(s_, params, "s"); }
  void update(std::size_t slot, double* w, const double* g, std::size_t n) override;
  std::vector<Vector> s_;  // E[g²]
};

// m ← β1 m + (1−β1) g;  v ← β2 v + (1−β2) g²;  m̂ = m/(1−β1^t);  v̂ = v/(1−β2^t);  w ← w − η m̂ / √(v̂ + ε)
class Adam final : public Optimizer {
 public:
  using Optimizer::Optimizer;
  NamedState state(std::size_t slot) const override;
  void set_state(std::size_t slot, const std::string& name, const Vector& value) override;

 private:
  void prepare(const std::vector<ParamSlot>& params) override;
  void update(std::size_t slot, double* w, const double* g, std::size_t n) override;
  void resync() override;
  std::vector<Vector> m_, v_;
  double beta1_t_ = 1.0, beta2_t_ = 1.0;  // β1^t, β2^t, kept by repeated products (no pow: both targets agree)
};

}  // namespace bp
