// Update rules of sgd, momentum, rmsprop and adam exactly as homework Q11 writes them.
#include "optimizers.hpp"

#include <cmath>
#include <stdexcept>

namespace bp {

namespace {
void check_range(double value, double lo, double hi, bool lo_open, bool hi_open, const std::string& field) {
  const bool ok = std::isfinite(value) && (lo_open ? value > lo : value >= lo) && (hi_open ? value < hi : value <= hi);
  if (ok) return;
  const std::string range = std::string(lo_open ? "(" : "[") + std::to_string(lo) + ", " + std::to_string(hi) +
                            (hi_open ? ")" : "]");
  throw std::invalid_argument("optimizer: " + field + " must be a finite number in " + range + ", got " +
                              std::to_string(value));
}
}  // namespace

void validate(const OptimizerConfig& c) {
  if (c.type != "sgd" && c.type != "momentum" && c.type != "rmsprop" && c.type != "adam")
    throw std::invalid_argument("optimizer: type must be one of 'sgd', 'momentum', 'rmsprop', 'adam', got '" +
                                c.type + "'");
  check_range(c.lr, 0.0, 100.0, true, false, "lr");
  check_range(c.momentum, 0.0, 1.0, false, true, "momentum");
  check_range(c.gamma, 0.0, 1.0, false, true, "gamma");
  check_range(c.beta1, 0.0, 1.0, false, true, "beta1");
  check_range(c.beta2, 0.0, 1.0, false, true, "beta2");
  check_range(c.eps, 0.0, 1.0, true, false, "eps");
}

std::unique_ptr<Optimizer> make_optimizer(const OptimizerConfig& config) {
  validate(config);
  if (config.type == "momentum") return std::make_unique<Momentum>(config);
  if (config.type == "rmsprop") return std::make_unique<RmsProp>(config);
  if (config.type == "adam") return std::make_unique<Adam>(config);
  return std::make_unique<Sgd>(config);
}

void Optimizer::step(const std::vector<ParamSlot>& params) {
  prepare(params);
  ++t_;
  for (std::size_t i = 0; i < params.size(); ++i) update(i, params[i].w, params[i].g, params[i].size);
}

void Optimizer::set_hyperparameters(const OptimizerConfig& config) {
  validate(config);
  if (config.type != config_.type)
    throw std::invalid_argument("optimizer: set_hyperparameters cannot change the type; make a new optimizer");
  config_ = config;
  resync();
}

void Optimizer::set_t(long long t) {
  if (t < 0) throw std::invalid_argument("optimizer: t must be >= 0, got " + std::to_string(t));
  t_ = t;
  resync();
}

void Optimizer::ensure(std::vector<Vector>& state, const std::vector<ParamSlot>& params, const char* name) {
  state.resize(params.size());
  for (std::size_t i = 0; i < params.size(); ++i) {
    if (state[i].size() == params[i].size) continue;
    if (state[i].size() != 0)  // a restored state that does not fit: refuse rather than write past it
      throw std::invalid_argument("optimizer state: '" + std::string(name) + "' of parameter tensor " +
                                  std::to_string(i) + " has " + std::to_string(state[i].size()) +
                                  " entries, the tensor has " + std::to_string(params[i].size) + " entries");
    state[i] = xt::zeros<double>({params[i].size});
  }
}

namespace {
NamedState one_state(const std::vector<Vector>& state, std::size_t slot, const char* name) {
  if (slot >= state.size()) return {};
  return {{name, state[slot]}};
}
void restore(std::vector<Vector>& state, std::size_t slot, const Vector& value) {
  if (slot >= state.size()) state.resize(slot + 1);
  state[slot] = value;
}
void unknown_state(const std::string& type, const std::string& name) {
  throw std::invalid_argument("optimizer state: '" + type + "' has no state named '" + name + "'");
}
}  // namespace

void Sgd::set_state(std::size_t, const std::string& name, const Vector&) { unknown_state("sgd", name); }

void Sgd::update(std::size_t, double* w, const double* g, std::size_t n) {
  const double lr = config_.lr;
  for (std::size_t i = 0; i < n; ++i) w[i] -= lr * g[i];
}

NamedState Momentum::state(std::size_t slot) const { return one_state(v_, slot, "v"); }
void Momentum::set_state(std::size_t slot, const std::string& name, const Vector& value) {
  if (name != "v") unknown_state("momentum", name);
  restore(v_, slot, value);
}

void Momentum::update(std::size_t slot, double* w, const double* g, std::size_t n) {
  double* v = v_[slot].data();
  const double mu = config_.momentum, lr = config_.lr;
  for (std::size_t i = 0; i < n; ++i) {
    v[i] = mu * v[i] + g[i];
    w[i] -= lr * v[i];
  }
}

NamedState RmsProp::state(std::size_t slot) const { return one_state(s_, slot, "s"); }
void RmsProp::set_state(std::size_t slot, const std::string& name, const Vector& value) {
  if (name != "s") unknown_state("rmsprop", name);
  restore(s_, slot, value);
}

void RmsProp::update(std::size_t slot, double* w, const double* g, std::size_t n) {
  double* s = s_[slot].data();
  const double gamma = config_.gamma, lr = config_.lr, eps = config_.eps;
  for (std::size_t i = 0; i < n; ++i) {
    s[i] = gamma * s[i] + (1.0 - gamma) * g[i] * g[i];
    w[i] -= lr * g[i] / std::sqrt(s[i] + eps);
  }
}

NamedState Adam::state(std::size_t slot) const {
  if (slot >= m_.size() && slot >= v_.size()) return {};
  // Only one of m, v restored so far (set_state): the other shows empty.
  const Vector m = slot < m_.size() ? m_[slot] : Vector(), v = slot < v_.size() ? v_[slot] : Vector();
  // The bias corrections of the last step (t = 0: nothing corrected yet).
  const Vector mhat = t_ > 0 ? Vector(m / (1.0 - beta1_t_)) : m;
  const Vector vhat = t_ > 0 ? Vector(v / (1.0 - beta2_t_)) : v;
  return {{"m", m}, {"v", v}, {"mhat", mhat}, {"vhat", vhat}};
}

void Adam::set_state(std::size_t slot, const std::string& name, const Vector& value) {
  if (name == "m") restore(m_, slot, value);
  else if (name == "v") restore(v_, slot, value);
  else if (name != "mhat" && name != "vhat") unknown_state("adam", name);
}

void Adam::prepare(const std::vector<ParamSlot>& params) {
  ensure(m_, params, "m");
  ensure(v_, params, "v");
  // t is about to become t + 1.
  beta1_t_ *= config_.beta1;
  beta2_t_ *= config_.beta2;
}

void Adam::update(std::size_t slot, double* w, const double* g, std::size_t n) {
  double* m = m_[slot].data();
  double* v = v_[slot].data();
  const double b1 = config_.beta1, b2 = config_.beta2, lr = config_.lr, eps = config_.eps;
  const double correction1 = 1.0 - beta1_t_, correction2 = 1.0 - beta2_t_;
  for (std::size_t i = 0; i < n; ++i) {
    m[i] = b1 * m[i] + (1.0 - b1) * g[i];
    v[i] = b2 * v[i] + (1.0 - b2) * g[i] * g[i];
    const double mhat = m[i] / correction1;
    const double vhat = v[i] / correction2;
    w[i] -= lr * mhat / std::sqrt(vhat + eps);
  }
}

void Adam::resync() {
  beta1_t_ = 1.0;
  beta2_t_ = 1.0;
  // The same products as t steps would take (bit for bit), but once neither changes any more (0, or the
  // smallest subnormal) the rest would not change them either: a large t costs no time.
  for (long long i = 0; i < t_; ++i) {
    const double next1 = beta1_t_ * config_.beta1, next2 = beta2_t_ * config_.beta2;
    if (next1 == beta1_t_ && next2 == beta2_t_) break;
    beta1_t_ = next1;
    beta2_t_ = next2;
  }
}

}  // namespace bp
