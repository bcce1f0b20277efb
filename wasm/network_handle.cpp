// `bp.Network`: the network handle's calls, each converting its arguments and forwarding to core/network.
#include <cmath>
#include <memory>
#include <string>

#include "adapters.hpp"
#include "handles.hpp"
#include "limits.hpp"
#include "serialize.hpp"

namespace bp::wasm {

// ---- Network -------------------------------------------------------------------------------------------

NetworkHandle* NetworkHandle::create(val options) {
  return new NetworkHandle(std::make_shared<Network>(read_network_config(options)));
}

val NetworkHandle::num_layers() const {
  return val(static_cast<double>(net_->num_layers()));
}

val NetworkHandle::sizes() const {
  val arr = val::array();
  for (std::size_t s : net_->config().sizes) arr.call<void>("push", val(static_cast<double>(s)));
  return arr;
}

val NetworkHandle::config() const {
  return network_config_object(net_->config());
}

val NetworkHandle::weights(val l) const {
  return f64_copy(net_->layer(layer_index(*net_, l, "weights")).W);
}

val NetworkHandle::biases(val l) const {
  return f64_copy(net_->layer(layer_index(*net_, l, "biases")).b);
}

namespace {
// Copies `values` into a parameter tensor of `count` entries, refusing any other length.
void set_parameter(const val& values, double* tensor, std::size_t count, const std::string& where,
                   const std::string& size_rule) {
  const std::vector<double> given = to_doubles(values, where, "values");
  if (given.size() != count)
    fail(where, "values must hold " + size_rule + " = " + std::to_string(count) + " numbers, got " +
                    std::to_string(given.size()));
  std::copy(given.begin(), given.end(), tensor);
}
}  // namespace

void NetworkHandle::set_weights(val l, val values) {
  DenseLayer& layer = net_->layer(layer_index(*net_, l, "setWeights"));
  set_parameter(values, layer.W.data(), layer.W.size(), "setWeights", "n_l · n_{l-1}");
}

void NetworkHandle::set_biases(val l, val values) {
  DenseLayer& layer = net_->layer(layer_index(*net_, l, "setBiases"));
  set_parameter(values, layer.b.data(), layer.b.size(), "setBiases", "n_l");
}

val NetworkHandle::forward(val X, val m) {
  const auto count = static_cast<std::size_t>(to_integer(m, "forward", "m", 1, kMaxBatch));
  net_->check_batch(count, "forward");
  const Matrix Y_hat = net_->forward(to_matrix(X, count, net_->config().sizes.front(), "forward", "X"));
  return f64_copy(Y_hat);
}

val NetworkHandle::backward(val Y) {
  if (!net_->has_forward()) fail("backward", "call forward (or step) before backward");
  const std::size_t m = net_->batch_size(), nL = net_->config().sizes.back();
  return val(net_->backward(to_matrix(Y, m, nL, "backward", "Y")));
}

namespace {
// A cache or gradient as the API hands it out: finite, or refused saying why (a Trainer's step that diverged
// leaves what it computed in the caches, for inspection by the core, never as numbers for a script).
template <class T>
val finite_copy(const T& values, const std::string& where, const char* what) {
  if (!all_finite(values.data(), values.size()))
    fail(where, std::string(what) +
                    " is not finite: the step that computed it overflowed (the weights or inputs "
                    "are too large; see the trainer's stop reason)");
  return f64_copy(values);
}

// A per-layer cache for inspection, refusing before the call that fills it.
template <class Get>
val layer_cache(const Network& net, const val& l, const std::string& where, bool needs_backward, Get get) {
  const DenseLayer& layer = net.layer(layer_index(net, l, where));
  if (!net.has_forward()) fail(where, "call forward (or step) first");
  if (needs_backward && !net.has_backward())
    fail(where, "call backward (or step) after the last forward first");
  return finite_copy(get(layer), where, "the cache");
}
}  // namespace

val NetworkHandle::grad_weights(val l) const {
  const DenseLayer& layer = net_->layer(layer_index(*net_, l, "gradWeights"));
  if (!net_->has_backward()) fail("gradWeights", "call backward (or step) after the last forward first");
  return finite_copy(layer.dW, "gradWeights", "dW");
}

val NetworkHandle::grad_biases(val l) const {
  const DenseLayer& layer = net_->layer(layer_index(*net_, l, "gradBiases"));
  if (!net_->has_backward()) fail("gradBiases", "call backward (or step) after the last forward first");
  return finite_copy(layer.db, "gradBiases", "db");
}

namespace {
// The optional weights of an evaluation call: none (undefined), or read_parameters' tensors.
std::unique_ptr<std::vector<Vector>> optional_parameters(const val& v, const Network& net,
                                                         const std::string& where) {
  if (v.isUndefined()) return nullptr;
  return std::make_unique<std::vector<Vector>>(read_parameters(v, net, where));
}

// Checks m and reads X (m × n_0) of an evaluation call.
Matrix evaluation_input(Network& net, const val& X, const val& m, const std::string& where) {
  const auto count = static_cast<std::size_t>(to_integer(m, where, "m", 1, kMaxBatch));
  net.check_batch(count, where);
  return to_matrix(X, count, net.config().sizes.front(), where, "X");
}

val int32_copy(const std::vector<std::size_t>& values) {
  const std::vector<std::int32_t> out(values.begin(), values.end());
  return val::global("Int32Array").new_(val(emscripten::typed_memory_view(out.size(), out.data())));
}
}  // namespace

val NetworkHandle::predict(val X, val m, val parameters) {
  const Matrix x = evaluation_input(*net_, X, m, "predict");
  const auto p = optional_parameters(parameters, *net_, "predict");
  return f64_copy(net_->predict(x, p.get()));
}

val NetworkHandle::classify(val X, val m, val parameters) {
  const Matrix x = evaluation_input(*net_, X, m, "classify");
  const auto p = optional_parameters(parameters, *net_, "classify");
  return int32_copy(net_->classify(x, p.get()));
}

val NetworkHandle::activations(val X, val m, val parameters) {
  const Matrix x = evaluation_input(*net_, X, m, "activations");
  const auto p = optional_parameters(parameters, *net_, "activations");
  BatchMatrix input;
  const ForwardScratch& layers = net_->activations(x, input, p.get());
  // z[l] and a[l] index alike: z[0] is null (the input has no Z), a[0] = A^[0].
  val z = val::array(), a = val::array();
  z.call<void>("push", val::null());
  a.call<void>("push", f64_copy(input));
  for (std::size_t l = 0; l < layers.Z.size(); ++l) {
    z.call<void>("push", f64_copy(layers.Z[l]));
    a.call<void>("push", f64_copy(layers.A[l]));
  }
  val o = val::object();
  o.set("z", z);
  o.set("a", a);
  return o;
}

val NetworkHandle::contributions(val X, val m, val output) {
  const Matrix x = evaluation_input(*net_, X, m, "contributions");
  const auto k =
      output.isUndefined()
          ? std::size_t{0}
          : static_cast<std::size_t>(to_integer(output, "contributions", "output", 0,
                                                static_cast<double>(net_->config().sizes.back() - 1)));
  return f64_copy(net_->contributions(x, k));
}

val NetworkHandle::parameters() const {
  val W = val::array(), b = val::array();
  for (std::size_t l = 1; l <= net_->num_layers(); ++l) {
    W.call<void>("push", f64_copy(net_->layer(l).W));
    b.call<void>("push", f64_copy(net_->layer(l).b));
  }
  val o = val::object();
  o.set("W", W);
  o.set("b", b);
  return o;
}

val NetworkHandle::sigma_prime(val l) const {
  const std::size_t index = layer_index(*net_, l, "sigmaPrime");
  return finite_copy(net_->sigma_prime(index, "sigmaPrime"), "sigmaPrime", "the cache");
}

val NetworkHandle::z(val l) const {
  return layer_cache(*net_, l, "z", false,
                     [](const DenseLayer& layer) -> const BatchMatrix& { return layer.Z; });
}

val NetworkHandle::a(val l) const {
  if (!net_->has_forward()) fail("a", "call forward (or step) first");
  const std::size_t index = layer_index(*net_, l, "a", 0);
  return index == 0 ? finite_copy(net_->input(), "a", "A^[0]")
                    : finite_copy(net_->layer(index).A, "a", "A^[l]");
}

val NetworkHandle::dz(val l) const {
  return layer_cache(*net_, l, "dz", true,
                     [](const DenseLayer& layer) -> const BatchMatrix& { return layer.dZ; });
}

val NetworkHandle::da(val l) const {
  return layer_cache(*net_, l, "da", true,
                     [](const DenseLayer& layer) -> const BatchMatrix& { return layer.dA; });
}

val NetworkHandle::dropout_mask(val l) const {
  const DenseLayer& layer = net_->layer(layer_index(*net_, l, "dropoutMask"));
  if (!layer.dropped) return val::null();
  return f64_copy(layer.mask);
}

void NetworkHandle::set_optimizer(val options) {
  net_->set_optimizer(read_optimizer(options, net_->optimizer().config(), "setOptimizer"));
}

val NetworkHandle::optimizer() const {
  return optimizer_object(net_->optimizer().config());
}

void NetworkHandle::set_regularization(val options) {
  net_->set_regularization(read_regularization(options, "setRegularization"));
}

val NetworkHandle::regularization() const {
  val o = val::object();
  o.set("l1", net_->regularization().l1);
  o.set("l2", net_->regularization().l2);
  o.set("dropout", net_->regularization().dropout);
  return o;
}

val NetworkHandle::regularization_loss() const {
  return val(net_->regularization_loss("regularizationLoss"));
}

val NetworkHandle::step(val X, val Y, val m) {
  const auto count = static_cast<std::size_t>(to_integer(m, "step", "m", 1, kMaxBatch));
  net_->check_batch(count, "step");
  const Matrix x = to_matrix(X, count, net_->config().sizes.front(), "step", "X");
  const Matrix y = to_matrix(Y, count, net_->config().sizes.back(), "step", "Y");
  return val(net_->step(x, y));
}

val NetworkHandle::optimizer_state(val l) const {
  const std::size_t index = layer_index(*net_, l, "optimizerState");
  const Optimizer& opt = net_->optimizer();
  // The top-level names hold W^[l]'s state, `b` the same names for b^[l].
  val state = val::object();
  val bias = val::object();
  for (const auto& [name, value] : opt.state(weight_slot(index))) state.set(name, f64_copy(value));
  for (const auto& [name, value] : opt.state(bias_slot(index))) bias.set(name, f64_copy(value));
  state.set("b", bias);
  state.set("t", static_cast<double>(opt.t()));
  return state;
}

val NetworkHandle::gradient_check_detail(val X, val Y, val m, val eps) {
  const auto count = static_cast<std::size_t>(to_integer(m, "gradientCheck", "m", 1, kMaxGradientCheckBatch));
  const Matrix x = to_matrix(X, count, net_->config().sizes.front(), "gradientCheck", "X");
  const Matrix y = to_matrix(Y, count, net_->config().sizes.back(), "gradientCheck", "Y");
  const double e = eps.isUndefined() ? 1e-5 : to_number(eps, "gradientCheck", "eps");
  const GradientCheck check = net_->gradient_check(x, y, e, "gradientCheck");
  val o = val::object();
  o.set("maxRelativeError", check.max_relative_error);
  o.set("layer", static_cast<double>(check.layer));
  o.set("parameter", text(check.is_bias ? "b" : "W"));
  o.set("index", static_cast<double>(check.index));
  o.set("backprop", check.backprop);
  o.set("numeric", check.numeric);
  o.set("checked", static_cast<double>(check.checked));  // all, or a sample of kGradientCheckSample
  o.set("total", static_cast<double>(check.total));
  return o;
}

val NetworkHandle::gradient_check(val X, val Y, val m, val eps) {
  return gradient_check_detail(X, Y, m, eps)["maxRelativeError"];
}

val NetworkHandle::to_json() const {
  return text(network_to_json(*net_));
}

NetworkHandle* NetworkHandle::from_json(val saved) {
  const std::string where = "Network.fromJSON";
  if (!is_string(saved)) fail(where, "text must be a string, got " + describe(saved));
  const double units = saved["length"].as<double>();
  if (units > static_cast<double>(kMaxSavedNetworkBytes))
    fail(where, "text is " + std::to_string(static_cast<unsigned long long>(units)) +
                    " characters long, more than the limit of " + std::to_string(kMaxSavedNetworkBytes));
  // Every UTF-16 unit of the text is 1..3 UTF-8 bytes: the core refuses what is longer than its limit.
  const std::string json = to_string(saved, where, "text", 3 * kMaxSavedNetworkBytes);
  return new NetworkHandle(network_from_json(json, where));
}

val NetworkHandle::collapse() const {
  const auto [W, b] = net_->collapse();
  val o = val::object();
  o.set("W", f64_copy(W));
  o.set("b", f64_copy(b));
  return o;
}

void NetworkHandle::evaluate_grid(const val& options, const std::string& where) {
  const val o = options_object(options, where, {"features", "x1", "x2", "resolution", "parameters"});
  std::vector<Feature> features;
  if (has(o, "features")) {
    features = read_features(o["features"], where);
  } else {
    if (net_->config().sizes.front() != 2) fail(where, "features must be given for a network with n_0 != 2");
    features = {Feature::x1, Feature::x2};
  }
  const auto plane = std::make_pair(-kPlaneExtent, kPlaneExtent);
  const auto x1 = has(o, "x1") ? read_range(o["x1"], where, "x1") : plane;
  const auto x2 = has(o, "x2") ? read_range(o["x2"], where, "x2") : plane;
  const auto res =
      has(o, "resolution") ? to_integer(o["resolution"], where, "resolution", 2, kMaxGridResolution) : 100;
  const auto p = has(o, "parameters") ? optional_parameters(o["parameters"], *net_, where) : nullptr;
  grid_.evaluate(*net_, features, x1.first, x1.second, x2.first, x2.second, static_cast<std::size_t>(res),
                 p.get());
}

val NetworkHandle::neuron_grid(val options) {
  evaluate_grid(options, "neuronGrid");
  const std::vector<float>& values = grid_.values();
  return val::global("Float32Array").new_(val(emscripten::typed_memory_view(values.size(), values.data())));
}

val NetworkHandle::class_grid(val options) {
  evaluate_grid(options, "classGrid");
  const std::vector<std::int32_t>& classes = grid_.classes();
  return val::global("Int32Array").new_(val(emscripten::typed_memory_view(classes.size(), classes.data())));
}

void NetworkHandle::set_broken_derivative(val broken) {
  net_->set_broken_derivative(to_bool(broken, "setBrokenDerivative", "broken"));
}

val NetworkHandle::broken_derivative() const {
  return val(net_->broken_derivative());
}

}  // namespace bp::wasm
