// The engine's JS API (shared/design/api.md): Embind declarations only. The handles are in handles.hpp,
// conversions and error translation in adapters.*; the model lives in core/.
#include <emscripten/bind.h>

#include "handles.hpp"

using namespace emscripten;
using namespace bp::wasm;

EMSCRIPTEN_BINDINGS(backprop) {
  class_<NetworkHandle>("Network")
      .constructor(&NetworkHandle::create, allow_raw_pointers())
      .class_function("fromJSON", &NetworkHandle::from_json, allow_raw_pointers())
      .function("numLayers", &NetworkHandle::num_layers)
      .function("sizes", &NetworkHandle::sizes)
      .function("config", &NetworkHandle::config)
      .function("weights", &NetworkHandle::weights)
      .function("biases", &NetworkHandle::biases)
      .function("setWeights", &NetworkHandle::set_weights)
      .function("setBiases", &NetworkHandle::set_biases)
      .function("forward", &NetworkHandle::forward)
      .function("predict", &NetworkHandle::predict)
      .function("classify", &NetworkHandle::classify)
      .function("backward", &NetworkHandle::backward)
      .function("gradWeights", &NetworkHandle::grad_weights)
      .function("gradBiases", &NetworkHandle::grad_biases)
      .function("z", &NetworkHandle::z)
      .function("a", &NetworkHandle::a)
      .function("dz", &NetworkHandle::dz)
      .function("da", &NetworkHandle::da)
      .function("dropoutMask", &NetworkHandle::dropout_mask)
      .function("setOptimizer", &NetworkHandle::set_optimizer)
      .function("optimizer", &NetworkHandle::optimizer)
      .function("setRegularization", &NetworkHandle::set_regularization)
      .function("regularization", &NetworkHandle::regularization)
      .function("regularizationLoss", &NetworkHandle::regularization_loss)
      .function("step", &NetworkHandle::step)
      .function("optimizerState", &NetworkHandle::optimizer_state)
      .function("gradientCheck", select_overload<val(val, val, val, val)>(&NetworkHandle::gradient_check))
      .function("gradientCheck", select_overload<val(val, val, val)>(&NetworkHandle::gradient_check))
      .function("gradientCheckDetail", select_overload<val(val, val, val, val)>(&NetworkHandle::gradient_check_detail))
      .function("gradientCheckDetail", select_overload<val(val, val, val)>(&NetworkHandle::gradient_check_detail))
      .function("toJSON", &NetworkHandle::to_json)
      .function("collapse", &NetworkHandle::collapse)
      .function("neuronGrid", select_overload<val(val)>(&NetworkHandle::neuron_grid))
      .function("neuronGrid", select_overload<val()>(&NetworkHandle::neuron_grid))
      .function("setBrokenDerivative", &NetworkHandle::set_broken_derivative)
      .function("brokenDerivative", &NetworkHandle::broken_derivative);

  class_<DatasetHandle>("Dataset")
      .constructor(select_overload<DatasetHandle*(val)>(&DatasetHandle::create), allow_raw_pointers())
      .constructor(select_overload<DatasetHandle*()>(&DatasetHandle::create), allow_raw_pointers())
      .class_function("fromCSV", select_overload<DatasetHandle*(val, val)>(&DatasetHandle::from_csv), allow_raw_pointers())
      .class_function("fromCSV", select_overload<DatasetHandle*(val)>(&DatasetHandle::from_csv), allow_raw_pointers())
      .function("info", &DatasetHandle::info)
      .function("trainX", &DatasetHandle::train_x)
      .function("trainY", &DatasetHandle::train_y)
      .function("validationX", &DatasetHandle::validation_x)
      .function("validationY", &DatasetHandle::validation_y)
      .function("trainPoints", &DatasetHandle::train_points)
      .function("validationPoints", &DatasetHandle::validation_points)
      .function("features", &DatasetHandle::features);

  class_<TrainerHandle>("Trainer")
      .constructor(select_overload<TrainerHandle*(NetworkHandle&, DatasetHandle&, val)>(&TrainerHandle::create),
                   allow_raw_pointers())
      .constructor(select_overload<TrainerHandle*(NetworkHandle&, DatasetHandle&)>(&TrainerHandle::create),
                   allow_raw_pointers())
      .function("step", &TrainerHandle::step)
      .function("stepRows", &TrainerHandle::step_rows)
      .function("runEpoch", &TrainerHandle::run_epoch)
      .function("run", &TrainerHandle::run)
      .function("trainFor", select_overload<val(val, val)>(&TrainerHandle::train_for))
      .function("trainFor", select_overload<val(val)>(&TrainerHandle::train_for))
      .function("history", &TrainerHandle::history)
      .function("historyFrom", select_overload<val(val) const>(&TrainerHandle::history_from))
      .function("epoch", &TrainerHandle::epoch)
      .function("stepInEpoch", &TrainerHandle::step_in_epoch)
      .function("batchesPerEpoch", &TrainerHandle::batches_per_epoch)
      .function("status", &TrainerHandle::status)
      .function("stopReason", &TrainerHandle::stop_reason)
      .function("bestEpoch", &TrainerHandle::best_epoch)
      .function("restoreBest", &TrainerHandle::restore_best)
      .function("lastBatch", &TrainerHandle::last_batch)
      .function("setBatchSize", &TrainerHandle::set_batch_size)
      .function("setPatience", &TrainerHandle::set_patience)
      .function("evaluate", &TrainerHandle::evaluate);

  function("datasetNames", &dataset_names);
  function("datasetInfo", &dataset_info);
  function("memory", &memory_stats);
  function("linearRegression", &linear_regression);
  function("surfaceNames", &surface_names);
  function("surface", &surface_info);
  function("surface", &surface_info_default);
  function("surfacePoint", &surface_point);
  function("surfacePoint", &surface_point_default);
  function("surfaceGrid", &surface_grid);
  function("surfaceGrid", &surface_grid_default);
  function("trajectory", &surface_trajectory);
  function("trajectory", &surface_trajectory_default);
  function("minibatchPath", &minibatch_path);
  function("activation", &activation_values);
}
