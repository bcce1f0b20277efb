// Weight initializers: xavier (Glorot uniform), he (normal), uniform, zeros. Biases start at 0.
#pragma once
#include <string>
#include <vector>

#include "rng.hpp"
#include "tensor.hpp"

namespace bp {

enum class Init { xavier, he, uniform, zeros };

Init parse_init(const std::string& name, const std::string& field);
const char* init_name(Init init);
std::vector<std::string> init_names();  // in the enum's order

// Fills W (n_out, n_in): xavier U(−√(6/(n_in+n_out)), +√(6/(n_in+n_out))); he N(0, 2/n_in);
// uniform U(−0.5, 0.5); zeros 0.
void initialize(Init init, Matrix& W, Rng& rng);

}  // namespace bp
