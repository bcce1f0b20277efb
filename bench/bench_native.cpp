// Native side of `npm run bench`: the workloads of bench/workloads.md on the core built with g++, printed as
// JSON lines {"workload", "value", "unit"} for scripts/bench.sh to set beside the wasm figures.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "experiment.hpp"
#include "features.hpp"
#include "trainer.hpp"

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

struct Workload {
  std::vector<bp::Feature> features;
  std::size_t hidden_layers;
};

bp::NetworkConfig network_for(const Workload& w) {
  bp::NetworkConfig c;
  c.sizes.push_back(w.features.size());
  for (std::size_t l = 0; l < w.hidden_layers; ++l) c.sizes.push_back(8);
  c.sizes.push_back(1);
  c.hidden.assign(w.hidden_layers, bp::Activation::tanh);
  c.output = bp::Activation::tanh;
  c.loss = bp::Loss::mse;
  return c;
}

// Median of 5 runs of `epochs` epochs: examples per second.
double training_throughput(const Workload& w, std::size_t epochs) {
  bp::DataOptions o;
  o.name = "spiral";
  o.n = 500;
  o.features = w.features;
  const bp::PreparedData data = bp::prepare_data(o);
  std::vector<double> rates;
  for (int run = 0; run < 5; ++run) {
    bp::Network net(network_for(w));
    net.set_optimizer({"sgd", 0.03});
    bp::Trainer trainer(net, *data.train, *data.validation, {10, 1});
    const auto start = Clock::now();
    trainer.run(epochs);
    rates.push_back(static_cast<double>(epochs * data.train->X.shape()[0]) / seconds_since(start));
  }
  std::sort(rates.begin(), rates.end());
  return rates[2];
}

double grid_milliseconds(const Workload& w, int repeats) {
  bp::Network net(network_for(w));
  bp::NeuronGrid grid;
  const auto start = Clock::now();
  for (int i = 0; i < repeats; ++i) grid.evaluate(net, w.features, -6, 6, -6, 6, 100);
  return 1000.0 * seconds_since(start) / repeats;
}

double visual_step_milliseconds(const Workload& w, int repeats) {
  bp::DataOptions o;
  o.name = "spiral";
  o.n = 500;
  o.features = w.features;
  const bp::PreparedData data = bp::prepare_data(o);
  bp::Network net(network_for(w));
  net.set_optimizer({"sgd", 0.03});
  bp::Trainer trainer(net, *data.train, *data.validation, {10, 1});
  bp::NeuronGrid grid;
  const auto start = Clock::now();
  for (int i = 0; i < repeats; ++i) {
    trainer.run_epoch();  // its end evaluates the training and validation loss
    grid.evaluate(net, w.features, -6, 6, -6, 6, 100);
  }
  return 1000.0 * seconds_since(start) / repeats;
}

void line(const char* workload, double value, const char* unit) {
  std::printf("{\"workload\": \"%s\", \"value\": %.6g, \"unit\": \"%s\"}\n", workload, value, unit);
}

}  // namespace

int main() {
  using bp::Feature;
  const Workload w1{{Feature::x1, Feature::x2}, 2};
  const Workload w2{
      {Feature::x1, Feature::x2, Feature::x1sq, Feature::x2sq, Feature::x1x2, Feature::sinx1, Feature::sinx2},
      6};
  line("W1 training", training_throughput(w1, 400), "examples/s");
  line("W2 training", training_throughput(w2, 200), "examples/s");
  line("W3 heatmap", grid_milliseconds(w1, 200), "ms");
  line("visual step W1", visual_step_milliseconds(w1, 200), "ms");
  line("visual step W2", visual_step_milliseconds(w2, 100), "ms");
  return 0;
}
