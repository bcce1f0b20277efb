// The save format of a network (serialize.hpp): JS-identical numbers, an exact round trip, every refusal.
#include <catch2/catch.hpp>
#include <memory>
#include <stdexcept>
#include <string>

#include "helpers.hpp"
#include "serialize.hpp"

using namespace bp;
using bp::test::config;

TEST_CASE("js_number writes doubles as JavaScript's Number::toString", "[serialize]") {
  CHECK(js_number(0.0) == "0");
  CHECK(js_number(-0.0) == "0");
  CHECK(js_number(1.0) == "1");
  CHECK(js_number(-2.5) == "-2.5");
  CHECK(js_number(0.1) == "0.1");
  CHECK(js_number(0.1 + 0.2) == "0.30000000000000004");
  CHECK(js_number(1e-6) == "0.000001");
  CHECK(js_number(1e-7) == "1e-7");
  CHECK(js_number(1.5e-7) == "1.5e-7");
  CHECK(js_number(1e21) == "1e+21");
  CHECK(js_number(123456789012345680000.0) == "123456789012345680000");
  CHECK(js_number(1.7976931348623157e308) == "1.7976931348623157e+308");
  CHECK(js_number(5e-324) == "5e-324");
  CHECK(js_number(0.999) == "0.999");
  CHECK(js_number(1e-8) == "1e-8");
}

namespace {
std::unique_ptr<Network> trained(const std::string& optimizer) {
  auto net = std::make_unique<Network>(config({2, 3, 1}, "tanh", "sigmoid", "bce"));
  OptimizerConfig o;
  o.type = optimizer;
  o.lr = 0.05;
  net->set_optimizer(o);
  Regularization r;
  r.l2 = 0.001;
  net->set_regularization(r);
  Matrix X = Matrix::from_shape({4, 2}), Y = Matrix::from_shape({4, 1});
  const double xs[] = {0.5, -1, 0.25, 0.75, -0.5, 0.1, 1, 1}, ys[] = {1, 0, 0, 1};
  std::copy(xs, xs + 8, X.data());
  std::copy(ys, ys + 4, Y.data());
  for (int i = 0; i < 3; ++i) net->step(X, Y);
  return net;
}
}  // namespace

TEST_CASE("a saved network reads back to the same text, weights and state bit for bit", "[serialize]") {
  for (const char* type : {"sgd", "momentum", "rmsprop", "adam"}) {
    const auto net = trained(type);
    const std::string text = network_to_json(*net);
    const auto copy = network_from_json(text);
    CHECK(network_to_json(*copy) == text);
    CHECK(copy->optimizer().t() == 3);
    for (std::size_t l = 1; l <= 2; ++l)
      for (std::size_t i = 0; i < net->layer(l).W.size(); ++i)
        CHECK(copy->layer(l).W.data()[i] == net->layer(l).W.data()[i]);
  }
  // The layout of the text, as JSON.stringify writes the same object (state of sgd: empty objects).
  Network small(config({1, 1}, "tanh", "linear", "mse"));
  small.layer(1).W(0, 0) = 0.5;
  CHECK(network_to_json(small) ==
        "{\"format\":\"backprop-playground/"
        "network@1\",\"config\":{\"sizes\":[1,1],\"hidden\":[],\"output\":\"linear\","
        "\"loss\":\"mse\",\"init\":\"xavier\",\"seed\":1},\"layers\":[{\"W\":[0.5],\"b\":[0]}],\"optimizer\":"
        "{\"type\":"
        "\"sgd\",\"lr\":0.01,\"momentum\":0.9,\"gamma\":0.9,\"beta1\":0.9,\"beta2\":0.999,\"eps\":1e-8},"
        "\"t\":0,"
        "\"state\":[{},{}],\"regularization\":{\"l1\":0,\"l2\":0,\"dropout\":0}}");
}

namespace {
std::string refusal(const std::string& text) {
  try {
    network_from_json(text);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "(accepted)";
}
std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}
}  // namespace

TEST_CASE("network_from_json refuses, naming what is wrong", "[serialize]") {
  const std::string good = network_to_json(*trained("rmsprop"));
  CHECK(refusal("{oops") == "Network.fromJSON: text is not valid JSON (expected a string key at byte 1)");
  CHECK(refusal(good + "x") ==
        "Network.fromJSON: text is not valid JSON (unexpected text after the JSON value at byte " +
            std::to_string(good.size()) + ")");
  CHECK(refusal("[1, 2]") ==
        "Network.fromJSON: text is not a network saved by toJSON (format 'backprop-playground/network@1')");
  CHECK(refusal("{\"format\": \"other\"}") ==
        "Network.fromJSON: text is not a network saved by toJSON (format 'backprop-playground/network@1')");
  CHECK(refusal(replaced(good, "\"sizes\":[2,3,1]", "\"sizes\":[2,0,1]")) ==
        "Network: sizes[1] must be an integer in 1..64, got 0");
  CHECK(refusal(replaced(good, "\"seed\":1", "\"seed\":1,\"colour\":2"))
            .rfind("Network: unknown option 'colour'", 0) == 0);
  CHECK(refusal(replaced(good, "{\"W\":", "null,{\"W\":")) == "Network.fromJSON: layers must list 2 layers");
  CHECK(refusal(replaced(good, "\"b\":[", "\"b\":[7,")) ==
        "Network.fromJSON: layers[0] has the wrong number of entries");
  CHECK(refusal(replaced(good, "\"b\":[", "\"b\":[\"x\",")) ==
        "Network.fromJSON: layers[0].b[0] must be a finite number, got 'x'");
  CHECK(refusal(replaced(good, "\"b\":[", "\"b\":[1e999,")) ==
        "Network.fromJSON: layers[0].b[0] must be a finite number, got Infinity");
  CHECK(refusal(replaced(good, "\"state\":[{", "\"state\":[null,{")) ==
        "Network.fromJSON: state must list the optimizer state of 4 tensors");
  CHECK(refusal(replaced(good, "\"t\":3", "\"t\":-1")) ==
        "Network.fromJSON: t must be an integer in 0..9007199254740991, got -1");
  CHECK(refusal(replaced(good, "\"lr\":0.05", "\"lr\":\"fast\"")) ==
        "Network.fromJSON: optimizer: lr must be a finite number, got 'fast'");
  CHECK(refusal(replaced(good, "\"s\":[", "\"s\":[-1,")).find("has the wrong size") != std::string::npos);
}
