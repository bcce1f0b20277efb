// The module-level calls: closed-form regression, activation plots, data-set facts, memory figures, and the
// loss surfaces with optimizer paths (lessons q7, q10, q11, b1), forwarding to core/.
#include <emscripten/em_js.h>
#include <emscripten/emscripten.h>
#include <emscripten/stack.h>
#include <malloc.h>

#include <cmath>
#include <string>

#include "adapters.hpp"
#include "handles.hpp"
#include "limits.hpp"
#include "linear_regression.hpp"
#include "surfaces.hpp"

namespace bp::wasm {

// ---- module-level helpers -------------------------------------------------------------------------------

val linear_regression(val xs, val ys) {
  const LinearFit fit = bp::linear_regression(to_doubles(xs, "linearRegression", "xs"),
                                              to_doubles(ys, "linearRegression", "ys"));
  val o = val::object();
  o.set("w1", fit.w1);
  o.set("w0", fit.w0);
  o.set("rss", fit.rss);
  return o;
}

val activation_values(val name, val zs) {
  const std::string where = "activation";
  const Activation act = parse_activation(to_string(name, where, "name"), where + ": name");
  if (act == Activation::softmax)
    fail(where, "name must be an element-wise activation; softmax normalizes a layer");
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
}

val dataset_info(val name) {
  const DatasetInfo info = bp::dataset_info(to_string(name, "datasetInfo", "name"));
  val o = val::object();
  o.set("name", text(info.name));
  o.set("task", text(task_name(info.task)));
  o.set("inputs", static_cast<double>(info.num_features));
  o.set("outputs", static_cast<double>(info.num_outputs));
  o.set("numClasses", static_cast<double>(info.num_classes));
  o.set("maxNoise", info.max_noise);
  o.set("noiseMeaning", text(info.noise_meaning));
  o.set("description", text(info.description));
  o.set("twoD", info.num_features == 2);
  // The input plane drawn and gridded by default ([-extent, extent] in x1 and x2), and the default
  // validation fractions of this set and of CSV data.
  val plane = val::object();
  plane.set("extent", kPlaneExtent);
  o.set("plane", plane);
  o.set("validationFraction", kValidationFraction);
  o.set("csvValidationFraction", kCsvValidationFraction);
  return o;
}

val activation_names() {
  return string_array(bp::activation_names());
}
val loss_names() {
  return string_array(bp::loss_names());
}
val optimizer_names() {
  return string_array(bp::optimizer_names());
}
val init_names() {
  return string_array(bp::init_names());
}
val feature_names() {
  return string_array(bp::feature_names());
}

val activation_info(val name) {
  const ActivationInfo& info = bp::activation_info(
      parse_activation(to_string(name, "activationInfo", "name"), "activationInfo: name"));
  val o = val::object();
  o.set("name", text(info.name));
  o.set("hidden", info.hidden);
  o.set("output", info.output);
  val range = val::array();
  range.call<void>("push", number_or_null(info.lo));  // null: unbounded (every result is finite)
  range.call<void>("push", number_or_null(info.hi));
  o.set("range", range);
  return o;
}

val output_pairs() {
  val pairs = val::array();
  for (const OutputPair& pair : bp::output_pairs()) {
    val losses = val::array();
    for (Loss loss : pair.losses) losses.call<void>("push", text(loss_name(loss)));
    val o = val::object();
    o.set("output", text(activation_name(pair.output)));
    o.set("losses", losses);
    o.set("defaultLoss", text(loss_name(pair.default_loss)));
    pairs.call<void>("push", o);
  }
  return pairs;
}

namespace {
EM_JS(double, live_handles, (), { return count_emval_handles(); });
}  // namespace

// What a caller can watch for leaks: wasm memory, malloc's bytes in use, the wasm stack in use at this call
// (the same at every call from JS unless something leaked stack), and live Embind value handles.
val memory_stats() {
  const struct mallinfo info = mallinfo();
  val o = val::object();
  o.set("heapBytes", static_cast<double>(emscripten::val::module_property("HEAP8")["length"].as<double>()));
  o.set("usedBytes", static_cast<double>(info.uordblks));
  o.set("stackBytes", static_cast<double>(emscripten_stack_get_base() - emscripten_stack_get_current()));
  o.set("handles", live_handles());
  return o;
}

}  // namespace bp::wasm

// ---- loss surfaces and optimizer paths (lessons q7, q10, q11, b1)
// ------------------------------------------

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
    state.set(text(path.state_names[s]), f64_copy(flat.data(), flat.size()));
  }
  o.set("state", state);
  o.set("stoppedEarly", path.stopped_early);
  o.set("stopReason", text(path.stop_reason));
  return o;
}

std::pair<double, double> read_start(const val& o, const Surface& s, const std::string& where) {
  if (!has(o, "start")) return {s.start_x, s.start_y};
  const auto start = read_range(o["start"], where, "start");  // two finite numbers
  return start;
}
}  // namespace

val surface_names() {
  return string_array(bp::surface_names());
}

val surface_info(val name, val options) {
  const std::string where = "surface";
  const val o = options_object(options, where, {"xs", "ys"});
  const Surface s = read_surface(name, o, where);
  val info = val::object();
  info.set("name", text(s.name));
  info.set("formula", text(s.formula));
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
}

val surface_point(val name, val x, val y, val options) {
  const std::string where = "surfacePoint";
  const Surface s = read_surface(name, options_object(options, where, {"xs", "ys"}), where);
  const double px = to_number(x, where, "x"), py = to_number(y, where, "y");
  const auto g = s.gradient(px, py);
  val o = val::object();
  o.set("value", number_or_null(s.value(px, py)));
  o.set("gx", number_or_null(g[0]));
  o.set("gy", number_or_null(g[1]));
  return o;
}

val surface_grid(val name, val options) {
  const std::string where = "surfaceGrid";
  const val o = options_object(options, where, {"xs", "ys", "nx", "ny"});
  const Surface s = read_surface(name, o, where);
  const auto nx = has(o, "nx") ? to_integer(o["nx"], where, "nx", 2, kMaxGridSide) : 100;
  const auto ny = has(o, "ny") ? to_integer(o["ny"], where, "ny", 2, kMaxGridSide) : nx;
  std::vector<double> values;
  bp::surface_grid(s, static_cast<std::size_t>(nx), static_cast<std::size_t>(ny), values);
  return f64_copy(values.data(), values.size());
}

val surface_trajectory(val name, val options) {
  const std::string where = "trajectory";
  const val o = options_object(options, where, {"xs", "ys", "optimizer", "start", "steps"});
  const Surface s = read_surface(name, o, where);
  const OptimizerConfig config = read_optimizer(o["optimizer"], OptimizerConfig{}, where + ": optimizer");
  const auto [x0, y0] = read_start(o, s, where);
  const auto steps = has(o, "steps") ? to_integer(o["steps"], where, "steps", 0, kMaxPathSteps) : 100;
  return trajectory_object(bp::trajectory(s, config, x0, y0, static_cast<std::size_t>(steps)));
}

val minibatch_path(val options) {
  const std::string where = "minibatchPath";
  const val o =
      options_object(options, where, {"xs", "ys", "batchSize", "seed", "epochs", "optimizer", "start"});
  if (!has(o, "xs") || !has(o, "ys")) fail(where, "xs and ys (the data points) are required");
  const std::vector<double> xs = to_doubles(o["xs"], where, "xs"), ys = to_doubles(o["ys"], where, "ys");
  const auto batch =
      has(o, "batchSize") ? to_integer(o["batchSize"], where, "batchSize", 0, kMaxExamples) : 0;
  const auto seed = has(o, "seed") ? to_integer(o["seed"], where, "seed", 0, bp::kMaxSafeInteger) : 1;
  const auto epochs = has(o, "epochs") ? to_integer(o["epochs"], where, "epochs", 1, 10000) : 10;
  const OptimizerConfig config = read_optimizer(o["optimizer"], OptimizerConfig{}, where + ": optimizer");
  const Surface s = make_surface("mse", xs, ys);
  const auto [w1, w0] = read_start(o, s, where);
  return trajectory_object(bp::minibatch_trajectory(xs, ys, static_cast<std::size_t>(batch),
                                                    static_cast<std::uint64_t>(seed),
                                                    static_cast<std::size_t>(epochs), config, w1, w0));
}

}  // namespace bp::wasm
