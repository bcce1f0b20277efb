// The activation table: each activation σ, its derivative σ', and its name, in one place.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

namespace bp {

enum class Activation { linear, relu, leaky_relu, sigmoid, tanh, softmax };

constexpr double kLeakySlope = 0.01;  // leaky_relu(z) = 0.01 z for z <= 0

// The activation table: every activation once, with where it may go and the range of its values.
struct ActivationInfo {
  Activation activation;
  const char* name;
  bool hidden;    // allowed in a hidden layer (all but softmax, which normalizes a whole layer)
  bool output;    // allowed as the output layer (some loss of output_pairs() in losses.hpp takes it)
  double lo, hi;  // the range of σ: [lo, hi], ±infinity where unbounded
};
const std::vector<ActivationInfo>& activation_table();  // in the enum's order
const ActivationInfo& activation_info(Activation act);
std::vector<std::string> activation_names();

// "relu" -> Activation::relu; throws std::invalid_argument naming `field` for an unknown name.
Activation parse_activation(const std::string& name, const std::string& field);
const char* activation_name(Activation act);

// σ(z) and σ'(z) of one scalar (softmax has no scalar form and throws). The derivative at a kink takes
// the left value: relu'(0) = 0, leaky_relu'(0) = 0.01.
double activate(Activation act, double z);
double activation_derivative(Activation act, double z);

// A (n, m) = σ(Z (n, m)) element-wise, or column-wise for softmax (each column an example).
void activate(Activation act, const double* Z, double* A, std::size_t n, std::size_t m);

// dZ = dA ⊙ σ'(Z) over `count` entries, σ' taken from Z or from A = σ(Z), whichever is cheaper.
// Not for softmax, whose Jacobian is not diagonal (it is only used fused with cross-entropy).
void backprop_activation(Activation act, const double* Z, const double* A, const double* dA, double* dZ,
                         std::size_t count);

}  // namespace bp
