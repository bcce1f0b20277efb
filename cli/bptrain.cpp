// bptrain: the native command-line trainer. The same data, network, optimizer and trainer as the page, so
// a run here prints the numbers the page (and the JS API) computes, to the last bit.
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "csv.hpp"
#include "experiment.hpp"
#include "network.hpp"
#include "trainer.hpp"

namespace {

struct Flag {
  const char* name;
  const char* value;    // what the value looks like
  const char* fallback; // default, as text
  const char* help;
};

// Every flag, with its default; --help prints this table.
const Flag kFlags[] = {
    {"dataset", "NAME", "circle", "circle, xor, gauss, spiral, moons, blobs3, sin, abs, step, cubic, line, plane, iris"},
    {"csv", "FILE", "", "train on a CSV file instead (header row, numeric columns, the last column(s) the target)"},
    {"targets", "K", "1", "with --csv: how many last columns are targets"},
    {"task", "TASK", "", "with --csv: regression or classification (class labels 0..k-1 in the last column)"},
    {"n", "N", "200", "examples to generate (1..10000; iris always has 150)"},
    {"noise", "X", "0", "label-flip probability rho (classification) or noise sigma (regression)"},
    {"validation", "F", "0.5", "fraction of the examples held out for validation, 0..0.9"},
    {"features", "LIST", "", "2-D data: input features from x1,x2,x1sq,x2sq,x1x2,sinx1,sinx2 (default x1,x2)"},
    {"layers", "LIST", "8,8", "hidden layer widths, e.g. 8,8 (empty for none); 1..64 each"},
    {"hidden", "ACT", "tanh", "hidden activation(s): linear, relu, leaky_relu, sigmoid, tanh; one or a list"},
    {"output", "ACT", "", "output activation: linear, sigmoid, tanh, softmax (default: suits the data)"},
    {"loss", "LOSS", "", "mse, bce or cross_entropy (default: suits the output)"},
    {"init", "INIT", "xavier", "xavier, he, uniform or zeros"},
    {"optimizer", "OPT", "sgd", "sgd, momentum, rmsprop or adam"},
    {"lr", "X", "0.03", "learning rate eta"},
    {"momentum", "X", "0.9", "mu of momentum"},
    {"gamma", "X", "0.9", "gamma of rmsprop"},
    {"beta1", "X", "0.9", "beta1 of adam"},
    {"beta2", "X", "0.999", "beta2 of adam"},
    {"eps", "X", "1e-8", "epsilon of rmsprop and adam (inside the square root)"},
    {"batch", "B", "10", "batch size: 1 = stochastic GD, 0 = all (batch GD), else mini-batch"},
    {"l1", "X", "0", "L1 regularization lambda"},
    {"l2", "X", "0", "L2 regularization lambda"},
    {"dropout", "P", "0", "dropout probability of hidden neurons in training steps"},
    {"patience", "E", "0", "early stopping after E epochs without improvement (0 = off)"},
    {"epochs", "E", "100", "epochs to train"},
    {"seed", "S", "1", "seed of the data, the split, the weights, the shuffles and dropout"},
};

[[noreturn]] void usage_error(const std::string& message) {
  std::fprintf(stderr, "bptrain: %s (see bptrain --help)\n", message.c_str());
  std::exit(2);
}

void print_help() {
  std::printf(
      "bptrain: train a network of the Backprop Playground from the command line.\n"
      "Prints one line per epoch: epoch, training loss, validation loss, training accuracy, validation\n"
      "accuracy (losses are the mean data loss over the whole set; accuracy is nan for regression).\n\n"
      "usage: bptrain [--flag value]...\n\n");
  for (const Flag& f : kFlags) {
    const std::string left = std::string("--") + f.name + " " + f.value;
    std::printf("  %-20s %s", left.c_str(), f.help);
    if (*f.fallback) std::printf(" [%s]", f.fallback);
    std::printf("\n");
  }
  std::printf("  %-20s %s\n", "--help", "this text");
}

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> items;
  std::stringstream in(text);
  std::string item;
  while (std::getline(in, item, ',')) items.push_back(item);
  return items;
}

double number(const std::map<std::string, std::string>& values, const std::string& name) {
  const std::string& text = values.at(name);
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  if (text.empty() || *end != '\0' || !std::isfinite(v)) usage_error("--" + name + " must be a number, got '" + text + "'");
  return v;
}

long long integer(const std::map<std::string, std::string>& values, const std::string& name, long long lo, long long hi) {
  const double v = number(values, name);
  if (std::floor(v) != v || v < static_cast<double>(lo) || v > static_cast<double>(hi))
    usage_error("--" + name + " must be an integer in " + std::to_string(lo) + ".." + std::to_string(hi) + ", got '" +
                values.at(name) + "'");
  return static_cast<long long>(v);
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) usage_error("cannot read --csv file '" + path + "'");
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string fmt(double v) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

}  // namespace

int main(int argc, char** argv) {
  std::map<std::string, std::string> values;
  for (const Flag& f : kFlags) values[f.name] = f.fallback;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      print_help();
      return 0;
    }
    if (arg.rfind("--", 0) != 0) usage_error("unexpected argument '" + arg + "'");
    std::string name = arg.substr(2), value;
    const auto eq = name.find('=');
    if (eq != std::string::npos) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
    } else {
      if (i + 1 >= argc) usage_error("--" + name + " needs a value");
      value = argv[++i];
    }
    if (!values.count(name)) usage_error("unknown flag --" + name);
    values[name] = value;
  }

  try {
    using namespace bp;
    // Data.
    const double fraction = number(values, "validation");
    const auto seed = static_cast<std::uint64_t>(integer(values, "seed", 0, 9007199254740991LL));
    PreparedData data;
    if (!values["csv"].empty()) {
      Task task = Task::regression;
      if (values["task"] == "classification") task = Task::classification;
      else if (!values["task"].empty() && values["task"] != "regression")
        usage_error("--task must be regression or classification, got '" + values["task"] + "'");
      const auto targets = static_cast<std::size_t>(integer(values, "targets", 1, 63));
      data = prepare_data(parse_csv(read_file(values["csv"]), targets, task), fraction, seed);
    } else {
      DataOptions options;
      options.name = values["dataset"];
      options.n = static_cast<std::size_t>(integer(values, "n", 1, 10000));
      options.noise = number(values, "noise");
      options.seed = seed;
      options.validation_fraction = fraction;
      for (const auto& f : split_list(values["features"])) options.features.push_back(parse_feature(f, "--features"));
      data = prepare_data(options);
    }
    const Dataset& train = *data.train;

    // Network.
    NetworkConfig config;
    config.sizes.push_back(train.X.shape()[1]);
    for (const auto& w : split_list(values["layers"])) {
      char* end = nullptr;
      const long width = std::strtol(w.c_str(), &end, 10);
      if (w.empty() || *end != '\0') usage_error("--layers must be widths like 8,8, got '" + values["layers"] + "'");
      config.sizes.push_back(width < 1 ? 0 : static_cast<std::size_t>(width));
    }
    config.sizes.push_back(train.Y.shape()[1]);
    const auto hidden = split_list(values["hidden"]);
    for (std::size_t l = 0; l + 2 < config.sizes.size(); ++l)
      config.hidden.push_back(parse_activation(hidden.size() == 1 ? hidden[0] : (l < hidden.size() ? hidden[l] : "?"),
                                               "--hidden"));
    const bool classification = train.task == Task::classification;
    const std::size_t outputs = train.Y.shape()[1];
    config.output = values["output"].empty()
                        ? (classification ? (outputs > 1 ? Activation::softmax : Activation::sigmoid) : Activation::linear)
                        : parse_activation(values["output"], "--output");
    config.loss = values["loss"].empty()
                      ? (config.output == Activation::softmax ? Loss::cross_entropy
                                                              : (config.output == Activation::sigmoid && classification ? Loss::bce : Loss::mse))
                      : parse_loss(values["loss"], "--loss");
    config.init = parse_init(values["init"], "--init");
    config.seed = seed;
    Network net(config);
    net.set_optimizer({values["optimizer"], number(values, "lr"), number(values, "momentum"), number(values, "gamma"),
                       number(values, "beta1"), number(values, "beta2"), number(values, "eps")});
    net.set_regularization({number(values, "l1"), number(values, "l2"), number(values, "dropout")});

    // Training.
    TrainerConfig tc;
    tc.batch_size = static_cast<std::size_t>(integer(values, "batch", 0, 65536));
    tc.seed = seed;
    tc.patience = static_cast<std::size_t>(integer(values, "patience", 0, 100000));
    Trainer trainer(net, train, *data.validation, tc);
    const auto epochs = static_cast<std::size_t>(integer(values, "epochs", 0, 1000000));
    std::printf("# epoch train_loss validation_loss train_accuracy validation_accuracy\n");
    for (std::size_t e = 0; e < epochs && trainer.status() == TrainerStatus::running; ++e) {
      const EpochRecord r = trainer.run_epoch();
      if (trainer.history().size() != e + 1) break;  // stopped inside the epoch
      std::printf("%zu %s %s %s %s\n", r.epoch, fmt(r.train_loss).c_str(), fmt(r.validation_loss).c_str(),
                  fmt(r.train_accuracy).c_str(), fmt(r.validation_accuracy).c_str());
    }
    if (trainer.status() != TrainerStatus::running) std::printf("# stopped: %s\n", trainer.stop_reason().c_str());
    if (std::isfinite(bayes_error_rate(train)))
      std::printf("# Bayes error rate %s; Bayes %s loss %s\n", fmt(bayes_error_rate(train)).c_str(),
                  loss_name(config.loss), fmt(bayes_loss(train, config.loss)).c_str());
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bptrain: %s\n", e.what());
    return 2;
  }
}
