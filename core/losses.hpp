// The losses of the course and where each meets the output layer: value, dL/dA^[L] and dL/dZ^[L].
// The loss is the mean over the m examples of the per-example loss (architecture.md).
#pragma once
#include <cstddef>
#include <string>

#include "activations.hpp"

namespace bp {

enum class Loss { mse, bce, cross_entropy };

Loss parse_loss(const std::string& name, const std::string& field);
const char* loss_name(Loss loss);

// Which output activations a loss accepts: mse any of linear/sigmoid/tanh; bce only sigmoid (computed
// from the logits); cross_entropy only softmax (computed from the logits). Throws naming the rule.
void check_output_loss(Activation output, Loss loss);

// Checks the targets Y (n, m): finite; in [0, 1] for bce; one-hot columns for cross_entropy.
void check_targets(Loss loss, const double* Y, std::size_t n, std::size_t m, const std::string& field);

// Mean loss over the m columns. Z, A, Y are (n, m). Sigmoid+BCE and softmax+CE read the logits Z, so the
// value stays finite for |z| up to 1e4 and more.
double loss_value(Loss loss, const double* Z, const double* A, const double* Y, std::size_t n, std::size_t m);

// Fills dA = dL/dA^[L] and dZ = dL/dZ^[L] of the mean loss. For the fused pairs dZ = (A − Y)/m exactly
// (homework bonus 2); their dA, shown for teaching, has its denominator kept away from 0 so it stays finite.
void output_gradients(Loss loss, Activation output, const double* Z, const double* A, const double* Y, double* dA,
                      double* dZ, std::size_t n, std::size_t m);

}  // namespace bp
