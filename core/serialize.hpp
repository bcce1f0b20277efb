// The save format of a network ('backprop-playground/network@1'): its config, weights, optimizer with its
// state, and regularization as JSON text. One writer and one strict reader, used by the JS API (toJSON,
// fromJSON) and by bptrain (--save, --load), so a file saved by either loads in the other.
#pragma once
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "network.hpp"

namespace bp {

constexpr const char* kNetworkFormat = "backprop-playground/network@1";
// The longest text network_from_json reads: the largest network the limits allow, saved with Adam's state,
// is ~4 MB.
constexpr std::size_t kMaxSavedNetworkBytes = 16u << 20;

// A double as JavaScript's Number::toString writes it (and so JSON.stringify): the shortest digits that read
// back to the same bits, -0 as 0, exponent form below 1e-6 and from 1e21 on ("1e-7", "1.5e+21").
std::string js_number(double value);

// The network as JSON, byte for byte what JSON.stringify writes for the same object: format, config,
// layers [{W, b}], optimizer, t, state (one object of named arrays per parameter slot, adam's m̂ and v̂
// left out: they follow from m, v and t), regularization.
std::string network_to_json(const Network& net);

// The network saved in `text`, or std::invalid_argument naming `where` and what is wrong: not JSON (with the
// byte offset), another format, a setting out of its rule, a tensor of the wrong size, an unreachable
// optimizer state.
std::unique_ptr<Network> network_from_json(std::string_view text,
                                           const std::string& where = "Network.fromJSON");

}  // namespace bp
