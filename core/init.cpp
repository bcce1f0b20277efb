// Weight initializers (see init.hpp).
#include "init.hpp"

#include <cmath>
#include <iterator>
#include <stdexcept>

#include "text.hpp"

namespace bp {

namespace {
constexpr const char* kInitNames[] = {"xavier", "he", "uniform", "zeros"};  // in the enum's order
}  // namespace

std::vector<std::string> init_names() {
  return {std::begin(kInitNames), std::end(kInitNames)};
}

Init parse_init(const std::string& name, const std::string& field) {
  return static_cast<Init>(name_index(init_names(), name, field));
}

const char* init_name(Init init) {
  return kInitNames[static_cast<std::size_t>(init)];
}

void initialize(Init init, Matrix& W, Rng& rng) {
  const double n_out = static_cast<double>(W.shape()[0]), n_in = static_cast<double>(W.shape()[1]);
  double* w = W.data();
  const std::size_t count = W.size();
  switch (init) {
    case Init::xavier: {
      const double limit = std::sqrt(6.0 / (n_in + n_out));
      for (std::size_t i = 0; i < count; ++i) w[i] = rng.uniform(-limit, limit);
      return;
    }
    case Init::he: {
      const double stddev = std::sqrt(2.0 / n_in);
      for (std::size_t i = 0; i < count; ++i) w[i] = rng.normal(0.0, stddev);
      return;
    }
    case Init::uniform:
      for (std::size_t i = 0; i < count; ++i) w[i] = rng.uniform(-0.5, 0.5);
      return;
    case Init::zeros:
      for (std::size_t i = 0; i < count; ++i) w[i] = 0.0;
      return;
  }
}

}  // namespace bp
