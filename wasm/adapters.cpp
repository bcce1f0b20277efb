// Conversions between JS values and the core (options objects, arrays, typed arrays <-> xtensor), and C++
// exceptions turned into JS Errors: the one adapter file of the JS boundary (see adapters.hpp).
#include "adapters.hpp"

#include <emscripten/em_js.h>
#include <emscripten/emscripten.h>

#include <cmath>
#include <stdexcept>
#include <string>

#include "limits.hpp"

namespace bp::wasm {

// ---- the JS side of the adapter -------------------------------------------------------------------------
// Small JS helpers that read JS values into wasm memory the engine allocated itself (so an allocation that
// fails is a C++ std::bad_alloc, caught by `guarded`), and never throw into C++ frames. bpPendingError,
// bpEncoded, bpDescribe, bpTextEncoder and bpTextDecoder live in wasm/api.js, in the same module scope.

namespace {
// What kind of JS value a handle holds (JsKind below).
// The EM_JS bodies are JavaScript, which clang-format would break (=== into == =).
// clang-format off
EM_JS(int, js_kind, (emscripten::EM_VAL handle), {
  try {
    const v = Emval.toValue(handle);
    if (v === undefined) return 0;
    if (v === null) return 1;
    switch (typeof v) {
      case "boolean": return 2;
      case "number": return 3;
      case "string": return 4;
      case "object": break;
      default: return 9;
    }
    if (Array.isArray(v)) return 5;
    if (ArrayBuffer.isView(v)) {
      if (v instanceof DataView) return 9;
      return (typeof BigInt64Array != "undefined" && (v instanceof BigInt64Array || v instanceof BigUint64Array)) ? 7 : 6;
    }
    return 8;
  } catch (e) {
    return 9;
  }
});
enum JsKind { kUndefined = 0, kNull, kBoolean, kNumber, kString, kArray, kTypedArray, kBigIntArray, kObject, kOther };

// The length of a string (UTF-16 units), array or typed array; −1 if it has none.
EM_JS(double, js_length, (emscripten::EM_VAL handle), {
  try {
    const n = Emval.toValue(handle).length;
    return typeof n == "number" ? n : -1;
  } catch (e) {
    return -1;
  }
});
// Encodes a string as UTF-8 (a lone surrogate becomes U+FFFD and never swallows the next character),
// keeps the bytes on the JS side and returns their count; js_take_encoded then copies them into wasm memory.
EM_JS(double, js_encode, (emscripten::EM_VAL handle), {
  bpEncoded = bpTextEncoder.encode(Emval.toValue(handle));
  return bpEncoded.length;
});
EM_JS(void, js_take_encoded, (char* out), {
  HEAPU8.set(bpEncoded, out);
  bpEncoded = null;
});
// Copies an array or typed array of n numbers into out; returns the index of the first entry that is not a
// finite number (holes, strings, null, NaN, ±Infinity), −1 when all are, −2 when the buffer was detached.
EM_JS(double, js_copy_numbers, (emscripten::EM_VAL handle, double* out, double n), {
  const v = Emval.toValue(handle);
  const start = out >> 3;
  if (Array.isArray(v)) {
    for (let i = 0; i < n; i++) {
      const x = v[i];
      if (typeof x != "number" || !isFinite(x)) return i;
      HEAPF64[start + i] = x;
    }
    return -1;
  }
  try {
    HEAPF64.set(v, start);
  } catch (e) {
    return -2;  // a typed array whose buffer was detached (transferred)
  }
  for (let i = 0; i < n; i++) if (!isFinite(HEAPF64[start + i])) return i;
  return -1;
});
EM_JS(emscripten::EM_VAL, js_describe, (emscripten::EM_VAL handle), { return Emval.toHandle(bpDescribe(Emval.toValue(handle))); });
EM_JS(emscripten::EM_VAL, js_text, (const char* bytes, double n), {
  return Emval.toHandle(bpTextDecoder.decode(HEAPU8.subarray(bytes, bytes + n)));
});
EM_JS(emscripten::EM_VAL, js_numbers_or_nulls, (const double* values, double n), {
  const out = new Array(n);
  for (let i = 0; i < n; i++) {
    const x = HEAPF64[(values >> 3) + i];
    out[i] = isFinite(x) ? x : null;
  }
  return Emval.toHandle(out);
});
EM_JS(void, js_set_pending_error, (const char* bytes, double n), {
  bpPendingError = bpTextDecoder.decode(HEAPU8.subarray(bytes, bytes + n));
});
// clang-format on

int kind_of(const val& v) {
  return js_kind(v.as_handle());
}

// Reads a JS string into a std::string (the caller has checked that it is one), at most max_bytes of UTF-8.
std::string read_string(const val& v, std::size_t max_bytes, const std::string& where,
                        const std::string& name) {
  const double units = js_length(v.as_handle());
  const auto too_long = [&](double size, const char* unit) {
    fail(where, name + " is " + std::to_string(static_cast<unsigned long long>(size)) + " " + unit +
                    " long, more than the limit of " + std::to_string(max_bytes) + " bytes");
  };
  // Every UTF-16 unit takes at least one UTF-8 byte: a string this long is refused before it is encoded.
  if (units > static_cast<double>(max_bytes)) too_long(units, "characters");
  const double bytes = js_encode(v.as_handle());
  if (bytes > static_cast<double>(max_bytes)) too_long(bytes, "bytes");
  std::string out(static_cast<std::size_t>(bytes), '\0');
  js_take_encoded(out.data());
  return out;
}
}  // namespace

// ---- errors ------------------------------------------------------------------------------------------

void report_error(const char* message) noexcept {
  // Cut long messages at a character boundary; no allocation, so out of memory is reported too.
  constexpr std::size_t kMaxMessageBytes = 2000;
  std::size_t n = 0;
  while (n < kMaxMessageBytes && message[n] != '\0') ++n;
  if (message[n] != '\0')
    while (n > 0 && (static_cast<unsigned char>(message[n]) & 0xC0) == 0x80) --n;
  js_set_pending_error(message, static_cast<double>(n));
}

void report_error(const FieldError& error) noexcept {
  // The core's settings whose JS names differ (the others are spelled alike).
  static const std::pair<const char*, const char*> kApiNames[] = {
      {"validation_fraction", "validationFraction"},
      {"batch_size", "batchSize"},
      {"target_columns", "targets"},
      {"divergence_bound", "divergenceBound"},
      {"divergence_factor", "divergenceFactor"}};
  try {
    for (const auto& [field, api] : kApiNames)
      if (error.field() == field) return report_error(error.said_as(api).c_str());
  } catch (const std::exception&) {  // out of memory while renaming: the message as the core wrote it
  }
  report_error(error.what());
}

[[noreturn]] void fail(const std::string& where, const std::string& what) {
  throw std::invalid_argument(where + ": " + what);
}

std::string describe(const val& v) {
  return read_string(val::take_ownership(js_describe(v.as_handle())), 4 * kMaxNameBytes, "describe", "text");
}

// ---- JS -> C++ -----------------------------------------------------------------------------------------

bool is_number(const val& v) {
  return kind_of(v) == kNumber;
}
bool is_string(const val& v) {
  return kind_of(v) == kString;
}

long long to_integer(const val& v, const std::string& where, const std::string& name, long long lo,
                     long long hi) {
  const auto refuse = [&] {
    fail(where, name + " must be an integer in " + std::to_string(lo) + ".." + std::to_string(hi) + ", got " +
                    describe(v));
  };
  if (!is_number(v)) refuse();
  const double d = v.as<double>();
  if (!std::isfinite(d) || std::floor(d) != d || d < static_cast<double>(lo) || d > static_cast<double>(hi))
    refuse();
  return static_cast<long long>(d);
}

double to_number(const val& v, const std::string& where, const std::string& name) {
  if (!is_number(v) || !std::isfinite(v.as<double>()))
    fail(where, name + " must be a finite number, got " + describe(v));
  return v.as<double>();
}

std::string to_string(const val& v, const std::string& where, const std::string& name,
                      std::size_t max_bytes) {
  if (!is_string(v)) fail(where, name + " must be a string, got " + describe(v));
  return read_string(v, max_bytes, where, name);
}

bool to_bool(const val& v, const std::string& where, const std::string& name) {
  if (kind_of(v) != kBoolean) fail(where, name + " must be true or false, got " + describe(v));
  return v.as<bool>();
}

bool is_array_like(const val& v) {
  const int kind = kind_of(v);
  return kind == kArray || kind == kTypedArray || kind == kBigIntArray;
}
bool is_plain_array(const val& v) {
  return kind_of(v) == kArray;
}
bool is_plain_object(const val& v) {
  return kind_of(v) == kObject;
}

std::size_t array_length(const val& v) {
  const double n = js_length(v.as_handle());
  return n < 0 ? 0 : static_cast<std::size_t>(n);
}

// An options object: undefined means {}; any key not in `allowed` is refused (a typo must not pass silently).
val options_object(const val& options, const std::string& where, std::initializer_list<const char*> allowed) {
  const int kind = kind_of(options);
  if (kind == kUndefined || kind == kNull) return val::object();
  if (kind != kObject) fail(where, "options must be an object, got " + describe(options));
  const val keys = val::global("Object").call<val>("keys", options);
  const std::size_t count = array_length(keys);
  for (std::size_t i = 0; i < count; ++i) {
    const std::string key = to_string(keys[i], where, "an option name");
    bool known = false;
    std::string list;
    for (const char* a : allowed) {
      known = known || key == a;
      list += (list.empty() ? "'" : ", '") + std::string(a) + "'";
    }
    if (!known) fail(where, "unknown option " + describe(keys[i]) + " (known: " + list + ")");
  }
  return options;
}

bool has(const val& obj, const char* key) {
  return !obj[key].isUndefined();
}

std::vector<double> to_doubles(const val& arr, const std::string& where, const std::string& name) {
  const int kind = kind_of(arr);
  if (kind == kBigIntArray)
    fail(where, name + " must hold numbers, got " + describe(arr) + " (convert BigInts to numbers first)");
  if (kind != kArray && kind != kTypedArray)
    fail(where, name + " must be an array or a Float64Array, got " + describe(arr));
  const std::size_t n = array_length(arr);
  if (n > kMaxArrayLength)
    fail(where, name + " has " + std::to_string(n) + " entries, more than the limit of " +
                    std::to_string(kMaxArrayLength));
  std::vector<double> out(n);  // may throw std::bad_alloc: a clean "out of memory" error
  const double bad = js_copy_numbers(arr.as_handle(), out.data(), static_cast<double>(n));
  if (bad == -2) fail(where, name + " cannot be read: its buffer was detached (transferred elsewhere)");
  if (bad >= 0) {
    const auto i = static_cast<std::size_t>(bad);
    fail(where, name + "[" + std::to_string(i) + "] must be a finite number, got " + describe(arr[i]));
  }
  return out;
}

// An example-major m × n matrix from a flat array of m·n numbers; the length is checked before any copy.
Matrix to_matrix(const val& arr, std::size_t m, std::size_t n, const std::string& where,
                 const std::string& name) {
  if (is_array_like(arr) && array_length(arr) != m * n)
    fail(where, name + " must hold m × " + std::to_string(n) + " = " + std::to_string(m * n) +
                    " numbers, got " + std::to_string(array_length(arr)));
  const std::vector<double> flat = to_doubles(arr, where, name);
  Matrix out = Matrix::from_shape({m, n});
  std::copy(flat.begin(), flat.end(), out.data());
  return out;
}

// ---- C++ -> JS -----------------------------------------------------------------------------------------

// A fresh Float64Array holding a copy: it stays valid when wasm memory grows.
val f64_copy(const double* data, std::size_t n) {
  return val::global("Float64Array").new_(val(emscripten::typed_memory_view(n, data)));
}
val f64_copy(const Vector& v) {
  return f64_copy(v.data(), v.size());
}
val f64_copy(const Matrix& m) {
  return f64_copy(m.data(), m.size());
}
val f64_copy(const BatchMatrix& m) {
  return f64_copy(m.data(), m.size());
}

val number_or_null(double v) {
  return std::isfinite(v) ? val(v) : val::null();
}

val numbers_or_nulls(const std::vector<double>& values) {
  return val::take_ownership(js_numbers_or_nulls(values.data(), static_cast<double>(values.size())));
}

val text(std::string_view s) {
  return val::take_ownership(js_text(s.data(), static_cast<double>(s.size())));
}

val string_array(const std::vector<std::string>& items) {
  val arr = val::array();
  for (const auto& s : items) arr.call<void>("push", text(s));
  return arr;
}

// ---- shared option readers ----------------------------------------------------------------------------

std::size_t layer_index(const Network& net, const val& l, const std::string& where, std::size_t lo) {
  return static_cast<std::size_t>(
      to_integer(l, where, "l", static_cast<long long>(lo), static_cast<long long>(net.num_layers())));
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
  o.set("type", text(c.type));
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
  if (!is_plain_array(o["sizes"]))
    fail(where, "sizes must be an array of layer widths [n_0, …, n_L], got " + describe(o["sizes"]));
  const val sizes = o["sizes"];
  const std::size_t count = array_length(sizes);
  if (count < 2 || count > kMaxLayers + 1)
    fail(where, "sizes must list 2.." + std::to_string(kMaxLayers + 1) + " layer widths, got " +
                    std::to_string(count));
  for (std::size_t i = 0; i < count; ++i)
    c.sizes.push_back(static_cast<std::size_t>(to_integer(sizes[i], where, "sizes[" + std::to_string(i) + "]",
                                                          1, static_cast<long long>(kMaxWidth))));
  const std::size_t hidden_layers = c.sizes.size() - 2;
  const val hidden = has(o, "hidden") ? o["hidden"] : val(std::string(activation_name(kDefaultHidden)));
  if (is_plain_array(hidden)) {
    const std::size_t given = array_length(hidden);
    if (given != hidden_layers)
      fail(where, "hidden must name one activation per hidden layer (" + std::to_string(hidden_layers) +
                      "), got " + std::to_string(given));
    for (std::size_t i = 0; i < given; ++i) {
      const std::string field = "hidden[" + std::to_string(i) + "]";
      c.hidden.push_back(parse_activation(to_string(hidden[i], where, field), where + ": " + field));
    }
  } else {
    c.hidden.assign(hidden_layers, parse_activation(to_string(hidden, where, "hidden"), where + ": hidden"));
  }
  // Output and loss: each defaults to the partner of the other (output_pairs(), losses.hpp).
  const bool has_output = has(o, "output"), has_loss = has(o, "loss");
  if (has_output) c.output = parse_activation(to_string(o["output"], where, "output"), where + ": output");
  if (has_loss) c.loss = parse_loss(to_string(o["loss"], where, "loss"), where + ": loss");
  if (has_output && !has_loss) c.loss = default_loss(c.output);
  if (has_loss && !has_output) c.output = default_output(c.loss);
  if (has(o, "init")) c.init = parse_init(to_string(o["init"], where, "init"), where + ": init");
  if (has(o, "seed"))
    c.seed = static_cast<std::uint64_t>(to_integer(o["seed"], where, "seed", 0, bp::kMaxSafeInteger));
  validate(c);
  return c;
}

val network_config_object(const NetworkConfig& c) {
  val o = val::object();
  val sizes = val::array();
  for (std::size_t s : c.sizes) sizes.call<void>("push", val(static_cast<double>(s)));
  o.set("sizes", sizes);
  val hidden = val::array();
  for (Activation a : c.hidden) hidden.call<void>("push", text(activation_name(a)));
  o.set("hidden", hidden);
  o.set("output", text(activation_name(c.output)));
  o.set("loss", text(loss_name(c.loss)));
  o.set("init", text(init_name(c.init)));
  o.set("seed", static_cast<double>(c.seed));
  return o;
}

std::vector<Feature> read_features(const val& list, const std::string& where) {
  if (!is_plain_array(list)) fail(where, "features must be an array of feature names, got " + describe(list));
  std::vector<Feature> out;
  const std::size_t n = array_length(list);
  if (n == 0 || n > kFeatureCount)
    fail(where,
         "features must name 1.." + std::to_string(kFeatureCount) + " features, got " + std::to_string(n));
  for (std::size_t i = 0; i < n; ++i) {
    const std::string field = "features[" + std::to_string(i) + "]";
    out.push_back(parse_feature(to_string(list[i], where, field), where + ": " + field));
  }
  return out;
}

std::pair<double, double> read_range(const val& v, const std::string& where, const std::string& name) {
  if (!is_array_like(v) || array_length(v) != 2)
    fail(where, name + " must be [min, max], got " + describe(v));
  return {to_number(v[0], where, name + "[0]"), to_number(v[1], where, name + "[1]")};
}

std::vector<Vector> read_parameters(const val& v, const Network& net, const std::string& where) {
  if (!is_plain_object(v))
    fail(where, "parameters must be an object {W, b} (as parameters() returns), got " + describe(v));
  const std::size_t L = net.num_layers();
  for (const char* key : {"W", "b"})
    if (!is_plain_array(v[key]) || array_length(v[key]) != L)
      fail(where, std::string("parameters.") + key + " must be an array of L = " + std::to_string(L) +
                      " arrays (layers 1..L), got " + describe(v[key]));
  std::vector<Vector> out;
  for (std::size_t l = 1; l <= L; ++l) {
    const DenseLayer& layer = net.layer(l);
    for (const char* key : {"W", "b"}) {
      const std::string name = std::string("parameters.") + key + "[" + std::to_string(l - 1) + "]";
      const std::size_t count = key[0] == 'W' ? layer.W.size() : layer.b.size();
      const val values = v[key][l - 1];
      if (is_array_like(values) && array_length(values) != count)
        fail(where, name + " must hold " + (key[0] == 'W' ? "n_l · n_{l-1}" : "n_l") + " = " +
                        std::to_string(count) + " numbers (layer " + std::to_string(l) + "), got " +
                        std::to_string(array_length(values)));
      const std::vector<double> given = to_doubles(values, where, name);
      Vector t = Vector::from_shape({given.size()});
      std::copy(given.begin(), given.end(), t.data());
      out.push_back(std::move(t));
    }
  }
  net.check_parameters(out, where);
  return out;
}

}  // namespace bp::wasm
