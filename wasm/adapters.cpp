// Conversions between JS values and the core, and C++ exceptions turned into JS Errors (see adapters.hpp).
#include "adapters.hpp"

#include <emscripten/em_js.h>
#include <emscripten/emscripten.h>

#include <malloc.h>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include "csv.hpp"
#include "experiment.hpp"
#include "linear_regression.hpp"
#include "surfaces.hpp"

namespace bp::wasm {

namespace {

// ---- errors ------------------------------------------------------------------------------------------

EM_JS(void, throw_js_error, (const char* message), { throw new Error(UTF8ToString(message)); });
// For a plain JS array: the index of its first entry that is not of type number, or −1 (typed arrays hold
// numbers only). Done in JS in one call instead of one Embind call per entry.
EM_JS(int, first_non_number, (emscripten::EM_VAL handle), {
  const value = Emval.toValue(handle);
  if (!Array.isArray(value)) return -1;
  for (let i = 0; i < value.length; i++) {
    if (typeof value[i] !== 'number') return i;
  }
  return -1;
});
// Whether `text` parses as JSON, so a syntax error never throws through C++ frames.
EM_JS(int, is_valid_json, (const char* text), {
  try {
    JSON.parse(UTF8ToString(text));
    return 1;
  } catch (e) {
    return 0;
  }
});

// Runs `body`; a C++ exception becomes a JS Error carrying its message. The C++ frames inside `body` are
// unwound by C++ first, and the message lives in a static string, so the JS throw leaks nothing.
template <class F>
auto guarded(F&& body) -> decltype(body()) {
  static std::string message;
  try {
    return body();
  } catch (const std::bad_alloc&) {
    message = "engine: out of memory (try a smaller network, batch or grid)";
  } catch (const std::exception& e) {
    message = e.what();
  } catch (...) {
    message = "engine: unexpected internal error";
  }
  throw_js_error(message.c_str());
  __builtin_unreachable();
}

std::string describe(const val& v) {
  const std::string type = v.typeOf().as<std::string>();
  if (type == "string") return "'" + v.as<std::string>() + "'";
  if (type == "undefined") return "undefined";
  return val::global("String")(v).as<std::string>();
}

[[noreturn]] void fail(const std::string& where, const std::string& what) {
  throw std::invalid_argument(where + ": " + what);
}

// ---- JS -> C++ -----------------------------------------------------------------------------------------

bool is_number(const val& v) { return v.typeOf().as<std::string>() == "number"; }

long long to_integer(const val& v, const std::string& where, const std::string& name, long long lo, long long hi) {
  const std::string range = std::to_string(lo) + ".." + std::to_string(hi);
  if (!is_number(v)) fail(where, name + " must be an integer in " + range + ", got " + describe(v));
  const double d = v.as<double>();
  if (!std::isfinite(d) || std::floor(d) != d || d < static_cast<double>(lo) || d > static_cast<double>(hi))
    fail(where, name + " must be an integer in " + range + ", got " + describe(v));
  return static_cast<long long>(d);
}

double to_number(const val& v, const std::string& where, const std::string& name) {
  if (!is_number(v) || !std::isfinite(v.as<double>()))
    fail(where, name + " must be a finite number, got " + describe(v));
  return v.as<double>();
}

std::string to_string(const val& v, const std::string& where, const std::string& name) {
  if (v.typeOf().as<std::string>() != "string") fail(where, name + " must be a string, got " + describe(v));
  return v.as<std::string>();
}

bool to_bool(const val& v, const std::string& where, const std::string& name) {
  if (v.typeOf().as<std::string>() != "boolean") fail(where, name + " must be true or false, got " + describe(v));
  return v.as<bool>();
}

bool is_array_like(const val& v) {
  return val::global("Array").call<bool>("isArray", v) || val::global("ArrayBuffer").call<bool>("isView", v);
}

// An options object: undefined means {}; any key not in `allowed` is refused (a typo must not pass silently).
val options_object(const val& options, const std::string& where, std::initializer_list<const char*> allowed) {
  if (options.isUndefined() || options.isNull()) return val::object();
  if (options.typeOf().as<std::string>() != "object" || is_array_like(options))
    fail(where, "options must be an object, got " + describe(options));
  const val keys = val::global("Object").call<val>("keys", options);
  const int count = keys["length"].as<int>();
  for (int i = 0; i < count; ++i) {
    const std::string key = keys[i].as<std::string>();
    bool known = false;
    std::string list;
    for (const char* a : allowed) {
      known = known || key == a;
      list += (list.empty() ? "'" : ", '") + std::string(a) + "'";
    }
    if (!known) fail(where, "unknown option '" + key + "' (known: " + list + ")");
  }
  return options;
}

bool has(const val& obj, const char* key) { return !obj[key].isUndefined(); }

bool is_plain_object(const val& v) {
  return v.typeOf().as<std::string>() == "object" && !v.isNull() && !is_array_like(v);
}

std::vector<double> to_doubles(const val& arr, const std::string& where, const std::string& name) {
  if (!is_array_like(arr)) fail(where, name + " must be an array or a Float64Array, got " + describe(arr));
  const int bad = first_non_number(arr.as_handle());
  if (bad >= 0) fail(where, name + "[" + std::to_string(bad) + "] must be a finite number, got " + describe(arr[bad]));
  const std::size_t n = arr["length"].as<std::size_t>();
  std::vector<double> out(n);
  const val f64 = val::global("Float64Array").new_(arr);  // converts any array-like of numbers
  emscripten::val view(emscripten::typed_memory_view(n, out.data()));
  view.call<void>("set", f64);
  for (std::size_t i = 0; i < n; ++i)
    if (!std::isfinite(out[i]))
      fail(where, name + "[" + std::to_string(i) + "] must be a finite number, got " + describe(arr[i]));
  return out;
}

// An example-major m × n matrix from a flat array of m·n numbers.
Matrix to_matrix(const val& arr, std::size_t m, std::size_t n, const std::string& where, const std::string& name) {
  const std::vector<double> flat = to_doubles(arr, where, name);
  if (flat.size() != m * n)
    fail(where, name + " must hold m × " + std::to_string(n) + " = " + std::to_string(m * n) + " numbers, got " +
                    std::to_string(flat.size()));
  Matrix out = Matrix::from_shape({m, n});
  std::copy(flat.begin(), flat.end(), out.data());
  return out;
}

// ---- C++ -> JS -----------------------------------------------------------------------------------------

// A fresh Float64Array holding a copy: it stays valid when wasm memory grows.
val f64_copy(const double* data, std::size_t n) {
  return val::global("Float64Array").new_(val(emscripten::typed_memory_view(n, data)));
}
val f64_copy(const Vector& v) { return f64_copy(v.data(), v.size()); }
val f64_copy(const Matrix& m) { return f64_copy(m.data(), m.size()); }
val f64_copy(const BatchMatrix& m) { return f64_copy(m.data(), m.size()); }

val number_or_null(double v) { return std::isfinite(v) ? val(v) : val::null(); }

val string_array(const std::vector<std::string>& items) {
  val arr = val::array();
  for (const auto& s : items) arr.call<void>("push", val(s));
  return arr;
}

// ---- shared option readers ----------------------------------------------------------------------------

std::size_t layer_index(const Network& net, const val& l, const std::string& where, std::size_t lo = 1) {
  return static_cast<std::size_t>(to_integer(l, where, "l", static_cast<long long>(lo),
                                             static_cast<long long>(net.num_layers())));
}

OptimizerConfig read_optimizer(const val& options, const OptimizerConfig& current, const std::string& where) {
  const val o = options_object(options, where, {"type", "lr", "momentum", "gamma", "beta1", "beta2", "eps"});
  OptimizerConfig c;  // omitted numbers take the course's defaults
  c.type = has(o, "type") ? to_string(o["type"], where, "type") : current.type;
  c.lr = has(o, "lr") ? to_number(o["lr"], where, "lr") : c.lr;
  c.momentum = has(o, "momentum") ? to_number(o["momentum"], where, "momentum") : c.momentum;
  c.gamma = has(o, "gamma") ? to_number(o["gamma"], where, "gamma") : c.gamma;
  c.beta1 = has(o, "beta1") ? to_number(o["beta1"], where, "beta1") : c.beta1;
  c.beta2 = has(o, "beta2") ? to_number(o["beta2"], where, "beta2") : c.beta2;
  c.eps = has(o, "eps") ? to_number(o["eps"], where, "eps") : c.eps;
  validate(c);
  return c;
}

val optimizer_object(const OptimizerConfig& c) {
  val o = val::object();
  o.set("type", c.type);
  o.set("lr", c.lr);
  o.set("momentum", c.momentum);
  o.set("gamma", c.gamma);
  o.set("beta1", c.beta1);
  o.set("beta2", c.beta2);
  o.set("eps", c.eps);
  return o;
}

Regularization read_regularization(const val& options, const std::string& where) {
  const val o = options_object(options, where, {"l1", "l2", "dropout"});
  Regularization r;
  r.l1 = has(o, "l1") ? to_number(o["l1"], where, "l1") : 0.0;
  r.l2 = has(o, "l2") ? to_number(o["l2"], where, "l2") : 0.0;
  r.dropout = has(o, "dropout") ? to_number(o["dropout"], where, "dropout") : 0.0;
  validate(r);
  return r;
}

NetworkConfig read_network_config(const val& options) {
  const std::string where = "Network";
  const val o = options_object(options, where, {"sizes", "hidden", "output", "loss", "init", "seed"});
  NetworkConfig c;
  if (!has(o, "sizes") || !val::global("Array").call<bool>("isArray", o["sizes"]))
    fail(where, "sizes must be an array of layer widths [n_0, …, n_L], got " + describe(o["sizes"]));
  const val sizes = o["sizes"];
  const int count = sizes["length"].as<int>();
  if (count < 2 || count > static_cast<int>(kMaxLayers) + 1)
    fail(where, "sizes must list 2.." + std::to_string(kMaxLayers + 1) + " layer widths, got " + std::to_string(count));
  for (int i = 0; i < count; ++i)
    c.sizes.push_back(static_cast<std::size_t>(
        to_integer(sizes[i], where, "sizes[" + std::to_string(i) + "]", 1, static_cast<long long>(kMaxWidth))));
  const std::size_t hidden_layers = c.sizes.size() - 2;
  const val hidden = has(o, "hidden") ? o["hidden"] : val("tanh");
  if (val::global("Array").call<bool>("isArray", hidden)) {
    const std::size_t given = hidden["length"].as<std::size_t>();
    if (given != hidden_layers)
      fail(where, "hidden must name one activation per hidden layer (" + std::to_string(hidden_layers) + "), got " +
                      std::to_string(given));
    for (std::size_t i = 0; i < given; ++i) {
      const std::string field = "hidden[" + std::to_string(i) + "]";
      c.hidden.push_back(parse_activation(to_string(hidden[i], where, field), where + ": " + field));
    }
  } else {
    c.hidden.assign(hidden_layers, parse_activation(to_string(hidden, where, "hidden"), where + ": hidden"));
  }
  // Output and loss: each defaults to the partner of the other (sigmoid+bce, softmax+cross_entropy, linear+mse).
  const bool has_output = has(o, "output"), has_loss = has(o, "loss");
  if (has_output) c.output = parse_activation(to_string(o["output"], where, "output"), where + ": output");
  if (has_loss) c.loss = parse_loss(to_string(o["loss"], where, "loss"), where + ": loss");
  if (has_output && !has_loss)
    c.loss = c.output == Activation::softmax ? Loss::cross_entropy : (c.output == Activation::sigmoid ? Loss::bce : Loss::mse);
  if (has_loss && !has_output)
    c.output = c.loss == Loss::cross_entropy ? Activation::softmax : (c.loss == Loss::bce ? Activation::sigmoid : Activation::linear);
  if (has(o, "init")) c.init = parse_init(to_string(o["init"], where, "init"), where + ": init");
  if (has(o, "seed")) c.seed = static_cast<std::uint64_t>(to_integer(o["seed"], where, "seed", 0, 9007199254740991LL));
  validate(c);
  return c;
}

val network_config_object(const NetworkConfig& c) {
  val o = val::object();
  val sizes = val::array();
  for (std::size_t s : c.sizes) sizes.call<void>("push", val(static_cast<double>(s)));
  o.set("sizes", sizes);
  val hidden = val::array();
  for (Activation a : c.hidden) hidden.call<void>("push", val(std::string(activation_name(a))));
  o.set("hidden", hidden);
  o.set("output", std::string(activation_name(c.output)));
  o.set("loss", std::string(loss_name(c.loss)));
  o.set("init", std::string(init_name(c.init)));
  o.set("seed", static_cast<double>(c.seed));
  return o;
}

std::vector<Feature> read_features(const val& list, const std::string& where) {
  if (!val::global("Array").call<bool>("isArray", list))
    fail(where, "features must be an array of feature names, got " + describe(list));
  std::vector<Feature> out;
  const std::size_t n = list["length"].as<std::size_t>();
  if (n == 0 || n > 7) fail(where, "features must name 1..7 features, got " + std::to_string(n));
  for (std::size_t i = 0; i < n; ++i) {
    const std::string field = "features[" + std::to_string(i) + "]";
    out.push_back(parse_feature(to_string(list[i], where, field), where + ": " + field));
  }
  return out;
}

std::pair<double, double> read_range(const val& v, const std::string& where, const std::string& name) {
  if (!is_array_like(v) || v["length"].as<int>() != 2)
    fail(where, name + " must be [min, max], got " + describe(v));
  return {to_number(v[0], where, name + "[0]"), to_number(v[1], where, name + "[1]")};
}

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

void NetworkHandle::set_weights(val l, val values) {
  guarded([&] {
    DenseLayer& layer = net_->layer(layer_index(*net_, l, "setWeights"));
    const std::vector<double> w = to_doubles(values, "setWeights", "values");
    if (w.size() != layer.W.size())
      fail("setWeights", "values must hold n_l · n_{l-1} = " + std::to_string(layer.W.size()) + " numbers, got " +
                             std::to_string(w.size()));
    std::copy(w.begin(), w.end(), layer.W.data());
  });
}

void NetworkHandle::set_biases(val l, val values) {
  guarded([&] {
    DenseLayer& layer = net_->layer(layer_index(*net_, l, "setBiases"));
    const std::vector<double> b = to_doubles(values, "setBiases", "values");
    if (b.size() != layer.b.size())
      fail("setBiases", "values must hold n_l = " + std::to_string(layer.b.size()) + " numbers, got " +
                            std::to_string(b.size()));
    std::copy(b.begin(), b.end(), layer.b.data());
  });
}

val NetworkHandle::forward(val X, val m) {
  return guarded([&] {
    const auto count = static_cast<std::size_t>(to_integer(m, "forward", "m", 1, kMaxBatch));
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
// A per-layer cache for inspection, refusing before the call that fills it.
template <class Get>
val layer_cache(const Network& net, const val& l, const std::string& where, bool needs_backward, Get get) {
  return guarded([&] {
    const DenseLayer& layer = net.layer(layer_index(net, l, where));
    if (!net.has_forward()) fail(where, "call forward (or step) first");
    if (needs_backward && !net.has_backward()) fail(where, "call backward (or step) after the last forward first");
    return f64_copy(get(layer));
  });
}
}  // namespace

val NetworkHandle::grad_weights(val l) const {
  return guarded([&] {
    const DenseLayer& layer = net_->layer(layer_index(*net_, l, "gradWeights"));
    if (!net_->has_backward()) fail("gradWeights", "call backward (or step) after the last forward first");
    return f64_copy(layer.dW);
  });
}

val NetworkHandle::grad_biases(val l) const {
  return guarded([&] {
    const DenseLayer& layer = net_->layer(layer_index(*net_, l, "gradBiases"));
    if (!net_->has_backward()) fail("gradBiases", "call backward (or step) after the last forward first");
    return f64_copy(layer.db);
  });
}

val NetworkHandle::predict(val X, val m) {
  return guarded([&] {
    const auto count = static_cast<std::size_t>(to_integer(m, "predict", "m", 1, kMaxBatch));
    return f64_copy(net_->predict(to_matrix(X, count, net_->config().sizes.front(), "predict", "X")));
  });
}

val NetworkHandle::classify(val X, val m) {
  return guarded([&] {
    const auto count = static_cast<std::size_t>(to_integer(m, "classify", "m", 1, kMaxBatch));
    const std::vector<std::size_t> classes =
        net_->classify(to_matrix(X, count, net_->config().sizes.front(), "classify", "X"));
    const std::vector<std::int32_t> out(classes.begin(), classes.end());
    return val::global("Int32Array").new_(val(emscripten::typed_memory_view(out.size(), out.data())));
  });
}

val NetworkHandle::z(val l) const {
  return layer_cache(*net_, l, "z", false, [](const DenseLayer& layer) -> const BatchMatrix& { return layer.Z; });
}

val NetworkHandle::a(val l) const {
  return guarded([&] {
    if (!net_->has_forward()) fail("a", "call forward (or step) first");
    const std::size_t index = layer_index(*net_, l, "a", 0);
    return index == 0 ? f64_copy(net_->input()) : f64_copy(net_->layer(index).A);
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
    const auto count = static_cast<std::size_t>(to_integer(m, "gradientCheck", "m", 1, 4096));
    const Matrix x = to_matrix(X, count, net_->config().sizes.front(), "gradientCheck", "X");
    const Matrix y = to_matrix(Y, count, net_->config().sizes.back(), "gradientCheck", "Y");
    const double e = eps.isUndefined() ? 1e-5 : to_number(eps, "gradientCheck", "eps");
    const GradientCheck check = net_->gradient_check(x, y, e);
    val o = val::object();
    o.set("maxRelativeError", check.max_relative_error);
    o.set("layer", static_cast<double>(check.layer));
    o.set("parameter", std::string(check.is_bias ? "b" : "W"));
    o.set("index", static_cast<double>(check.index));
    o.set("backprop", check.backprop);
    o.set("numeric", check.numeric);
    return o;
  });
}

val NetworkHandle::gradient_check(val X, val Y, val m, val eps) {
  return gradient_check_detail(X, Y, m, eps)["maxRelativeError"];
}

val NetworkHandle::to_json() const {
  return guarded([&] {
    val o = val::object();
    o.set("format", std::string("backprop-playground/network@1"));
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
    const std::string s = to_string(text, where, "text");
    if (!is_valid_json(s.c_str())) fail(where, "text is not valid JSON");
    const val o = val::global("JSON").call<val>("parse", val(s));
    if (!is_plain_object(o) ||
        !(o["format"].typeOf().as<std::string>() == "string" &&
          o["format"].as<std::string>() == "backprop-playground/network@1"))
      fail(where, "text is not a network saved by toJSON (format 'backprop-playground/network@1')");
    auto net = std::make_shared<Network>(read_network_config(o["config"]));
    const val layers = o["layers"];
    if (!val::global("Array").call<bool>("isArray", layers) ||
        layers["length"].as<std::size_t>() != net->num_layers())
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
    if (!val::global("Array").call<bool>("isArray", state) || state["length"].as<std::size_t>() != 2 * net->num_layers())
      fail(where, "state must list the optimizer state of " + std::to_string(2 * net->num_layers()) + " tensors");
    const auto& slots = net->parameter_slots();
    for (std::size_t s = 0; s < slots.size(); ++s) {
      if (!is_plain_object(state[s]))
        fail(where, "state[" + std::to_string(s) + "] must be an object of named arrays, got " + describe(state[s]));
      const val keys = val::global("Object").call<val>("keys", state[s]);
      for (int k = 0; k < keys["length"].as<int>(); ++k) {
        const std::string key = keys[k].as<std::string>();
        const std::vector<double> values = to_doubles(state[s][key], where, "state[" + std::to_string(s) + "]." + key);
        if (values.size() != slots[s].size) fail(where, "state[" + std::to_string(s) + "]." + key + " has the wrong size");
        Vector v = Vector::from_shape({values.size()});
        std::copy(values.begin(), values.end(), v.data());
        net->optimizer().set_state(s, key, v);
      }
    }
    net->optimizer().set_t(to_integer(o["t"], where, "t", 0, 9007199254740991LL));
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

val NetworkHandle::neuron_grid(val options) {
  return guarded([&] {
    const std::string where = "neuronGrid";
    const val o = options_object(options, where, {"features", "x1", "x2", "resolution"});
    std::vector<Feature> features;
    if (has(o, "features")) {
      features = read_features(o["features"], where);
    } else {
      if (net_->config().sizes.front() != 2) fail(where, "features must be given for a network with n_0 != 2");
      features = {Feature::x1, Feature::x2};
    }
    const auto x1 = has(o, "x1") ? read_range(o["x1"], where, "x1") : std::make_pair(-1.25, 1.25);
    const auto x2 = has(o, "x2") ? read_range(o["x2"], where, "x2") : std::make_pair(-1.25, 1.25);
    const auto res = has(o, "resolution") ? to_integer(o["resolution"], where, "resolution", 2, kMaxGridResolution) : 100;
    grid_.evaluate(*net_, features, x1.first, x1.second, x2.first, x2.second, static_cast<std::size_t>(res));
    const std::vector<float>& values = grid_.values();
    return val::global("Float32Array").new_(val(emscripten::typed_memory_view(values.size(), values.data())));
  });
}

void NetworkHandle::set_broken_derivative(val broken) {
  guarded([&] { net_->set_broken_derivative(to_bool(broken, "setBrokenDerivative", "broken")); });
}

val NetworkHandle::broken_derivative() const { return val(net_->broken_derivative()); }

// ---- module-level helpers -------------------------------------------------------------------------------

val linear_regression(val xs, val ys) {
  return guarded([&] {
    const LinearFit fit = bp::linear_regression(to_doubles(xs, "linearRegression", "xs"),
                                                to_doubles(ys, "linearRegression", "ys"));
    val o = val::object();
    o.set("w1", fit.w1);
    o.set("w0", fit.w0);
    o.set("rss", fit.rss);
    return o;
  });
}

val activation_values(val name, val zs) {
  return guarded([&] {
    const std::string where = "activation";
    const Activation act = parse_activation(to_string(name, where, "name"), where + ": name");
    if (act == Activation::softmax) fail(where, "name must be an element-wise activation; softmax normalizes a layer");
    const std::vector<double> z = to_doubles(zs, where, "zs");
    std::vector<double> a(z.size()), d(z.size());
    for (std::size_t i = 0; i < z.size(); ++i) {
      a[i] = activate(act, z[i]);
      d[i] = activation_derivative(act, z[i]);
    }
    val o = val::object();
    o.set("a", f64_copy(a.data(), a.size()));
    o.set("derivative", f64_copy(d.data(), d.size()));
    return o;
  });
}

}  // namespace bp::wasm

// ---- Dataset --------------------------------------------------------------------------------------------

namespace bp::wasm {

namespace {
val rows_of(const Matrix& M) { return f64_copy(M); }
}  // namespace

DatasetHandle* DatasetHandle::create(val options) {
  return guarded([&] {
    const std::string where = "Dataset";
    const val o = options_object(options, where, {"name", "n", "noise", "seed", "validationFraction", "features"});
    DataOptions data;
    data.name = has(o, "name") ? to_string(o["name"], where, "name") : "circle";
    if (has(o, "n")) {
      if (data.name == "iris") fail(where, "n does not apply to 'iris', which always has its 150 measured flowers");
      data.n = static_cast<std::size_t>(to_integer(o["n"], where, "n", 1, kMaxExamples));
    }
    if (has(o, "noise")) data.noise = to_number(o["noise"], where, "noise");
    if (has(o, "seed")) data.seed = static_cast<std::uint64_t>(to_integer(o["seed"], where, "seed", 0, 9007199254740991LL));
    if (has(o, "validationFraction"))
      data.validation_fraction = to_number(o["validationFraction"], where, "validationFraction");
    if (has(o, "features")) data.features = read_features(o["features"], where);
    return new DatasetHandle(prepare_data(data));
  });
}

DatasetHandle* DatasetHandle::from_csv(val text, val options) {
  return guarded([&] {
    const std::string where = "Dataset.fromCSV";
    const std::string csv = to_string(text, where, "text");
    const val o = options_object(options, where, {"targets", "task", "validationFraction", "seed"});
    const auto targets = has(o, "targets") ? to_integer(o["targets"], where, "targets", 1, 63) : 1;
    Task task = Task::regression;
    if (has(o, "task")) {
      const std::string t = to_string(o["task"], where, "task");
      if (t == "classification") task = Task::classification;
      else if (t != "regression") fail(where, "task must be 'regression' or 'classification', got '" + t + "'");
    }
    const double fraction = has(o, "validationFraction") ? to_number(o["validationFraction"], where, "validationFraction") : 0.2;
    const auto seed = has(o, "seed") ? to_integer(o["seed"], where, "seed", 0, 9007199254740991LL) : 1;
    return new DatasetHandle(prepare_data(parse_csv(csv, static_cast<std::size_t>(targets), task), fraction,
                                          static_cast<std::uint64_t>(seed)));
  });
}

val DatasetHandle::info() const {
  const Dataset& d = *data_.train;
  val o = val::object();
  o.set("name", d.name);
  o.set("task", std::string(task_name(d.task)));
  o.set("numClasses", static_cast<double>(d.num_classes));
  o.set("features", string_array(d.feature_names));
  o.set("targets", string_array(d.target_names));
  o.set("inputs", static_cast<double>(d.X.shape()[1]));
  o.set("outputs", static_cast<double>(d.Y.shape()[1]));
  o.set("nTrain", static_cast<double>(d.X.shape()[0]));
  o.set("nValidation", static_cast<double>(data_.validation->X.shape()[0]));
  o.set("labelNoise", d.label_noise);
  o.set("noiseSigma", d.noise_sigma);
  o.set("bayesKnown", d.bayes_known);
  o.set("bayesErrorRate", number_or_null(bayes_error_rate(d)));
  val bayes = val::object();
  for (Loss loss : {Loss::mse, Loss::bce, Loss::cross_entropy}) bayes.set(loss_name(loss), number_or_null(bayes_loss(d, loss)));
  o.set("bayesLoss", bayes);
  o.set("twoD", is_two_d(*data_.raw_train));
  return o;
}

val DatasetHandle::train_x() const { return rows_of(data_.train->X); }
val DatasetHandle::train_y() const { return rows_of(data_.train->Y); }
val DatasetHandle::validation_x() const { return rows_of(data_.validation->X); }
val DatasetHandle::validation_y() const { return rows_of(data_.validation->Y); }
val DatasetHandle::train_points() const { return rows_of(data_.raw_train->X); }
val DatasetHandle::validation_points() const { return rows_of(data_.raw_validation->X); }
val DatasetHandle::features() const { return string_array(data_.train->feature_names); }

// ---- Trainer --------------------------------------------------------------------------------------------

TrainerHandle::TrainerHandle(std::shared_ptr<Network> net, std::shared_ptr<const Dataset> train,
                             std::shared_ptr<const Dataset> validation, const TrainerConfig& config)
    : net_(std::move(net)), train_(std::move(train)), validation_(std::move(validation)) {
  trainer_ = std::make_unique<Trainer>(*net_, *train_, *validation_, config);
}

TrainerHandle* TrainerHandle::create(NetworkHandle& net, DatasetHandle& data, val options) {
  return guarded([&] {
    const std::string where = "Trainer";
    const val o = options_object(options, where, {"batchSize", "seed", "patience", "divergenceBound", "divergenceFactor"});
    TrainerConfig c;
    if (has(o, "batchSize")) c.batch_size = static_cast<std::size_t>(to_integer(o["batchSize"], where, "batchSize", 0, kMaxBatch));
    if (has(o, "seed")) c.seed = static_cast<std::uint64_t>(to_integer(o["seed"], where, "seed", 0, 9007199254740991LL));
    if (has(o, "patience")) c.patience = static_cast<std::size_t>(to_integer(o["patience"], where, "patience", 0, 100000));
    if (has(o, "divergenceBound")) c.divergence_bound = to_number(o["divergenceBound"], where, "divergenceBound");
    if (has(o, "divergenceFactor")) c.divergence_factor = to_number(o["divergenceFactor"], where, "divergenceFactor");
    return new TrainerHandle(net.network(), data.data().train, data.data().validation, c);
  });
}

val TrainerHandle::step() { return guarded([&] { return number_or_null(trainer_->step()); }); }

namespace {
val record_object(const EpochRecord& r) {
  val o = val::object();
  o.set("epoch", static_cast<double>(r.epoch));
  o.set("train", number_or_null(r.train_loss));
  o.set("validation", number_or_null(r.validation_loss));
  o.set("trainAccuracy", number_or_null(r.train_accuracy));
  o.set("validationAccuracy", number_or_null(r.validation_accuracy));
  return o;
}
}  // namespace

val TrainerHandle::step_rows(val rows) {
  return guarded([&] {
    const std::vector<double> given = to_doubles(rows, "stepRows", "rows");
    std::vector<std::uint32_t> indices;
    for (std::size_t i = 0; i < given.size(); ++i) {
      if (given[i] < 0 || given[i] != std::floor(given[i]) || given[i] > 4294967295.0)
        fail("stepRows", "rows[" + std::to_string(i) + "] must be a row index (an integer >= 0), got " + format_number(given[i]));
      indices.push_back(static_cast<std::uint32_t>(given[i]));
    }
    return number_or_null(trainer_->step_rows(indices));
  });
}

val TrainerHandle::run_epoch() { return guarded([&] { return record_object(trainer_->run_epoch()); }); }

val TrainerHandle::run(val epochs) {
  return guarded([&] {
    return val(static_cast<double>(trainer_->run(static_cast<std::size_t>(to_integer(epochs, "run", "epochs", 0, 1000000)))));
  });
}

val TrainerHandle::train_for(val milliseconds, val max_epochs) {
  return guarded([&] {
    const double budget = to_number(milliseconds, "trainFor", "milliseconds");
    if (budget < 0 || budget > 60000) fail("trainFor", "milliseconds must be in 0..60000, got " + describe(milliseconds));
    const auto limit = max_epochs.isUndefined() ? 1000000 : to_integer(max_epochs, "trainFor", "maxEpochs", 0, 1000000);
    const double start = emscripten_get_now();
    const std::size_t first_epoch = trainer_->epoch();
    std::size_t steps = 0;
    // Check the clock once per batch: a batch costs microseconds, a frame milliseconds.
    while (trainer_->status() == TrainerStatus::running &&
           trainer_->epoch() - first_epoch < static_cast<std::size_t>(limit) && emscripten_get_now() - start < budget) {
      trainer_->step();
      ++steps;
    }
    val o = val::object();
    o.set("steps", static_cast<double>(steps));
    o.set("epochs", static_cast<double>(trainer_->epoch() - first_epoch));
    o.set("status", status());
    return o;
  });
}

val TrainerHandle::history() const { return history_from(0); }

val TrainerHandle::history_from(val first) const {
  return guarded([&] {
    return history_from(static_cast<std::size_t>(to_integer(first, "historyFrom", "k", 0, 9007199254740991LL)));
  });
}

val TrainerHandle::history_from(std::size_t first) const {
  val train = val::array(), validation = val::array(), train_acc = val::array(), validation_acc = val::array();
  const bool classification = train_->task == Task::classification;
  const bool has_validation = validation_->X.shape()[0] > 0;
  const auto& records = trainer_->history();
  for (std::size_t e = first; e < records.size(); ++e) {
    const EpochRecord& r = records[e];
    train.call<void>("push", number_or_null(r.train_loss));
    if (has_validation) validation.call<void>("push", number_or_null(r.validation_loss));
    if (classification) {
      train_acc.call<void>("push", number_or_null(r.train_accuracy));
      if (has_validation) validation_acc.call<void>("push", number_or_null(r.validation_accuracy));
    }
  }
  val o = val::object();
  o.set("train", train);
  o.set("validation", validation);
  if (classification) {
    o.set("trainAccuracy", train_acc);
    o.set("validationAccuracy", validation_acc);
  }
  return o;
}

val TrainerHandle::epoch() const { return val(static_cast<double>(trainer_->epoch())); }
val TrainerHandle::step_in_epoch() const { return val(static_cast<double>(trainer_->step_in_epoch())); }
val TrainerHandle::batches_per_epoch() const { return val(static_cast<double>(trainer_->batches_per_epoch())); }

val TrainerHandle::status() const {
  switch (trainer_->status()) {
    case TrainerStatus::running: return val(std::string("running"));
    case TrainerStatus::diverged: return val(std::string("diverged"));
    case TrainerStatus::early_stopped: return val(std::string("early_stopped"));
  }
  return val::null();
}

val TrainerHandle::stop_reason() const { return val(trainer_->stop_reason()); }
val TrainerHandle::best_epoch() const { return val(static_cast<double>(trainer_->best_epoch())); }
void TrainerHandle::restore_best() { trainer_->restore_best(); }

val TrainerHandle::last_batch() const {
  const auto& rows = trainer_->last_batch();
  return val::global("Uint32Array").new_(val(emscripten::typed_memory_view(rows.size(), rows.data())));
}

void TrainerHandle::set_batch_size(val batch_size) {
  guarded([&] { trainer_->set_batch_size(static_cast<std::size_t>(to_integer(batch_size, "setBatchSize", "batchSize", 0, kMaxBatch))); });
}

void TrainerHandle::set_patience(val patience) {
  guarded([&] { trainer_->set_patience(static_cast<std::size_t>(to_integer(patience, "setPatience", "patience", 0, 100000))); });
}

val TrainerHandle::evaluate() const {
  return guarded([&] {
    const auto train = trainer_->evaluate(*train_);
    const auto validation = trainer_->evaluate(*validation_);
    val o = val::object();
    o.set("train", number_or_null(train.loss));
    o.set("validation", number_or_null(validation.loss));
    o.set("trainAccuracy", number_or_null(train.accuracy));
    o.set("validationAccuracy", number_or_null(validation.accuracy));
    return o;
  });
}

val dataset_names() { return string_array(bp::dataset_names()); }

val dataset_info(val name) {
  return guarded([&] {
    const DatasetInfo info = bp::dataset_info(to_string(name, "datasetInfo", "name"));
    val o = val::object();
    o.set("name", info.name);
    o.set("task", std::string(task_name(info.task)));
    o.set("inputs", static_cast<double>(info.num_features));
    o.set("outputs", static_cast<double>(info.num_outputs));
    o.set("numClasses", static_cast<double>(info.num_classes));
    o.set("maxNoise", info.max_noise);
    o.set("noiseMeaning", info.noise_meaning);
    o.set("description", info.description);
    o.set("twoD", info.num_features == 2);
    return o;
  });
}

val memory_stats() {
  const struct mallinfo info = mallinfo();
  val o = val::object();
  o.set("heapBytes", static_cast<double>(emscripten::val::module_property("HEAP8")["length"].as<double>()));
  o.set("usedBytes", static_cast<double>(info.uordblks));
  return o;
}

}  // namespace bp::wasm

// ---- loss surfaces and optimizer paths (lessons q7, q10, q11, b1) ------------------------------------------

namespace bp::wasm {

namespace {
// The data points of the rss and mse surfaces, when given.
Surface read_surface(const val& name, const val& o, const std::string& where) {
  const std::vector<double> xs = has(o, "xs") ? to_doubles(o["xs"], where, "xs") : std::vector<double>{};
  const std::vector<double> ys = has(o, "ys") ? to_doubles(o["ys"], where, "ys") : std::vector<double>{};
  return make_surface(to_string(name, where, "name"), xs, ys);
}

val trajectory_object(const Trajectory& path) {
  const std::size_t n = path.points.size();
  std::vector<double> t(n), epoch(n), x(n), y(n), value(n), gx(n), gy(n);
  for (std::size_t i = 0; i < n; ++i) {
    const TrajectoryPoint& p = path.points[i];
    t[i] = static_cast<double>(p.t);
    epoch[i] = static_cast<double>(p.epoch);
    x[i] = p.x;
    y[i] = p.y;
    value[i] = p.value;
    gx[i] = p.gx;
    gy[i] = p.gy;
  }
  val o = val::object();
  o.set("t", f64_copy(t.data(), n));
  o.set("epoch", f64_copy(epoch.data(), n));
  o.set("x", f64_copy(x.data(), n));
  o.set("y", f64_copy(y.data(), n));
  o.set("value", f64_copy(value.data(), n));
  o.set("gx", f64_copy(gx.data(), n));
  o.set("gy", f64_copy(gy.data(), n));
  // Each state name: 2n numbers, (x entry, y entry) after each step.
  val state = val::object();
  for (std::size_t s = 0; s < path.state_names.size(); ++s) {
    std::vector<double> flat(2 * n);
    for (std::size_t i = 0; i < n; ++i) {
      flat[2 * i] = path.points[i].state[s][0];
      flat[2 * i + 1] = path.points[i].state[s][1];
    }
    state.set(path.state_names[s], f64_copy(flat.data(), flat.size()));
  }
  o.set("state", state);
  o.set("stoppedEarly", path.stopped_early);
  o.set("stopReason", path.stop_reason);
  return o;
}

std::pair<double, double> read_start(const val& o, const Surface& s, const std::string& where) {
  if (!has(o, "start")) return {s.start_x, s.start_y};
  const auto start = read_range(o["start"], where, "start");  // two finite numbers
  return start;
}
}  // namespace

val surface_names() { return string_array(bp::surface_names()); }

val surface_info(val name, val options) {
  return guarded([&] {
    const std::string where = "surface";
    const val o = options_object(options, where, {"xs", "ys"});
    const Surface s = read_surface(name, o, where);
    val info = val::object();
    info.set("name", s.name);
    info.set("formula", s.formula);
    info.set("xmin", s.xmin);
    info.set("xmax", s.xmax);
    info.set("ymin", s.ymin);
    info.set("ymax", s.ymax);
    val start = val::array();
    start.call<void>("push", s.start_x);
    start.call<void>("push", s.start_y);
    info.set("start", start);
    if (s.has_minimum) {
      val minimum = val::object();
      minimum.set("x", s.min_x);
      minimum.set("y", s.min_y);
      minimum.set("value", s.min_value);
      info.set("minimum", minimum);
    } else {
      info.set("minimum", val::null());
    }
    info.set("bound", s.bound);
    return info;
  });
}

val surface_point(val name, val x, val y, val options) {
  return guarded([&] {
    const std::string where = "surfacePoint";
    const Surface s = read_surface(name, options_object(options, where, {"xs", "ys"}), where);
    const double px = to_number(x, where, "x"), py = to_number(y, where, "y");
    const auto g = s.gradient(px, py);
    val o = val::object();
    o.set("value", number_or_null(s.value(px, py)));
    o.set("gx", number_or_null(g[0]));
    o.set("gy", number_or_null(g[1]));
    return o;
  });
}

val surface_grid(val name, val options) {
  return guarded([&] {
    const std::string where = "surfaceGrid";
    const val o = options_object(options, where, {"xs", "ys", "nx", "ny"});
    const Surface s = read_surface(name, o, where);
    const auto nx = has(o, "nx") ? to_integer(o["nx"], where, "nx", 2, kMaxGridSide) : 100;
    const auto ny = has(o, "ny") ? to_integer(o["ny"], where, "ny", 2, kMaxGridSide) : nx;
    std::vector<double> values;
    bp::surface_grid(s, static_cast<std::size_t>(nx), static_cast<std::size_t>(ny), values);
    return f64_copy(values.data(), values.size());
  });
}

val surface_trajectory(val name, val options) {
  return guarded([&] {
    const std::string where = "trajectory";
    const val o = options_object(options, where, {"xs", "ys", "optimizer", "start", "steps"});
    const Surface s = read_surface(name, o, where);
    const OptimizerConfig config = read_optimizer(o["optimizer"], OptimizerConfig{}, where + ": optimizer");
    const auto [x0, y0] = read_start(o, s, where);
    const auto steps = has(o, "steps") ? to_integer(o["steps"], where, "steps", 0, kMaxPathSteps) : 100;
    return trajectory_object(bp::trajectory(s, config, x0, y0, static_cast<std::size_t>(steps)));
  });
}

val minibatch_path(val options) {
  return guarded([&] {
    const std::string where = "minibatchPath";
    const val o = options_object(options, where, {"xs", "ys", "batchSize", "seed", "epochs", "optimizer", "start"});
    if (!has(o, "xs") || !has(o, "ys")) fail(where, "xs and ys (the data points) are required");
    const std::vector<double> xs = to_doubles(o["xs"], where, "xs"), ys = to_doubles(o["ys"], where, "ys");
    const auto batch = has(o, "batchSize") ? to_integer(o["batchSize"], where, "batchSize", 0, kMaxExamples) : 0;
    const auto seed = has(o, "seed") ? to_integer(o["seed"], where, "seed", 0, 9007199254740991LL) : 1;
    const auto epochs = has(o, "epochs") ? to_integer(o["epochs"], where, "epochs", 1, 10000) : 10;
    const OptimizerConfig config = read_optimizer(o["optimizer"], OptimizerConfig{}, where + ": optimizer");
    const Surface s = make_surface("mse", xs, ys);
    const auto [w1, w0] = read_start(o, s, where);
    return trajectory_object(bp::minibatch_trajectory(xs, ys, static_cast<std::size_t>(batch),
                                                      static_cast<std::uint64_t>(seed), static_cast<std::size_t>(epochs),
                                                      config, w1, w0));
  });
}

}  // namespace bp::wasm
