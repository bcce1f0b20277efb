// `bp.Network`: the network handle's calls, each converting its arguments and forwarding to core/network.
#include "adapters.hpp"
#include "limits.hpp"
#include "handles.hpp"

#include <cmath>
#include <memory>
#include <string>

namespace bp::wasm {

namespace {
// The longest text fromJSON reads: the largest network the limits allow, saved with Adam's state, is ~4 MB.
constexpr std::size_t kMaxSavedNetworkBytes = 16u << 20;
}  // namespace

// ---- Network -------------------------------------------------------------------------------------------

NetworkHandle* NetworkHandle::create(val options) {
  return guarded([&] { return new NetworkHandle(std::make_shared<Network>(read_network_config(options))); });
}

val NetworkHandle::num_layers() const { return val(static_cast<double>(net_->num_layers())); }

val NetworkHandle::sizes() const {
  val arr = val::array();
  for (std::size_t s : net_->config().sizes) arr.call<void>("push", val(static_cast<double>(s)));
  return arr;
}

val NetworkHandle::config() const { return network_config_object(net_->config()); }

val NetworkHandle::weights(val l) const {
  return guarded([&] { return f64_copy(net_->layer(layer_index(*net_, l, "weights")).W); });
}

val NetworkHandle::biases(val l) const {
  return guarded([&] { return f64_copy(net_->layer(layer_index(*net_, l, "biases")).b); });
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
  guarded([&] {
    DenseLayer& layer = net_->layer(layer_index(*net_, l, "setWeights"));
    set_parameter(values, layer.W.data(), layer.W.size(), "setWeights", "n_l · n_{l-1}");
  });
}

void NetworkHandle::set_biases(val l, val values) {
  guarded([&] {
    DenseLayer& layer = net_->layer(layer_index(*net_, l, "setBiases"));
    set_parameter(values, layer.b.data(), layer.b.size(), "setBiases", "n_l");
  });
}

val NetworkHandle::forward(val X, val m) {
  return guarded([&] {
    const auto count = static_cast<std::size_t>(to_integer(m, "forward", "m", 1, kMaxBatch));
    net_->check_batch(count, "forward");
    const Matrix Y_hat = net_->forward(to_matrix(X, count, net_->config().sizes.front(), "forward", "X"));
    return f64_copy(Y_hat);
  });
}

val NetworkHandle::backward(val Y) {
  return guarded([&] {
    if (!net_->has_forward()) fail("backward", "call forward (or step) before backward");
    const std::size_t m = net_->batch_size(), nL = net_->config().sizes.back();
    return val(net_->backward(to_matrix(Y, m, nL, "backward", "Y")));
  });
}

namespace {
// A cache or gradient as the API hands it out: finite, or refused saying why (a Trainer's step that diverged
// leaves what it computed in the caches, for inspection by the core, never as numbers for a script).
template <class T>
val finite_copy(const T& values, const std::string& where, const char* what) {
  if (!all_finite(values.data(), values.size()))
    fail(where, std::string(what) + " is not finite: the step that computed it overflowed (the weights or inputs "
                                    "are too large; see the trainer's stop reason)");
  return f64_copy(values);
}

// A per-layer cache for inspection, refusing before the call that fills it.
template <class Get>
val layer_cache(const Network& net, const val& l, const std::string& where, bool needs_backward, Get get) {
  return guarded([&] {
    const DenseLayer& layer = net.layer(layer_index(net, l, where));
    if (!net.has_forward()) fail(where, "call forward (or step) first");
    if (needs_backward && !net.has_backward()) fail(where, "call backward (or step) after the last forward first");
    return finite_copy(get(layer), where, "the cache");
  });
}
}  // namespace

val NetworkHandle::grad_weights(val l) const {
  return guarded([&] {
    const DenseLayer& layer = net_->layer(layer_index(*net_, l, "gradWeights"));
    if (!net_->has_backward()) fail("gradWeights", "call backward (or step) after the last forward first");
    return finite_copy(layer.dW, "gradWeights", "dW");
  });
}

val NetworkHandle::grad_biases(val l) const {
  return guarded([&] {
    const DenseLayer& layer = net_->layer(layer_index(*net_, l, "gradBiases"));
    if (!net_->has_backward()) fail("gradBiases", "call backward (or step) after the last forward first");
    return finite_copy(layer.db, "gradBiases", "db");
  });
}

namespace {
// The optional weights of an evaluation call: none (undefined), or read_parameters' tensors.
std::unique_ptr<std::vector<Vector>> optional_parameters(const val& v, const Network& net, const std::string& where) {
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
  return guarded([&] {
    const Matrix x = evaluation_input(*net_, X, m, "predict");
    const auto p = optional_parameters(parameters, *net_, "predict");
    return f64_copy(net_->predict(x, p.get()));
  });
}

val NetworkHandle::classify(val X, val m, val parameters) {
  return guarded([&] {
    const Matrix x = evaluation_input(*net_, X, m, "classify");
    const auto p = optional_parameters(parameters, *net_, "classify");
    return int32_copy(net_->classify(x, p.get()));
  });
}

val NetworkHandle::activations(val X, val m, val parameters) {
  return guarded([&] {
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
  });
}

val NetworkHandle::parameters() const {
  return guarded([&] {
    val W = val::array(), b = val::array();
    for (std::size_t l = 1; l <= net_->num_layers(); ++l) {
      W.call<void>("push", f64_copy(net_->layer(l).W));
      b.call<void>("push", f64_copy(net_->layer(l).b));
    }
    val o = val::object();
    o.set("W", W);
    o.set("b", b);
    return o;
  });
}

val NetworkHandle::sigma_prime(val l) const {
  return guarded([&] {
    const std::size_t index = layer_index(*net_, l, "sigmaPrime");
    return finite_copy(net_->sigma_prime(index, "sigmaPrime"), "sigmaPrime", "the cache");
  });
}

val NetworkHandle::z(val l) const {
  return layer_cache(*net_, l, "z", false, [](const DenseLayer& layer) -> const BatchMatrix& { return layer.Z; });
}

val NetworkHandle::a(val l) const {
  return guarded([&] {
    if (!net_->has_forward()) fail("a", "call forward (or step) first");
    const std::size_t index = layer_index(*net_, l, "a", 0);
    return index == 0 ? finite_copy(net_->input(), "a", "A^[0]") : finite_copy(net_->layer(index).A, "a", "A^[l]");
  });
}

val NetworkHandle::dz(val l) const {
  return layer_cache(*net_, l, "dz", true, [](const DenseLayer& layer) -> const BatchMatrix& { return layer.dZ; });
}

val NetworkHandle::da(val l) const {
  return layer_cache(*net_, l, "da", true, [](const DenseLayer& layer) -> const BatchMatrix& { return layer.dA; });
}

val NetworkHandle::dropout_mask(val l) const {
  return guarded([&] {
    const DenseLayer& layer = net_->layer(layer_index(*net_, l, "dropoutMask"));
    if (!layer.dropped) return val::null();
    return f64_copy(layer.mask);
  });
}

void NetworkHandle::set_optimizer(val options) {
  guarded([&] { net_->set_optimizer(read_optimizer(options, net_->optimizer().config(), "setOptimizer")); });
}

val NetworkHandle::optimizer() const { return optimizer_object(net_->optimizer().config()); }

void NetworkHandle::set_regularization(val options) {
  guarded([&] { net_->set_regularization(read_regularization(options, "setRegularization")); });
}

val NetworkHandle::regularization() const {
  val o = val::object();
  o.set("l1", net_->regularization().l1);
  o.set("l2", net_->regularization().l2);
  o.set("dropout", net_->regularization().dropout);
  return o;
}

val NetworkHandle::regularization_loss() const { return val(net_->regularization_loss()); }

val NetworkHandle::step(val X, val Y, val m) {
  return guarded([&] {
    const auto count = static_cast<std::size_t>(to_integer(m, "step", "m", 1, kMaxBatch));
    net_->check_batch(count, "step");
    const Matrix x = to_matrix(X, count, net_->config().sizes.front(), "step", "X");
    const Matrix y = to_matrix(Y, count, net_->config().sizes.back(), "step", "Y");
    return val(net_->step(x, y));
  });
}

val NetworkHandle::optimizer_state(val l) const {
  return guarded([&] {
    const std::size_t index = layer_index(*net_, l, "optimizerState");
    const Optimizer& opt = net_->optimizer();
    // The top-level names hold W^[l]'s state, `b` the same names for b^[l].
    val state = val::object();
    val bias = val::object();
    for (const auto& [name, value] : opt.state(2 * (index - 1))) state.set(name, f64_copy(value));
    for (const auto& [name, value] : opt.state(2 * (index - 1) + 1)) bias.set(name, f64_copy(value));
    state.set("b", bias);
    state.set("t", static_cast<double>(opt.t()));
    return state;
  });
}

val NetworkHandle::gradient_check_detail(val X, val Y, val m, val eps) {
  return guarded([&] {
    const auto count =
        static_cast<std::size_t>(to_integer(m, "gradientCheck", "m", 1, kMaxGradientCheckBatch));
    const Matrix x = to_matrix(X, count, net_->config().sizes.front(), "gradientCheck", "X");
    const Matrix y = to_matrix(Y, count, net_->config().sizes.back(), "gradientCheck", "Y");
    const double e = eps.isUndefined() ? 1e-5 : to_number(eps, "gradientCheck", "eps");
    const GradientCheck check = net_->gradient_check(x, y, e);
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
  });
}

val NetworkHandle::gradient_check(val X, val Y, val m, val eps) {
  const val detail = gradient_check_detail(X, Y, m, eps);
  return detail.isUndefined() ? detail : detail["maxRelativeError"];  // undefined: refused
}

val NetworkHandle::to_json() const {
  return guarded([&] {
    val o = val::object();
    o.set("format", text("backprop-playground/network@1"));
    o.set("config", network_config_object(net_->config()));
    val layers = val::array();
    for (std::size_t l = 1; l <= net_->num_layers(); ++l) {
      val layer = val::object();
      layer.set("W", val::global("Array").call<val>("from", f64_copy(net_->layer(l).W)));
      layer.set("b", val::global("Array").call<val>("from", f64_copy(net_->layer(l).b)));
      layers.call<void>("push", layer);
    }
    o.set("layers", layers);
    o.set("optimizer", optimizer_object(net_->optimizer().config()));
    o.set("t", static_cast<double>(net_->optimizer().t()));
    val state = val::array();
    for (std::size_t s = 0; s < 2 * net_->num_layers(); ++s) {
      val named = val::object();
      for (const auto& [name, value] : net_->optimizer().state(s))
        if (name != "mhat" && name != "vhat") named.set(name, val::global("Array").call<val>("from", f64_copy(value)));
      state.call<void>("push", named);
    }
    o.set("state", state);
    o.set("regularization", regularization());
    // JSON.stringify writes each double in the shortest form that reads back to the same bits.
    return val::global("JSON").call<val>("stringify", o);
  });
}

NetworkHandle* NetworkHandle::from_json(val text) {
  return guarded([&] {
    const std::string where = "Network.fromJSON";
    const val o = parse_json(text, where, "text", kMaxSavedNetworkBytes);
    if (!is_plain_object(o) || !is_string(o["format"]) ||
        to_string(o["format"], where, "format") != "backprop-playground/network@1")
      fail(where, "text is not a network saved by toJSON (format 'backprop-playground/network@1')");
    auto net = std::make_shared<Network>(read_network_config(o["config"]));
    const val layers = o["layers"];
    if (!is_plain_array(layers) || array_length(layers) != net->num_layers())
      fail(where, "layers must list " + std::to_string(net->num_layers()) + " layers");
    for (std::size_t l = 1; l <= net->num_layers(); ++l) {
      DenseLayer& layer = net->layer(l);
      const std::string name = "layers[" + std::to_string(l - 1) + "]";
      if (!is_plain_object(layers[l - 1])) fail(where, name + " must be an object {W, b}, got " + describe(layers[l - 1]));
      const std::vector<double> W = to_doubles(layers[l - 1]["W"], where, name + ".W");
      const std::vector<double> b = to_doubles(layers[l - 1]["b"], where, name + ".b");
      if (W.size() != layer.W.size() || b.size() != layer.b.size()) fail(where, name + " has the wrong number of entries");
      std::copy(W.begin(), W.end(), layer.W.data());
      std::copy(b.begin(), b.end(), layer.b.data());
    }
    net->set_optimizer(read_optimizer(o["optimizer"], OptimizerConfig{}, where + ": optimizer"));
    net->set_regularization(read_regularization(o["regularization"], where + ": regularization"));
    const val state = o["state"];
    if (!is_plain_array(state) || array_length(state) != 2 * net->num_layers())
      fail(where, "state must list the optimizer state of " + std::to_string(2 * net->num_layers()) + " tensors");
    const auto& slots = net->parameter_slots();
    for (std::size_t s = 0; s < slots.size(); ++s) {
      if (!is_plain_object(state[s]))
        fail(where, "state[" + std::to_string(s) + "] must be an object of named arrays, got " + describe(state[s]));
      const val keys = val::global("Object").call<val>("keys", state[s]);
      for (std::size_t k = 0; k < array_length(keys); ++k) {
        const std::string key = to_string(keys[k], where, "a state name");
        const std::vector<double> values = to_doubles(state[s][key], where, "state[" + std::to_string(s) + "]." + key);
        if (values.size() != slots[s].size) fail(where, "state[" + std::to_string(s) + "]." + key + " has the wrong size");
        Vector v = Vector::from_shape({values.size()});
        std::copy(values.begin(), values.end(), v.data());
        net->optimizer().set_state(s, key, v);
      }
    }
    net->optimizer().set_t(to_integer(o["t"], where, "t", 0, bp::kMaxSafeInteger));
    return new NetworkHandle(net);
  });
}

val NetworkHandle::collapse() const {
  return guarded([&] {
    const auto [W, b] = net_->collapse();
    val o = val::object();
    o.set("W", f64_copy(W));
    o.set("b", f64_copy(b));
    return o;
  });
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
  const auto res = has(o, "resolution") ? to_integer(o["resolution"], where, "resolution", 2, kMaxGridResolution) : 100;
  const auto p = has(o, "parameters") ? optional_parameters(o["parameters"], *net_, where) : nullptr;
  grid_.evaluate(*net_, features, x1.first, x1.second, x2.first, x2.second, static_cast<std::size_t>(res), p.get());
}

val NetworkHandle::neuron_grid(val options) {
  return guarded([&] {
    evaluate_grid(options, "neuronGrid");
    const std::vector<float>& values = grid_.values();
    return val::global("Float32Array").new_(val(emscripten::typed_memory_view(values.size(), values.data())));
  });
}

val NetworkHandle::class_grid(val options) {
  return guarded([&] {
    evaluate_grid(options, "classGrid");
    const std::vector<std::int32_t>& classes = grid_.classes();
    return val::global("Int32Array").new_(val(emscripten::typed_memory_view(classes.size(), classes.data())));
  });
}

void NetworkHandle::set_broken_derivative(val broken) {
  guarded([&] { net_->set_broken_derivative(to_bool(broken, "setBrokenDerivative", "broken")); });
}

val NetworkHandle::broken_derivative() const { return val(net_->broken_derivative()); }


}  // namespace bp::wasm
