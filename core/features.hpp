// Input features derived from the two coordinates of 2-D data (x1, x2, x1², x2², x1·x2, sin x1, sin x2), and
// the all-neuron grid evaluation behind the page's heatmaps.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "network.hpp"

namespace bp {

enum class Feature { x1, x2, x1sq, x2sq, x1x2, sinx1, sinx2 };
constexpr std::size_t kFeatureCount = 7;  // the entries of Feature

// The input plane drawn and gridded when no range is given: [−kPlaneExtent, kPlaneExtent] in x1 and x2,
// the generated sets' [−kInputBox, kInputBox] with a margin.
constexpr double kPlaneExtent = 1.25;

std::vector<std::string> feature_names();  // in the enum's order

Feature parse_feature(const std::string& name, const std::string& field);  // "x1", "x1sq", "sinx2", …
const char* feature_name(Feature f);
double feature_value(Feature f, double x1, double x2);

// X (n, 2) of raw coordinates -> (n, features.size()) of the chosen features.
Matrix derive_features(const Matrix& X, const std::vector<Feature>& features);

// Every neuron's activation over a res × res grid of (x1, x2) points, in one pass of the network.
// Output layout, neuron-major, as float: first each input feature (n_0 blocks), then layer 1's neurons, …,
// layer L's; each block res × res, row-major with row r at x2 = x2_max − r·Δ (top of the picture first) and
// column c at x1 = x1_min + c·Δ. Keeps its own buffers, so the network's caches of the last step survive.
// Bounded: res² × forward_work() ≤ kMaxCallWork and res² × (n_0 + neurons) ≤ kMaxGridValues (the message
// says the largest resolution that fits); the points go through the network kGridChunk at a time, so the
// scratch stays small. Throws when a value is not finite as a float (the range or the weights too large).
class NeuronGrid {
 public:
  // With `parameters` (in Network::parameter_slots() order) the network is evaluated with those weights.
  void evaluate(const Network& net, const std::vector<Feature>& features, double x1_min, double x1_max,
                double x2_min, double x2_max, std::size_t resolution,
                const std::vector<Vector>* parameters = nullptr);
  const std::vector<float>& values() const { return values_; }
  // The class predicted_class (network.hpp) gives each point of the last evaluate, row-major as values().
  const std::vector<std::int32_t>& classes() const { return classes_; }
  std::size_t neuron_count() const { return neurons_; }

 private:
  [[noreturn]] void fail_overflow(const Network& net, const std::vector<Feature>& features, std::size_t start,
                                  std::size_t count, std::size_t resolution, double x1_min, double dx1,
                                  double x2_max, double dx2) const;
  ForwardScratch scratch_;  // per layer Z, A (n_l, points of one chunk)
  BatchMatrix inputs_;      // (n_0, points of one chunk)
  std::vector<float> values_;
  std::vector<std::int32_t> classes_;
  std::size_t neurons_ = 0;
};

constexpr std::size_t kMaxGridResolution = 256;
constexpr std::size_t kMaxGridValues = std::size_t{1} << 24;  // floats of one grid (64 MB)
constexpr std::size_t kGridChunk = 4096;                      // points per pass through the network

}  // namespace bp
