// Data preparation shared by the page, the JS API and bptrain (see experiment.hpp).
#include "experiment.hpp"

namespace bp {

bool is_two_d(const Dataset& d) {
  return d.X.shape()[1] == 2 && d.feature_names.size() == 2 && d.feature_names[0] == "x1" &&
         d.feature_names[1] == "x2";
}

Dataset with_features(const Dataset& raw, const std::vector<Feature>& features) {
  Dataset out = raw;
  out.X = raw.X.shape()[0] > 0 ? derive_features(raw.X, features)
                               : Matrix(Matrix::from_shape({0, features.size()}));
  out.feature_names.clear();
  for (Feature f : features) out.feature_names.push_back(feature_name(f));
  return out;
}

PreparedData prepare_data(const Dataset& full, double validation_fraction, std::uint64_t seed) {
  Split parts = split(full, validation_fraction, seed);
  PreparedData out;
  out.raw_train = out.train = std::make_shared<Dataset>(std::move(parts.train));
  out.raw_validation = out.validation = std::make_shared<Dataset>(std::move(parts.validation));
  return out;
}

PreparedData prepare_data(const DataOptions& options) {
  DatasetSpec spec;
  spec.name = options.name;
  spec.n = options.n;
  spec.noise = options.noise;
  spec.seed = options.seed;
  const Dataset full = make_dataset(spec);
  // The split has a stream of its own, so changing the noise or n keeps it comparable.
  PreparedData out =
      prepare_data(full, options.validation_fraction, Rng::stream_seed(options.seed, RngStream::split));
  if (!options.features.empty()) {
    require(is_two_d(full), "features",
            "derived features apply to 2-D data (x1, x2); '" + options.name + "' has other inputs");
    out.train = std::make_shared<Dataset>(with_features(*out.raw_train, options.features));
    out.validation = std::make_shared<Dataset>(with_features(*out.raw_validation, options.features));
  }
  return out;
}

}  // namespace bp
