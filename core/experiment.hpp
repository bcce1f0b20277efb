// One place that turns data-set options into the training and validation sets a run uses (generation,
// seeded split, derived input features), so the page, the JS API and bptrain prepare identical data.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "datasets.hpp"
#include "features.hpp"

namespace bp {

// The share of the examples held out for validation when none is given: generated and named sets
// (DataOptions) and data read from a CSV file (the JS API's fromCSV and bptrain --csv).
constexpr double kValidationFraction = 0.5;
constexpr double kCsvValidationFraction = 0.2;

struct DataOptions {
  std::string name = "circle";
  std::size_t n = DatasetSpec{}.n;
  double noise = DatasetSpec{}.noise;
  std::uint64_t seed = DatasetSpec{}.seed;
  double validation_fraction = kValidationFraction;
  std::vector<Feature> features;  // empty: the set's own inputs; else derived from (x1, x2) of a 2-D set
};

struct PreparedData {
  std::shared_ptr<const Dataset> raw_train, raw_validation;  // the set's own inputs (for drawing)
  std::shared_ptr<const Dataset> train, validation;          // with the chosen features as X
};

// True for the sets whose two inputs are the coordinates (x1, x2), which derived features need.
bool is_two_d(const Dataset& d);

// The same rows with X replaced by the chosen features of their (x1, x2).
Dataset with_features(const Dataset& raw, const std::vector<Feature>& features);

PreparedData prepare_data(const DataOptions& options);
// The same for a data set read from elsewhere (CSV): split only.
PreparedData prepare_data(const Dataset& full, double validation_fraction, std::uint64_t seed);

}  // namespace bp
