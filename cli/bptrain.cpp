// bptrain: the native command-line trainer. The same data, network, optimizer and trainer as the page, so
// a run here prints the numbers the page (and the JS API) computes, to the last bit.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "csv.hpp"
#include "experiment.hpp"
#include "limits.hpp"
#include "network.hpp"
#include "serialize.hpp"
#include "text.hpp"
#include "trainer.hpp"

namespace {

using bp::FieldError;

struct Flag {
  std::string name;
  std::string value;     // what the value looks like
  std::string fallback;  // default, as text
  std::string help;
};

// "a, b or c": one of the core's name lists as the help text says it.
std::string either(const std::vector<std::string>& names) {
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i)
    out += (i == 0 ? "" : (i + 1 == names.size() ? " or " : ", ")) + names[i];
  return out;
}

std::string joined(const std::vector<std::string>& names, const char* separator) {
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) out += (i == 0 ? "" : separator) + names[i];
  return out;
}

// The activations allowed as hidden layers or as the output (the core's activation table).
std::vector<std::string> activations_for(bool output) {
  std::vector<std::string> names;
  for (const bp::ActivationInfo& info : bp::activation_table())
    if (output ? info.output : info.hidden) names.push_back(info.name);
  return names;
}

// A default number as the help shows it: the core's one number formatter (0.5, 1e-8).
std::string shown(double value) {
  return bp::format_number(value);
}

// The flag that sets a core setting whose name differs from it (the others are their own flag).
std::string flag_of_field(const std::string& field) {
  static const std::map<std::string, std::string> kFlagOf = {
      {"validation_fraction", "--validation"}, {"batch_size", "--batch"}, {"target_columns", "--targets"}};
  const auto it = kFlagOf.find(field);
  return it != kFlagOf.end() ? it->second : "--" + field;
}

// The core's defaults, which the flags' defaults are (bptrain's own: lr, layers, hidden, epochs).
const bp::DataOptions kData{};
const bp::OptimizerConfig kOptimizer{};
const bp::Regularization kReg{};

// Every flag, with its default; --help prints this table. The name lists and the validation fractions are
// the core's.
const std::vector<Flag> kFlags = {
    {"dataset", "NAME", kData.name, joined(bp::dataset_names(), ", ")},
    {"csv", "FILE", "",
     "train on a CSV file instead (header row, numeric columns, the last column(s) the target)"},
    {"targets", "K", "1", "with --csv: how many last columns are targets"},
    {"task", "TASK", "", "with --csv: regression or classification (class labels 0..k-1 in the last column)"},
    {"n", "N", std::to_string(kData.n),
     "examples to generate (1.." + std::to_string(bp::kMaxExamples) + "; iris always has 150)"},
    {"noise", "X", shown(kData.noise),
     "label-flip probability rho (classification) or noise sigma (regression)"},
    {"validation", "F", "",
     "fraction of the examples held out for validation, 0..0.9 (default " + shown(bp::kValidationFraction) +
         ", " + shown(bp::kCsvValidationFraction) + " with --csv)"},
    {"features", "LIST", "",
     "2-D data: input features from " + joined(bp::feature_names(), ",") + " (default x1,x2)"},
    {"layers", "LIST", "8,8",
     "hidden layer widths, e.g. 8,8 (empty for none); 1.." + std::to_string(bp::kMaxWidth) + " each"},
    {"hidden", "ACT", bp::activation_name(bp::kDefaultHidden),
     "hidden activation(s): " + joined(activations_for(false), ", ") + "; one or a list"},
    {"output", "ACT", "",
     "output activation: " + joined(activations_for(true), ", ") + " (default: suits the data)"},
    {"loss", "LOSS", "", either(bp::loss_names()) + " (default: suits the output)"},
    {"init", "INIT", bp::init_name(bp::NetworkConfig{}.init), either(bp::init_names())},
    {"optimizer", "OPT", kOptimizer.type, either(bp::optimizer_names())},
    {"lr", "X", "0.03", "learning rate eta"},
    {"momentum", "X", shown(kOptimizer.momentum), "mu of momentum"},
    {"gamma", "X", shown(kOptimizer.gamma), "gamma of rmsprop"},
    {"beta1", "X", shown(kOptimizer.beta1), "beta1 of adam"},
    {"beta2", "X", shown(kOptimizer.beta2), "beta2 of adam"},
    {"eps", "X", shown(kOptimizer.eps), "epsilon of rmsprop and adam (inside the square root)"},
    {"batch", "B", std::to_string(bp::TrainerConfig{}.batch_size),
     "batch size: 1 = stochastic GD, 0 = all (batch GD), else mini-batch"},
    {"l1", "X", shown(kReg.l1), "L1 regularization lambda"},
    {"l2", "X", shown(kReg.l2), "L2 regularization lambda"},
    {"dropout", "P", shown(kReg.dropout), "dropout probability of hidden neurons in training steps"},
    {"patience", "E", std::to_string(bp::TrainerConfig{}.patience),
     "early stopping after E epochs without improvement (0 = off)"},
    {"epochs", "E", "100", "epochs to train (0.." + std::to_string(bp::kMaxEpochs) + ")"},
    {"seed", "S", std::to_string(kData.seed),
     "seed of the data, the split, the weights, the shuffles and dropout"},
    {"load", "FILE", "",
     "start from a network saved by --save or the page's toJSON (its layers, optimizer, state)"},
    {"save", "FILE", "", "write the trained network as JSON, as toJSON does (bp.Network.fromJSON reads it)"},
};

// The flags that set the network, its optimizer or its regularization: a --load file sets all of those.
const char* const kNetworkOnly[] = {"layers",    "hidden", "output",   "loss",  "init",
                                    "optimizer", "lr",     "momentum", "gamma", "beta1",
                                    "beta2",     "eps",    "l1",       "l2",    "dropout"};

// The flags that only describe a generated data set, and those that only describe a --csv file: giving one
// of the other kind would be silently ignored, so it is refused.
const char* const kGeneratedOnly[] = {"dataset", "n", "noise", "features"};
const char* const kCsvOnly[] = {"targets", "task"};

[[noreturn]] void usage_error(const std::string& message) {
  std::fprintf(stderr, "bptrain: %s (see bptrain --help)\n", message.c_str());
  std::exit(2);
}

void print_help() {
  std::printf(
      "bptrain: train a network of the Backprop Playground from the command line.\n"
      "Prints one line per epoch: epoch, training loss, validation loss, training accuracy, validation\n"
      "accuracy (losses are the mean data loss over the whole set; accuracy is nan for regression, and the\n"
      "validation columns are nan when no example is held out).\n\n"
      "usage: bptrain [--flag value | --flag=value]...\n\n");
  for (const Flag& f : kFlags) {
    const std::string left = "--" + f.name + " " + f.value;
    std::printf("  %-20s %s", left.c_str(), f.help.c_str());
    if (!f.fallback.empty()) std::printf(" [%s]", f.fallback.c_str());
    std::printf("\n");
  }
  std::printf("  %-20s %s\n\n", "--help, -h", "this text");
  std::printf(
      "Each flag at most once, with a value that is not empty (but --layers '' for no hidden layer).\n"
      "--dataset, --n, --noise and --features describe a generated set; --targets and --task a --csv file.\n"
      "Numbers are written as in CSV files: decimal, with an optional exponent (0.03, -2, .5, 3e-4);\n"
      "no hex, inf, nan or spaces. --csv must be a regular file of at most %zu bytes.\n"
      "Exit status: 0 when trained, 2 for a bad flag, value or data file, 1 when the output cannot be\n"
      "written.\n",
      bp::kCsvMaxBytes);
}

// Splits at every comma, keeping empty items ("8," is two items, the second empty), so that an empty item
// is refused rather than dropped; "" is no items.
std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> items;
  if (text.empty()) return items;
  std::size_t start = 0;
  for (;;) {
    const std::size_t comma = text.find(',', start);
    items.push_back(text.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
    if (comma == std::string::npos) return items;
    start = comma + 1;
  }
}

// The field name of item i (0-based) of a list flag in messages: "--hidden" for a one-item list.
std::string item_field(const std::string& flag, std::size_t i, std::size_t count) {
  return count == 1 ? flag : flag + " item " + std::to_string(i + 1);
}

using Values = std::map<std::string, std::string>;

// A number in the CSV reader's syntax (bp::parse_decimal), finite.
double number(const std::string& field, const std::string& text) {
  double v = 0;
  if (!bp::parse_decimal(text, v))
    usage_error(field + " must be a number, got " + bp::quoted(text) +
                "; numbers are decimal, such as 1.5 or -2e3");
  if (!std::isfinite(v))
    usage_error(field + " must be a number, got " + bp::quoted(text) +
                "; that is beyond the range of a double");
  return v;
}

double number(const Values& values, const std::string& name) {
  return number("--" + name, values.at(name));
}

long long integer(const Values& values, const std::string& name, long long lo, long long hi) {
  const double v = number(values, name);
  if (std::floor(v) != v || v < static_cast<double>(lo) || v > static_cast<double>(hi))
    usage_error("--" + name + " must be an integer in " + std::to_string(lo) + ".." + std::to_string(hi) +
                ", got " + bp::quoted(values.at(name)));
  return static_cast<long long>(v);
}

// What a file that is not a regular one is, for the message refusing it.
const char* file_kind(mode_t mode) {
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISSOCK(mode)) return "a socket";
  return "not a regular file";
}

// A --load file: a regular file of at most kMaxSavedNetworkBytes bytes.
std::string read_saved_network(const std::string& path) {
  const std::string name = bp::quoted(path);
  std::ifstream in(path, std::ios::binary);
  if (!in) usage_error("cannot read --load file " + name + ": " + std::strerror(errno));
  std::string text;
  char buf[65536];
  while (in.read(buf, sizeof buf) || in.gcount() > 0) {
    text.append(buf, static_cast<std::size_t>(in.gcount()));
    if (text.size() > bp::kMaxSavedNetworkBytes)
      usage_error("--load file " + name + " is larger than " + std::to_string(bp::kMaxSavedNetworkBytes) +
                  " bytes");
  }
  if (in.bad()) usage_error("cannot read --load file " + name + ": " + std::strerror(errno));
  return text;
}

// The --csv file. Its type and size are checked before it is opened for reading: a directory, a FIFO
// (whose open would block until a writer comes), a device such as /dev/zero (endless) or a file over the
// CSV limit is refused without reading a byte; symbolic links are followed, so a link to /dev/zero is
// refused as a device. It is checked again on the open descriptor (the path may have been replaced in
// between), and at most kCsvMaxBytes + 1 bytes are ever read, so a file that grows meanwhile is refused too.
std::string read_csv_file(const std::string& path) {
  const std::string name = bp::quoted(path);
  const auto refuse_kind = [&](mode_t mode) {
    usage_error("--csv must be a regular file; " + name + " is " + file_kind(mode));
  };
  const auto refuse_size = [&](const std::string& size) {
    usage_error("--csv must be a file of at most " + std::to_string(bp::kCsvMaxBytes) + " bytes (2 MB); " +
                name + " has " + size + " bytes");
  };
  const auto refuse_errno = [&]() {
    usage_error("cannot read --csv file " + name + ": " + std::strerror(errno));
  };

  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) refuse_errno();
  if (!S_ISREG(info.st_mode)) refuse_kind(info.st_mode);
  if (static_cast<std::uintmax_t>(info.st_size) > bp::kCsvMaxBytes) refuse_size(std::to_string(info.st_size));

  const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) refuse_errno();
  if (::fstat(fd, &info) != 0) refuse_errno();
  if (!S_ISREG(info.st_mode)) refuse_kind(info.st_mode);
  if (static_cast<std::uintmax_t>(info.st_size) > bp::kCsvMaxBytes) refuse_size(std::to_string(info.st_size));

  std::string text(bp::kCsvMaxBytes + 1, '\0');
  std::size_t got = 0;
  while (got < text.size()) {
    const ssize_t n = ::read(fd, &text[got], text.size() - got);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) refuse_errno();
    if (n == 0) break;
    got += static_cast<std::size_t>(n);
  }
  ::close(fd);
  if (got > bp::kCsvMaxBytes) refuse_size("more than " + std::to_string(bp::kCsvMaxBytes));
  text.resize(got);
  return text;
}

std::string fmt(double v) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

// Writes one line of the output and flushes it, so that a run killed at any moment leaves only whole lines
// (a pipe gets each line in one write). A failed write (a full disk, a closed pipe) ends the run.
void output_line(const std::string& line) {
  if (std::fputs((line + "\n").c_str(), stdout) < 0 || std::fflush(stdout) != 0) {
    std::fprintf(stderr, "bptrain: cannot write the output: %s\n", std::strerror(errno));
    std::exit(1);
  }
}

}  // namespace

int main(int argc, char** argv) {
  Values values;
  for (const Flag& f : kFlags) values[f.name] = f.fallback;
  std::set<std::string> given;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg.rfind("--help=", 0) == 0) usage_error("--help takes no value");
    if (arg == "--help" || arg == "-h") {
      print_help();
      return 0;
    }
    if (arg.rfind("--", 0) != 0) usage_error("unexpected argument " + bp::quoted(arg));
    std::string name = arg.substr(2), value;
    const auto eq = name.find('=');
    if (eq != std::string::npos) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
    }
    if (!values.count(name)) {
      const std::string flag = bp::quoted("--" + name);  // quotes only a name that needs them
      usage_error("unknown flag " + (flag == "'--" + name + "'" ? "--" + name : flag));
    }
    if (eq == std::string::npos) {
      if (i + 1 >= argc) usage_error("--" + name + " needs a value");
      value = argv[++i];
    }
    if (given.count(name))
      usage_error("--" + name + " is given twice: " + bp::quoted(values[name]) + ", then " +
                  bp::quoted(value));
    if (value.empty() && name != "layers") usage_error("--" + name + " needs a value, got an empty one");
    given.insert(name);
    values[name] = value;
  }
  const bool csv = given.count("csv") > 0;
  for (const char* name : kGeneratedOnly)
    if (csv && given.count(name))
      usage_error(std::string("--") + name + " describes a generated data set; it cannot go with --csv");
  for (const char* name : kCsvOnly)
    if (!csv && given.count(name))
      usage_error(std::string("--") + name + " describes a --csv file; give --csv too");

  try {
    using namespace bp;
    // Data.
    // --validation's default is the core's, for generated sets and CSV data alike.
    if (values["validation"].empty())
      values["validation"] = shown(csv ? kCsvValidationFraction : kValidationFraction);
    const double fraction = number(values, "validation");
    const auto seed = static_cast<std::uint64_t>(integer(values, "seed", 0, bp::kMaxSafeInteger));
    PreparedData data;
    if (csv) {
      Task task = Task::regression;
      if (values["task"] == "classification")
        task = Task::classification;
      else if (!values["task"].empty() && values["task"] != "regression")
        usage_error("--task must be regression or classification, got " + quoted(values["task"]));
      const auto targets = static_cast<std::size_t>(integer(values, "targets", 1, 63));
      data = prepare_data(parse_csv(read_csv_file(values["csv"]), targets, task), fraction, seed);
    } else {
      DataOptions options;
      options.name = values["dataset"];
      options.n = static_cast<std::size_t>(integer(values, "n", 1, 10000));
      options.noise = number(values, "noise");
      options.seed = seed;
      options.validation_fraction = fraction;
      const auto features = split_list(values["features"]);
      for (std::size_t i = 0; i < features.size(); ++i)
        options.features.push_back(parse_feature(features[i], item_field("--features", i, features.size())));
      data = prepare_data(options);
    }
    const Dataset& train = *data.train;

    // Network. The core checks the widths; here only that each is a whole number it can be handed.
    const bool load = given.count("load") > 0;
    std::unique_ptr<Network> net;
    if (load) {
      for (const char* name : kNetworkOnly)
        if (given.count(name) > 0)
          usage_error(std::string("--") + name + " sets the network; --load gives it");
      const std::string path = values["load"];
      net = network_from_json(read_saved_network(path), "--load " + quoted(path));
      const auto& sizes = net->config().sizes;
      if (sizes.front() != train.X.shape()[1] || sizes.back() != train.Y.shape()[1])
        usage_error("--load " + quoted(path) + ": the network takes " + std::to_string(sizes.front()) +
                    " inputs and gives " + std::to_string(sizes.back()) + " outputs, the data has " +
                    std::to_string(train.X.shape()[1]) + " and " + std::to_string(train.Y.shape()[1]));
    } else {
      NetworkConfig config;
      config.sizes.push_back(train.X.shape()[1]);
      const auto widths = split_list(values["layers"]);
      for (std::size_t i = 0; i < widths.size(); ++i) {
        double width = 0;
        if (!parse_decimal(widths[i], width) || std::floor(width) != width || width < 0 ||
            width > static_cast<double>(bp::kMaxSafeInteger))
          usage_error("--layers must list hidden widths in 1.." + std::to_string(kMaxWidth) + " such as 8,8" +
                      (widths.size() == 1 ? ", got " + quoted(widths[i])
                                          : "; item " + std::to_string(i + 1) + " of " +
                                                quoted(values["layers"]) + " is " + quoted(widths[i])));
        config.sizes.push_back(static_cast<std::size_t>(width));
      }
      config.sizes.push_back(train.Y.shape()[1]);
      const auto hidden = split_list(values["hidden"]);
      const std::size_t hidden_layers = widths.size();
      if (hidden.size() != 1 && hidden.size() != hidden_layers)
        usage_error("--hidden must give one activation for every hidden layer or one per hidden layer (" +
                    std::to_string(hidden_layers) + " for --layers " + quoted(values["layers"]) + "), got " +
                    std::to_string(hidden.size()) + ": " + quoted(values["hidden"]));
      std::vector<Activation> activations;
      for (std::size_t i = 0; i < hidden.size(); ++i)
        activations.push_back(parse_activation(hidden[i], item_field("--hidden", i, hidden.size())));
      for (std::size_t l = 0; l < hidden_layers; ++l)
        config.hidden.push_back(activations[hidden.size() == 1 ? 0 : l]);
      const bool classification = train.task == Task::classification;
      const std::size_t outputs = train.Y.shape()[1];
      // The default output suits the data; the default loss is the output's partner in the core's pair table,
      // but mse for regression targets wherever the output takes it.
      config.output = values["output"].empty()
                          ? (classification ? (outputs > 1 ? Activation::softmax : Activation::sigmoid)
                                            : Activation::linear)
                          : parse_activation(values["output"], "--output");
      config.loss = values["loss"].empty() ? (!classification && pairs_with(config.output, Loss::mse)
                                                  ? Loss::mse
                                                  : default_loss(config.output))
                                           : parse_loss(values["loss"], "--loss");
      config.init = parse_init(values["init"], "--init");
      config.seed = seed;
      net = std::make_unique<Network>(config);
      net->set_optimizer({values["optimizer"], number(values, "lr"), number(values, "momentum"),
                          number(values, "gamma"), number(values, "beta1"), number(values, "beta2"),
                          number(values, "eps")});
      net->set_regularization({number(values, "l1"), number(values, "l2"), number(values, "dropout")});
    }

    // Training.
    TrainerConfig tc;
    tc.batch_size =
        static_cast<std::size_t>(integer(values, "batch", 0, static_cast<long long>(bp::kMaxBatch)));
    tc.seed = seed;
    tc.patience = static_cast<std::size_t>(integer(values, "patience", 0, bp::kMaxPatience));
    Trainer trainer(*net, train, *data.validation, tc);
    const auto epochs = static_cast<std::size_t>(integer(values, "epochs", 0, bp::kMaxEpochs));
    output_line("# epoch train_loss validation_loss train_accuracy validation_accuracy");
    for (std::size_t e = 0; e < epochs && trainer.status() == TrainerStatus::running; ++e) {
      // Step by step rather than run_epoch(), which refuses an epoch too large for one call of the engine.
      while (trainer.status() == TrainerStatus::running && trainer.epoch() == e) trainer.step();
      if (trainer.epoch() != e + 1) break;  // stopped inside the epoch
      const EpochRecord r = trainer.history().back();
      output_line(std::to_string(r.epoch) + " " + fmt(r.train_loss) + " " + fmt(r.validation_loss) + " " +
                  fmt(r.train_accuracy) + " " + fmt(r.validation_accuracy));
    }
    if (trainer.status() != TrainerStatus::running) output_line("# stopped: " + trainer.stop_reason());
    if (std::isfinite(bayes_error_rate(train)))
      output_line("# Bayes error rate " + fmt(bayes_error_rate(train)) + "; Bayes " +
                  loss_name(net->config().loss) + " loss " + fmt(bayes_loss(train, net->config().loss)));
    if (given.count("save") > 0) {
      const std::string path = values["save"];
      std::ofstream out(path, std::ios::binary | std::ios::trunc);
      out << network_to_json(*net);
      out.close();
      if (!out) {
        std::fprintf(stderr, "bptrain: cannot write --save file %s: %s\n", quoted(path).c_str(),
                     std::strerror(errno));
        return 2;
      }
    }
    return 0;
  } catch (const FieldError& e) {
    // A setting out of range, named as its flag (--validation, not validation_fraction).
    std::fprintf(stderr, "bptrain: %s\n", e.said_as(flag_of_field(e.field())).c_str());
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bptrain: %s\n", e.what());
    return 2;
  }
}
