// Conversions between JS values and the core (options objects, arrays, typed arrays <-> xtensor), and C++
// exceptions turned into JS Errors: the one adapter file of the JS boundary (see adapters.hpp).
#include "adapters.hpp"

#include <emscripten/em_js.h>
#include <emscripten/emscripten.h>

#include <cmath>
#include <stdexcept>
#include <string>

namespace bp::wasm {

// ---- errors ------------------------------------------------------------------------------------------

namespace {
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
}  // namespace

const char* keep_message(const char* message) {
  static std::string kept;
  kept = message;
  return kept.c_str();
}

// The one place a message becomes a JS Error.
void throw_as_js_error(const char* message) {
  throw_js_error(message);
  __builtin_unreachable();
}

bool is_valid_json_text(const std::string& text) { return is_valid_json(text.c_str()) != 0; }

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

std::size_t layer_index(const Network& net, const val& l, const std::string& where, std::size_t lo) {
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


}  // namespace bp::wasm
