// The engine's JS API (shared/design/api.md): Embind declarations only. The handles are in handles.hpp,
// conversions and error translation in adapters.*; the model lives in core/. Every binding goes through
// G<…>::call, so no C++ exception ever leaves a call (see `guarded` in adapters.hpp); wasm/api.js wraps the
// JS side of every call.
#include <emscripten/bind.h>

#include "adapters.hpp"
#include "handles.hpp"

using namespace emscripten;
using namespace bp::wasm;

namespace {
// One overload of an overloaded function or method, as a constant (select_overload is not constexpr).
template <class Sig>
constexpr Sig* OVL(Sig* f) {
  return f;
}
template <class Sig, class C>
constexpr auto OVL(Sig C::*f) {
  return f;
}

// G<&C::method>::call runs the method (or function) inside `guarded`.
template <auto F>
struct G;
template <class C, class R, class... A, R (C::*F)(A...)>
struct G<F> {
  static R call(C& self, A... args) {
    return guarded([&]() -> R { return (self.*F)(std::forward<A>(args)...); });
  }
};
template <class C, class R, class... A, R (C::*F)(A...) const>
struct G<F> {
  static R call(const C& self, A... args) {
    return guarded([&]() -> R { return (self.*F)(std::forward<A>(args)...); });
  }
};
template <class R, class... A, R (*F)(A...)>
struct G<F> {
  static R call(A... args) {
    return guarded([&]() -> R { return F(std::forward<A>(args)...); });
  }
};
}  // namespace

EMSCRIPTEN_BINDINGS(backprop) {
  class_<NetworkHandle>("Network")
      .constructor(&G<&NetworkHandle::create>::call, allow_raw_pointers())
      .class_function("fromJSON", &G<&NetworkHandle::from_json>::call, allow_raw_pointers())
      .function("numLayers", &G<&NetworkHandle::num_layers>::call)
      .function("sizes", &G<&NetworkHandle::sizes>::call)
      .function("config", &G<&NetworkHandle::config>::call)
      .function("weights", &G<&NetworkHandle::weights>::call)
      .function("biases", &G<&NetworkHandle::biases>::call)
      .function("setWeights", &G<&NetworkHandle::set_weights>::call)
      .function("setBiases", &G<&NetworkHandle::set_biases>::call)
      .function("forward", &G<&NetworkHandle::forward>::call)
      .function("predict", &G<OVL<val(val, val, val)>(&NetworkHandle::predict)>::call)
      .function("predict", &G<OVL<val(val, val)>(&NetworkHandle::predict)>::call)
      .function("classify", &G<OVL<val(val, val, val)>(&NetworkHandle::classify)>::call)
      .function("classify", &G<OVL<val(val, val)>(&NetworkHandle::classify)>::call)
      .function("activations", &G<OVL<val(val, val, val)>(&NetworkHandle::activations)>::call)
      .function("activations", &G<OVL<val(val, val)>(&NetworkHandle::activations)>::call)
      .function("parameters", &G<&NetworkHandle::parameters>::call)
      .function("sigmaPrime", &G<&NetworkHandle::sigma_prime>::call)
      .function("backward", &G<&NetworkHandle::backward>::call)
      .function("gradWeights", &G<&NetworkHandle::grad_weights>::call)
      .function("gradBiases", &G<&NetworkHandle::grad_biases>::call)
      .function("z", &G<&NetworkHandle::z>::call)
      .function("a", &G<&NetworkHandle::a>::call)
      .function("dz", &G<&NetworkHandle::dz>::call)
      .function("da", &G<&NetworkHandle::da>::call)
      .function("dropoutMask", &G<&NetworkHandle::dropout_mask>::call)
      .function("setOptimizer", &G<&NetworkHandle::set_optimizer>::call)
      .function("optimizer", &G<&NetworkHandle::optimizer>::call)
      .function("setRegularization", &G<&NetworkHandle::set_regularization>::call)
      .function("regularization", &G<&NetworkHandle::regularization>::call)
      .function("regularizationLoss", &G<&NetworkHandle::regularization_loss>::call)
      .function("step", &G<&NetworkHandle::step>::call)
      .function("optimizerState", &G<&NetworkHandle::optimizer_state>::call)
      .function("gradientCheck", &G<OVL<val(val, val, val, val)>(&NetworkHandle::gradient_check)>::call)
      .function("gradientCheck", &G<OVL<val(val, val, val)>(&NetworkHandle::gradient_check)>::call)
      .function("gradientCheckDetail",
                &G<OVL<val(val, val, val, val)>(&NetworkHandle::gradient_check_detail)>::call)
      .function("gradientCheckDetail",
                &G<OVL<val(val, val, val)>(&NetworkHandle::gradient_check_detail)>::call)
      .function("toJSON", &G<&NetworkHandle::to_json>::call)
      .function("collapse", &G<&NetworkHandle::collapse>::call)
      .function("contributions", &G<OVL<val(val, val, val)>(&NetworkHandle::contributions)>::call)
      .function("contributions", &G<OVL<val(val, val)>(&NetworkHandle::contributions)>::call)
      .function("neuronGrid", &G<OVL<val(val)>(&NetworkHandle::neuron_grid)>::call)
      .function("neuronGrid", &G<OVL<val()>(&NetworkHandle::neuron_grid)>::call)
      .function("classGrid", &G<OVL<val(val)>(&NetworkHandle::class_grid)>::call)
      .function("classGrid", &G<OVL<val()>(&NetworkHandle::class_grid)>::call)
      .function("setBrokenDerivative", &G<&NetworkHandle::set_broken_derivative>::call)
      .function("brokenDerivative", &G<&NetworkHandle::broken_derivative>::call);

  class_<DatasetHandle>("Dataset")
      .constructor(&G<OVL<DatasetHandle*(val)>(&DatasetHandle::create)>::call, allow_raw_pointers())
      .constructor(&G<OVL<DatasetHandle*()>(&DatasetHandle::create)>::call, allow_raw_pointers())
      .class_function("fromCSV", &G<OVL<DatasetHandle*(val, val)>(&DatasetHandle::from_csv)>::call,
                      allow_raw_pointers())
      .class_function("fromCSV", &G<OVL<DatasetHandle*(val)>(&DatasetHandle::from_csv)>::call,
                      allow_raw_pointers())
      .function("info", &G<&DatasetHandle::info>::call)
      .function("trainX", &G<&DatasetHandle::train_x>::call)
      .function("trainY", &G<&DatasetHandle::train_y>::call)
      .function("validationX", &G<&DatasetHandle::validation_x>::call)
      .function("validationY", &G<&DatasetHandle::validation_y>::call)
      .function("trainPoints", &G<&DatasetHandle::train_points>::call)
      .function("validationPoints", &G<&DatasetHandle::validation_points>::call)
      .function("features", &G<&DatasetHandle::features>::call)
      .function("trainClasses", &G<&DatasetHandle::train_classes>::call)
      .function("validationClasses", &G<&DatasetHandle::validation_classes>::call);

  class_<TrainerHandle>("Trainer")
      .constructor(&G<OVL<TrainerHandle*(NetworkHandle&, DatasetHandle&, val)>(&TrainerHandle::create)>::call,
                   allow_raw_pointers())
      .constructor(&G<OVL<TrainerHandle*(NetworkHandle&, DatasetHandle&)>(&TrainerHandle::create)>::call,
                   allow_raw_pointers())
      .function("step", &G<&TrainerHandle::step>::call)
      .function("stepRows", &G<&TrainerHandle::step_rows>::call)
      .function("runEpoch", &G<&TrainerHandle::run_epoch>::call)
      .function("run", &G<&TrainerHandle::run>::call)
      .function("trainFor", &G<OVL<val(val, val)>(&TrainerHandle::train_for)>::call)
      .function("trainFor", &G<OVL<val(val)>(&TrainerHandle::train_for)>::call)
      .function("history", &G<&TrainerHandle::history>::call)
      .function("historyFrom", &G<OVL<val(val) const>(&TrainerHandle::history_from)>::call)
      .function("epoch", &G<&TrainerHandle::epoch>::call)
      .function("stepInEpoch", &G<&TrainerHandle::step_in_epoch>::call)
      .function("batchesPerEpoch", &G<&TrainerHandle::batches_per_epoch>::call)
      .function("status", &G<&TrainerHandle::status>::call)
      .function("stopReason", &G<&TrainerHandle::stop_reason>::call)
      .function("bestEpoch", &G<&TrainerHandle::best_epoch>::call)
      .function("restoreBest", &G<&TrainerHandle::restore_best>::call)
      .function("lastBatch", &G<&TrainerHandle::last_batch>::call)
      .function("setBatchSize", &G<&TrainerHandle::set_batch_size>::call)
      .function("setPatience", &G<&TrainerHandle::set_patience>::call)
      .function("evaluate", &G<&TrainerHandle::evaluate>::call);

  function("datasetNames", &G<&dataset_names>::call);
  function("datasetInfo", &G<&dataset_info>::call);
  function("activationNames", &G<&activation_names>::call);
  function("lossNames", &G<&loss_names>::call);
  function("optimizerNames", &G<&optimizer_names>::call);
  function("initNames", &G<&init_names>::call);
  function("featureNames", &G<&feature_names>::call);
  function("activationInfo", &G<&activation_info>::call);
  function("outputPairs", &G<&output_pairs>::call);
  function("memory", &G<&memory_stats>::call);
  function("linearRegression", &G<&linear_regression>::call);
  function("surfaceNames", &G<&surface_names>::call);
  function("surface", &G<&surface_info>::call);
  function("surface", &G<&surface_info_default>::call);
  function("surfacePoint", &G<&surface_point>::call);
  function("surfacePoint", &G<&surface_point_default>::call);
  function("surfaceGrid", &G<&surface_grid>::call);
  function("surfaceGrid", &G<&surface_grid_default>::call);
  function("trajectory", &G<&surface_trajectory>::call);
  function("trajectory", &G<&surface_trajectory_default>::call);
  function("minibatchPath", &G<&minibatch_path>::call);
  function("activation", &G<&activation_values>::call);
}
