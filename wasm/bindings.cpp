// The engine's JS API (shared/design/api.md): Embind declarations only. Conversions and error translation
// live in adapters.cpp; the model lives in core/.
#include <emscripten/bind.h>

#include "adapters.hpp"

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
      .function("gradientCheck", &NetworkHandle::gradient_check)
      .function("gradientCheckDetail", &NetworkHandle::gradient_check_detail)
      .function("toJSON", &NetworkHandle::to_json)
      .function("collapse", &NetworkHandle::collapse)
      .function("neuronGrid", &NetworkHandle::neuron_grid)
      .function("setBrokenDerivative", &NetworkHandle::set_broken_derivative)
      .function("brokenDerivative", &NetworkHandle::broken_derivative);

  function("linearRegression", &linear_regression);
  function("activation", &activation_values);
}
