// Limits every boundary (wasm adapters, bptrain, the core's own checks) shares, named once.
#pragma once
#include <cstddef>

namespace bp {

// The largest integer a JS number holds exactly (Number.MAX_SAFE_INTEGER, 2^53 - 1): the bound of every
// integer (seed, optimizer step t, history index) that crosses the API.
constexpr long long kMaxSafeInteger = 9007199254740991LL;
// Early stopping's patience, in epochs (0 = off): 0..kMaxPatience.
constexpr std::size_t kMaxPatience = 100000;
// Epochs one run or trainFor call (and bptrain --epochs) may ask for: 0..kMaxEpochs.
constexpr std::size_t kMaxEpochs = 1000000;

}  // namespace bp
