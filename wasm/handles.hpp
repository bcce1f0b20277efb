// The objects and functions Embind exposes (bindings.cpp declares them): each call converts its arguments
// with adapters.hpp and forwards to core/; no model logic lives here.
#pragma once
#include <emscripten/val.h>

#include <memory>
#include <vector>

#include "datasets.hpp"
#include "experiment.hpp"
#include "features.hpp"
#include "network.hpp"
#include "trainer.hpp"

namespace bp::wasm {

using emscripten::val;

// `new bp.Network(options)`: the course's network with its optimizer and regularization.
class NetworkHandle {
 public:
  static NetworkHandle* create(val options);
  static NetworkHandle* from_json(val text);
  explicit NetworkHandle(std::shared_ptr<Network> net) : net_(std::move(net)) {}

  val num_layers() const;
  val sizes() const;
  val config() const;
  val weights(val l) const;
  val biases(val l) const;
  void set_weights(val l, val values);
  void set_biases(val l, val values);
  val forward(val X, val m);
  val predict(val X, val m, val parameters);
  val classify(val X, val m, val parameters);
  val activations(val X, val m, val parameters);
  val predict(val X, val m) { return predict(X, m, val::undefined()); }
  val classify(val X, val m) { return classify(X, m, val::undefined()); }
  val activations(val X, val m) { return activations(X, m, val::undefined()); }
  val parameters() const;
  val sigma_prime(val l) const;
  val backward(val Y);
  val grad_weights(val l) const;
  val grad_biases(val l) const;
  val z(val l) const;
  val a(val l) const;
  val dz(val l) const;
  val da(val l) const;
  val dropout_mask(val l) const;
  void set_optimizer(val options);
  val optimizer() const;
  void set_regularization(val options);
  val regularization() const;
  val regularization_loss() const;
  val step(val X, val Y, val m);
  val optimizer_state(val l) const;
  val gradient_check(val X, val Y, val m, val eps);
  val gradient_check_detail(val X, val Y, val m, val eps);
  // Embind matches calls by argument count: the overloads without the optional last argument.
  val gradient_check(val X, val Y, val m) { return gradient_check(X, Y, m, val::undefined()); }
  val gradient_check_detail(val X, val Y, val m) { return gradient_check_detail(X, Y, m, val::undefined()); }
  val neuron_grid() { return neuron_grid(val::undefined()); }
  val to_json() const;
  val collapse() const;
  val contributions(val X, val m, val output);
  val contributions(val X, val m) { return contributions(X, m, val::undefined()); }
  val neuron_grid(val options);
  val class_grid(val options);
  val class_grid() { return class_grid(val::undefined()); }
  void set_broken_derivative(val broken);
  val broken_derivative() const;

  const std::shared_ptr<Network>& network() const { return net_; }

 private:
  // neuronGrid's and classGrid's evaluation of their options.
  void evaluate_grid(const val& options, const std::string& where);
  std::shared_ptr<Network> net_;
  NeuronGrid grid_;
};

// `new bp.Dataset(options)` or `bp.Dataset.fromCSV(text, options)`: a data set split into training and
// validation parts, with its input features derived.
class DatasetHandle {
 public:
  static DatasetHandle* create(val options);
  static DatasetHandle* create() { return create(val::undefined()); }
  static DatasetHandle* from_csv(val text, val options);
  static DatasetHandle* from_csv(val text) { return from_csv(text, val::undefined()); }

  val info() const;
  val train_x() const;
  val train_y() const;
  val validation_x() const;
  val validation_y() const;
  val train_points() const;  // raw coordinates, for drawing
  val validation_points() const;
  val features() const;
  val train_classes() const;  // the true class of each point (target_class), null for regression
  val validation_classes() const;

  explicit DatasetHandle(PreparedData data) : data_(std::move(data)) {}
  const PreparedData& data() const { return data_; }

 private:
  PreparedData data_;
};

// `new bp.Trainer(net, dataset, options)`: epochs of seeded-shuffled batches with history.
class TrainerHandle {
 public:
  static TrainerHandle* create(NetworkHandle& net, DatasetHandle& data, val options);
  static TrainerHandle* create(NetworkHandle& net, DatasetHandle& data) {
    return create(net, data, val::undefined());
  }

  val step();
  val step_rows(val rows);
  val run_epoch();
  val run(val epochs);
  val train_for(val milliseconds, val max_epochs);
  val train_for(val milliseconds) { return train_for(milliseconds, val::undefined()); }
  val history() const;
  val history_from(val first) const;
  val epoch() const;
  val step_in_epoch() const;
  val batches_per_epoch() const;
  val status() const;
  val stop_reason() const;
  val best_epoch() const;
  void restore_best();
  val last_batch() const;
  void set_batch_size(val batch_size);
  void set_patience(val patience);
  val evaluate() const;

 private:
  TrainerHandle(std::shared_ptr<Network> net, std::shared_ptr<const Dataset> train,
                std::shared_ptr<const Dataset> validation, const TrainerConfig& config);
  std::shared_ptr<Network> net_;  // shared: the trainer keeps its network and data alive
  std::shared_ptr<const Dataset> train_, validation_;
  std::unique_ptr<Trainer> trainer_;
  val history_from(std::size_t first) const;
};

// Module-level helpers.
val linear_regression(val xs, val ys);
val dataset_names();
val dataset_info(val name);
val activation_names();
val loss_names();
val optimizer_names();
val init_names();
val feature_names();
val activation_info(val name);
val output_pairs();
val memory_stats();  // {heapBytes: size of wasm memory, usedBytes: bytes malloc holds for live objects}
val activation_values(val name, val zs);
val surface_names();
val surface_info(val name, val options);
val surface_point(val name, val x, val y, val options);
val surface_grid(val name, val options);
val surface_trajectory(val name, val options);
val minibatch_path(val options);
// Overloads without the optional options object (Embind matches calls by argument count).
inline val surface_info_default(val name) {
  return surface_info(name, val::undefined());
}
inline val surface_point_default(val name, val x, val y) {
  return surface_point(name, x, y, val::undefined());
}
inline val surface_grid_default(val name) {
  return surface_grid(name, val::undefined());
}
inline val surface_trajectory_default(val name) {
  return surface_trajectory(name, val::undefined());
}

}  // namespace bp::wasm
