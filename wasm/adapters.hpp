// The one adapter of the JS boundary: conversions between JS values (options objects, arrays, typed arrays)
// and the core's types, and every C++ exception turned into a JS Error. The handles (handles.hpp) use only
// these; no model logic lives in wasm/.
#pragma once
#include <emscripten/val.h>

#include <cstddef>
#include <initializer_list>
#include <new>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "features.hpp"
#include "network.hpp"
#include "optimizers.hpp"
#include "text.hpp"

namespace bp::wasm {

using emscripten::val;

// ---- errors
// A refused call never throws through wasm frames (a JS throw there would skip their epilogues and leak the
// wasm stack, and C++ destructors): `guarded` catches every C++ exception, records its message as the
// call's pending error, and returns a harmless value; the JS wrapper of every API call (wasm/api.js) throws
// the pending error as a plain Error once the call has returned.
void report_error(const char* message) noexcept;
void report_error(const FieldError& error) noexcept;  // the setting named as the JS API spells it
[[noreturn]] void fail(const std::string& where, const std::string& what);  // throws std::invalid_argument

template <class R>
R refused_result() {
  if constexpr (std::is_void_v<R>)
    return;
  else if constexpr (std::is_same_v<R, val>)
    return val::undefined();
  else
    return R{};  // null pointers (a refused constructor), 0
}

// Runs `body`; a C++ exception becomes the call's pending error (see above). Not noexcept: a JS exception
// (which no C++ catch takes) must pass through to the wrapper rather than terminate the module.
template <class F>
auto guarded(F&& body) -> decltype(body()) {
  try {
    return body();
  } catch (const std::bad_alloc&) {
    report_error(
        "engine: out of memory (the engine's memory is full: delete objects you no longer need, or use "
        "a smaller network, batch, data set or grid)");
  } catch (const FieldError& e) {
    report_error(e);
  } catch (const std::exception& e) {
    report_error(e.what());
  }
  // No catch (...): it would also catch a JS exception (and terminate). Anything else reaches the wrapper,
  // which restores the stack and reports "unexpected internal error".
  return refused_result<decltype(body())>();
}

// ---- JS -> C++ (each throws naming `where` and `name` and the rule). The JS wrapper hands every call plain
// copies of its objects and arrays (no getters, proxies or prototypes), so reading them runs no user code.
constexpr std::size_t kMaxNameBytes = 1000;        // an ordinary string argument (a name, a type)
constexpr std::size_t kMaxArrayLength = 1u << 24;  // entries of any array argument
std::string describe(const val& v);  // a value as an error message shows it: 'text', 12, undefined, [1, 2]
bool is_number(const val& v);
bool is_string(const val& v);
long long to_integer(const val& v, const std::string& where, const std::string& name, long long lo,
                     long long hi);
double to_number(const val& v, const std::string& where, const std::string& name);
// A string argument, refused by its length before anything is copied into wasm memory.
std::string to_string(const val& v, const std::string& where, const std::string& name,
                      std::size_t max_bytes = kMaxNameBytes);
bool to_bool(const val& v, const std::string& where, const std::string& name);
bool is_array_like(const val& v);
bool is_plain_array(const val& v);
bool is_plain_object(const val& v);
std::size_t array_length(const val& v);  // of an array or typed array
bool has(const val& obj, const char* key);
// An options object: undefined means {}; a key not in `allowed` is refused (a typo must not pass silently).
val options_object(const val& options, const std::string& where, std::initializer_list<const char*> allowed);
std::vector<double> to_doubles(const val& arr, const std::string& where, const std::string& name);
// An example-major m × n matrix from a flat array of m·n numbers.
Matrix to_matrix(const val& arr, std::size_t m, std::size_t n, const std::string& where,
                 const std::string& name);
std::pair<double, double> read_range(const val& v, const std::string& where, const std::string& name);
std::size_t layer_index(const Network& net, const val& l, const std::string& where, std::size_t lo = 1);
OptimizerConfig read_optimizer(const val& options, const OptimizerConfig& current, const std::string& where);
Regularization read_regularization(const val& options, const std::string& where);
NetworkConfig read_network_config(const val& options);
std::vector<Feature> read_features(const val& list, const std::string& where);
// `{W: [per layer 1..L], b: [...]}` of arrays or Float64Arrays (what parameters() returns) as the tensors of
// Network::parameter_slots(), each length and number checked.
std::vector<Vector> read_parameters(const val& v, const Network& net, const std::string& where);

// ---- C++ -> JS (fresh copies: they stay valid when wasm memory grows)
val f64_copy(const double* data, std::size_t n);
val f64_copy(const Vector& v);
val f64_copy(const Matrix& m);
val f64_copy(const BatchMatrix& m);
val number_or_null(double v);                             // null for NaN and ±Inf
val numbers_or_nulls(const std::vector<double>& values);  // a JS array, null for NaN and ±Inf
val text(std::string_view s);  // a JS string (copied without allocating in wasm memory)
val string_array(const std::vector<std::string>& items);
val optimizer_object(const OptimizerConfig& c);
val network_config_object(const NetworkConfig& c);

}  // namespace bp::wasm
