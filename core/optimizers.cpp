// Update rules of sgd, momentum, rmsprop and adam exactly as homework Q11 writes them.
#include "optimizers.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <stdexcept>

#include "text.hpp"

namespace bp {

namespace {
void check_range(double value, double lo, double hi, bool lo_open, bool hi_open, const std::string& field) {
  const bool ok =
      std::isfinite(value) && (lo_open ? value > lo : value >= lo) && (hi_open ? value < hi : value <= hi);
  if (ok) return;
  const std::string range =
      std::string(lo_open ? "(" : "[") + format_number(lo) + ", " + format_number(hi) + (hi_open ? ")" : "]");
  throw std::invalid_argument("optimizer: " + field + " must be a finite number in " + range + ", got " +
                              format_number(value));
}
}  // namespace

double power(double base, long long t) {
  double result = 1.0;
  for (; t > 0; t >>= 1) {
    if (t & 1) result *= base;
    base *= base;
  }
  return result;
}

Squares squares_of(double base) {
  Squares squares;
  for (double& s : squares) {
    s = base;
    base *= base;
  }
  return squares;
}

double power(const Squares& squares, long long t) {
  double result = 1.0;
  for (int k = 0; t > 0; ++k, t >>= 1)
    if (t & 1) result *= squares[static_cast<std::size_t>(k)];
  return result;
}

std::vector<std::string> optimizer_names() {
  return {"sgd", "momentum", "rmsprop", "adam"};
}

void validate(const OptimizerConfig& c) {
  const std::vector<std::string> names = optimizer_names();
  if (std::find(names.begin(), names.end(), c.type) == names.end())
    throw std::invalid_argument("optimizer: type must be one of " + quoted_names(names) + ", got " +
                                quoted(c.type));
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

namespace {
// dst ← src, reusing dst's storage when the sizes agree (the per-step keeping allocates nothing).
void copy_vector(Vector& dst, const double* src, std::size_t n) {
  if (dst.size() != n) dst = Vector::from_shape({n});
  std::copy(src, src + n, dst.data());
}
void copy_list(std::vector<Vector>& dst, const std::vector<Vector>& src) {
  dst.resize(src.size());
  for (std::size_t i = 0; i < src.size(); ++i) copy_vector(dst[i], src[i].data(), src[i].size());
}
// Not finite exactly when the exponent bits are all ones: the update rules test each value they write.
inline bool not_finite(double x) {
  std::uint64_t bits;
  std::memcpy(&bits, &x, sizeof bits);
  return (bits & 0x7FF0000000000000ULL) == 0x7FF0000000000000ULL;
}
}  // namespace

bool Optimizer::step(const std::vector<ParamSlot>& params, Saved* undo) {
  if (t_ >= kMaxOptimizerSteps)  // one more and t would no longer cross the API exactly
    throw std::invalid_argument("optimizer: t has reached its limit " + std::to_string(kMaxOptimizerSteps) +
                                " (2^53 - 1); set a new optimizer to train on");
  if (undo != nullptr) {  // before prepare(), so that a first step's undo leaves no state at all
    undo->t = t_;
    undo->weights.resize(params.size());
    for (std::size_t i = 0; i < params.size(); ++i)
      copy_vector(undo->weights[i], params[i].w, params[i].size);
    const auto own = lists();
    for (std::size_t k = 0; k < own.size(); ++k) {
      if (own[k] == nullptr)
        undo->lists[k].clear();
      else
        copy_list(undo->lists[k], *own[k]);
    }
  }
  prepare(params);
  ++t_;
  bool finite = true;
  for (std::size_t i = 0; i < params.size(); ++i)
    finite &= update(i, params[i].w, params[i].g, params[i].size);
  return finite;
}

void Optimizer::undo(const std::vector<ParamSlot>& params, const Saved& saved) {
  for (std::size_t i = 0; i < params.size() && i < saved.weights.size(); ++i)
    std::copy(saved.weights[i].data(), saved.weights[i].data() + params[i].size, params[i].w);
  const auto own = lists();
  for (std::size_t k = 0; k < own.size(); ++k)
    if (own[k] != nullptr) copy_list(*own[k], saved.lists[k]);
  t_ = saved.t;
  resync();
}

void Optimizer::set_hyperparameters(const OptimizerConfig& config) {
  validate(config);
  if (config.type != config_.type)
    throw std::invalid_argument(
        "optimizer: set_hyperparameters cannot change the type; make a new optimizer");
  config_ = config;
  resync();
}

void Optimizer::set_t(long long t) {
  if (t < 0 || t > kMaxOptimizerSteps)
    throw std::invalid_argument("optimizer: t must be an integer in 0.." +
                                std::to_string(kMaxOptimizerSteps) + ", got " + std::to_string(t));
  t_ = t;
  resync();
}

void Optimizer::check_state(const Vector& value, std::size_t slot, const char* name, bool nonnegative) {
  for (std::size_t i = 0; i < value.size(); ++i) {
    const double x = value(i);
    if (std::isfinite(x) && (!nonnegative || x >= 0)) continue;
    throw std::invalid_argument("optimizer state: '" + std::string(name) + "' of parameter tensor " +
                                std::to_string(slot) + " must be finite" + (nonnegative ? " and >= 0" : "") +
                                ", got " + format_number(x) + " at index " + std::to_string(i));
  }
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
void restore_slot(std::vector<Vector>& state, std::size_t slot, const Vector& value) {
  if (slot >= state.size()) state.resize(slot + 1);
  state[slot] = value;
}
void unknown_state(const std::string& type, const std::string& name) {
  throw std::invalid_argument("optimizer state: '" + type + "' has no state named " + quoted(name));
}
}  // namespace

void Sgd::set_state(std::size_t, const std::string& name, const Vector&) {
  unknown_state("sgd", name);
}

bool Sgd::update(std::size_t, double* w, const double* g, std::size_t n) {
  const double lr = config_.lr;
  bool bad = false;
  for (std::size_t i = 0; i < n; ++i) {
    w[i] -= lr * g[i];
    bad |= not_finite(w[i]);
  }
  return !bad;
}

NamedState Momentum::state(std::size_t slot) const {
  return one_state(v_, slot, "v");
}
void Momentum::set_state(std::size_t slot, const std::string& name, const Vector& value) {
  if (name != "v") unknown_state("momentum", name);
  check_state(value, slot, "v", false);
  restore_slot(v_, slot, value);
}

bool Momentum::update(std::size_t slot, double* w, const double* g, std::size_t n) {
  double* v = v_[slot].data();
  const double mu = config_.momentum, lr = config_.lr;
  bool bad = false;
  for (std::size_t i = 0; i < n; ++i) {
    v[i] = mu * v[i] + g[i];
    w[i] -= lr * v[i];
    bad |= not_finite(w[i]);  // v = ±inf would make w so too
  }
  return !bad;
}

NamedState RmsProp::state(std::size_t slot) const {
  return one_state(s_, slot, "s");
}
void RmsProp::set_state(std::size_t slot, const std::string& name, const Vector& value) {
  if (name != "s") unknown_state("rmsprop", name);
  check_state(value, slot, "s", true);  // E[g²]: a negative one makes the next √(s + ε) NaN
  restore_slot(s_, slot, value);
}

bool RmsProp::update(std::size_t slot, double* w, const double* g, std::size_t n) {
  double* s = s_[slot].data();
  const double gamma = config_.gamma, lr = config_.lr, eps = config_.eps;
  bool bad = false;
  for (std::size_t i = 0; i < n; ++i) {
    s[i] = gamma * s[i] + (1.0 - gamma) * g[i] * g[i];
    w[i] -= lr * g[i] / std::sqrt(s[i] + eps);
    bad |= not_finite(s[i]) | not_finite(w[i]);  // s = inf alone would leave w as it was
  }
  return !bad;
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
  if (name == "m") {
    check_state(value, slot, "m", false);
    restore_slot(m_, slot, value);
  } else if (name == "v") {
    check_state(value, slot, "v", true);  // E[g²]: a negative one makes the next √(v̂ + ε) NaN
    restore_slot(v_, slot, value);
  } else if (name != "mhat" && name != "vhat") {
    unknown_state("adam", name);
  }
}

void Adam::prepare(const std::vector<ParamSlot>& params) {
  ensure(m_, params, "m");
  ensure(v_, params, "v");
  // t is about to become t + 1.
  beta1_t_ = power(beta1_squares_, t_ + 1);
  beta2_t_ = power(beta2_squares_, t_ + 1);
}

bool Adam::update(std::size_t slot, double* w, const double* g, std::size_t n) {
  double* m = m_[slot].data();
  double* v = v_[slot].data();
  const double b1 = config_.beta1, b2 = config_.beta2, lr = config_.lr, eps = config_.eps;
  const double correction1 = 1.0 - beta1_t_, correction2 = 1.0 - beta2_t_;
  bool bad = false;
  for (std::size_t i = 0; i < n; ++i) {
    m[i] = b1 * m[i] + (1.0 - b1) * g[i];
    v[i] = b2 * v[i] + (1.0 - b2) * g[i] * g[i];
    const double mhat = m[i] / correction1;
    const double vhat = v[i] / correction2;
    w[i] -= lr * mhat / std::sqrt(vhat + eps);
    // m overflows only with g² (so v) or w following it; v = inf alone would leave w as it was.
    bad |= not_finite(v[i]) | not_finite(w[i]);
  }
  return !bad;
}

void Adam::resync() {
  beta1_squares_ = squares_of(config_.beta1);
  beta2_squares_ = squares_of(config_.beta2);
  beta1_t_ = power(beta1_squares_, t_);
  beta2_t_ = power(beta2_squares_, t_);
}

}  // namespace bp
