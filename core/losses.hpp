// The losses of the course and where each meets the output layer: value, dL/dA^[L] and dL/dZ^[L].
// The loss is the mean over the m examples of the per-example loss (architecture.md).
#pragma once
#include <cstddef>
#include <string>
#include <vector>

#include "activations.hpp"

namespace bp {

enum class Loss { mse, bce, cross_entropy };

Loss parse_loss(const std::string& name, const std::string& field);
const char* loss_name(Loss loss);
std::vector<std::string> loss_names();  // in the enum's order

// The one pair table: which losses go with each output activation, and the default partner. mse takes
// linear, sigmoid or tanh; bce only sigmoid and cross_entropy only softmax (both computed from the logits).
// The outputs are those of activation_table() marked `output`, in its order.
struct OutputPair {
  Activation output;
  std::vector<Loss> losses;
  Loss default_loss;  // the loss a network with this output gets when none is named
};
const std::vector<OutputPair>& output_pairs();
bool pairs_with(Activation output, Loss loss);
// The default loss of an output (mse for an activation that is no output, which the check then refuses),
// and the default output of a loss: the first output in the table whose default loss it is.
Loss default_loss(Activation output);
Activation default_output(Loss loss);

// Throws naming the rule unless output_pairs() lets `output` go with `loss`.
void check_output_loss(Activation output, Loss loss);

// Checks the targets Y (n, m): finite; in [0, 1] for bce; one-hot columns for cross_entropy.
void check_targets(Loss loss, const double* Y, std::size_t n, std::size_t m, const std::string& field);

// Mean loss over the m columns. Z, A, Y are (n, m). Sigmoid+BCE and softmax+CE read the logits Z, so the
// value stays finite for |z| up to 1e4 and more.
double loss_value(Loss loss, const double* Z, const double* A, const double* Y, std::size_t n, std::size_t m);

// Fills dA = dL/dA^[L] and dZ = dL/dZ^[L] of the mean loss. For the fused pairs dZ = (A − Y)/m exactly
// (homework bonus 2); their dA, shown for teaching, has its denominator kept away from 0 so it stays finite.
void output_gradients(Loss loss, Activation output, const double* Z, const double* A, const double* Y,
                      double* dA, double* dZ, std::size_t n, std::size_t m);

}  // namespace bp
