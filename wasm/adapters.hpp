// The one adapter of the JS boundary: conversions between JS values (options objects, arrays, typed arrays)
// and the core's types, and every C++ exception turned into a JS Error. The handles (handles.hpp) use only
// these; no model logic lives in wasm/.
#pragma once
#include <initializer_list>
#include <new>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <emscripten/val.h>

#include "features.hpp"
#include "network.hpp"
#include "optimizers.hpp"

namespace bp::wasm {

using emscripten::val;

// ---- errors
// Copies a message into static storage (the exception it came from is freed when its catch block ends).
const char* keep_message(const char* message);
// Throws a JS Error with a message in static storage; the JS throw skips the C++ frames between.
[[noreturn]] void throw_as_js_error(const char* message);
[[noreturn]] void fail(const std::string& where, const std::string& what);  // throws std::invalid_argument

// Runs `body`; a C++ exception becomes a JS Error carrying its message. The C++ frames inside `body` are
// unwound, and the exception freed, by C++ before the JS throw, so nothing leaks.
template <class F>
auto guarded(F&& body) -> decltype(body()) {
  const char* message = "engine: unexpected internal error";
  try {
    return body();
  } catch (const std::bad_alloc&) {
    message = "engine: out of memory (try a smaller network, batch or grid)";
  } catch (const std::exception& e) {
    message = keep_message(e.what());
  } catch (...) {
  }
  throw_as_js_error(message);
}

// ---- JS -> C++ (each throws naming `where` and `name` and the rule)
std::string describe(const val& v);  // a value as an error message shows it: 'text', 12, undefined
bool is_number(const val& v);
long long to_integer(const val& v, const std::string& where, const std::string& name, long long lo, long long hi);
double to_number(const val& v, const std::string& where, const std::string& name);
std::string to_string(const val& v, const std::string& where, const std::string& name);
bool to_bool(const val& v, const std::string& where, const std::string& name);
bool is_array_like(const val& v);
bool is_plain_object(const val& v);
bool has(const val& obj, const char* key);
bool is_valid_json_text(const std::string& text);
// An options object: undefined means {}; a key not in `allowed` is refused (a typo must not pass silently).
val options_object(const val& options, const std::string& where, std::initializer_list<const char*> allowed);
std::vector<double> to_doubles(const val& arr, const std::string& where, const std::string& name);
// An example-major m × n matrix from a flat array of m·n numbers.
Matrix to_matrix(const val& arr, std::size_t m, std::size_t n, const std::string& where, const std::string& name);
std::pair<double, double> read_range(const val& v, const std::string& where, const std::string& name);
std::size_t layer_index(const Network& net, const val& l, const std::string& where, std::size_t lo = 1);
OptimizerConfig read_optimizer(const val& options, const OptimizerConfig& current, const std::string& where);
Regularization read_regularization(const val& options, const std::string& where);
NetworkConfig read_network_config(const val& options);
std::vector<Feature> read_features(const val& list, const std::string& where);

// ---- C++ -> JS (fresh copies: they stay valid when wasm memory grows)
val f64_copy(const double* data, std::size_t n);
val f64_copy(const Vector& v);
val f64_copy(const Matrix& m);
val f64_copy(const BatchMatrix& m);
val number_or_null(double v);  // null for NaN and ±Inf
val string_array(const std::vector<std::string>& items);
val optimizer_object(const OptimizerConfig& c);
val network_config_object(const NetworkConfig& c);

}  // namespace bp::wasm
