// `bp.Dataset` and `bp.Trainer`: data sets (generated, iris, CSV) with their split and features, and the
// trainer's calls, converting arguments and forwarding to core/experiment and core/trainer.
#include <emscripten/emscripten.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "adapters.hpp"
#include "csv.hpp"
#include "handles.hpp"
#include "limits.hpp"

// ---- Dataset --------------------------------------------------------------------------------------------

namespace bp::wasm {

namespace {
val rows_of(const Matrix& M) {
  return f64_copy(M);
}
}  // namespace

DatasetHandle* DatasetHandle::create(val options) {
  const std::string where = "Dataset";
  const val o =
      options_object(options, where, {"name", "n", "noise", "seed", "validationFraction", "features"});
  DataOptions data;
  if (has(o, "name")) data.name = to_string(o["name"], where, "name");  // else DataOptions' default
  if (has(o, "n")) {
    if (data.name == "iris")
      fail(where, "n does not apply to 'iris', which always has its 150 measured flowers");
    data.n = static_cast<std::size_t>(to_integer(o["n"], where, "n", 1, kMaxExamples));
  }
  if (has(o, "noise")) data.noise = to_number(o["noise"], where, "noise");
  if (has(o, "seed"))
    data.seed = static_cast<std::uint64_t>(to_integer(o["seed"], where, "seed", 0, bp::kMaxSafeInteger));
  if (has(o, "validationFraction"))
    data.validation_fraction = to_number(o["validationFraction"], where, "validationFraction");
  if (has(o, "features")) data.features = read_features(o["features"], where);
  return new DatasetHandle(prepare_data(data));
}

DatasetHandle* DatasetHandle::from_csv(val text, val options) {
  const std::string where = "Dataset.fromCSV";
  const std::string csv = to_string(text, where, "text", kCsvMaxBytes);
  const val o = options_object(options, where, {"targets", "task", "validationFraction", "seed"});
  const auto targets = has(o, "targets") ? to_integer(o["targets"], where, "targets", 1, 63) : 1;
  Task task = Task::regression;
  if (has(o, "task")) {
    const std::string t = to_string(o["task"], where, "task");
    if (t == "classification")
      task = Task::classification;
    else if (t != "regression")
      fail(where, "task must be 'regression' or 'classification', got " + quoted(t));
  }
  const double fraction = has(o, "validationFraction")
                              ? to_number(o["validationFraction"], where, "validationFraction")
                              : kCsvValidationFraction;
  const auto seed = has(o, "seed") ? to_integer(o["seed"], where, "seed", 0, bp::kMaxSafeInteger) : 1;
  return new DatasetHandle(prepare_data(parse_csv(csv, static_cast<std::size_t>(targets), task), fraction,
                                        static_cast<std::uint64_t>(seed)));
}

namespace {
// The true class of every row by the trainer's rule (target_class), or null for regression data.
val classes_of(const Dataset& d) {
  if (d.task != Task::classification) return val::null();
  const std::vector<std::size_t> classes = target_classes(d);
  const std::vector<std::int32_t> out(classes.begin(), classes.end());
  return val::global("Int32Array").new_(val(emscripten::typed_memory_view(out.size(), out.data())));
}
}  // namespace

val DatasetHandle::train_classes() const {
  return classes_of(*data_.train);
}

val DatasetHandle::validation_classes() const {
  return classes_of(*data_.validation);
}

val DatasetHandle::info() const {
  const Dataset& d = *data_.train;
  val o = val::object();
  o.set("name", text(d.name));
  o.set("task", text(task_name(d.task)));
  o.set("numClasses", static_cast<double>(d.num_classes));
  o.set("features", string_array(d.feature_names));
  o.set("targets", string_array(d.target_names));
  o.set("inputs", static_cast<double>(d.X.shape()[1]));
  o.set("outputs", static_cast<double>(d.Y.shape()[1]));
  o.set("nTrain", static_cast<double>(d.X.shape()[0]));
  o.set("nValidation", static_cast<double>(data_.validation->X.shape()[0]));
  o.set("labelNoise", d.label_noise);
  o.set("noiseSigma", d.noise_sigma);
  o.set("bayesKnown", d.bayes_known);
  o.set("bayesErrorRate", number_or_null(bayes_error_rate(d)));
  val bayes = val::object();
  for (Loss loss : {Loss::mse, Loss::bce, Loss::cross_entropy})
    bayes.set(loss_name(loss), number_or_null(bayes_loss(d, loss)));
  o.set("bayesLoss", bayes);
  o.set("twoD", is_two_d(*data_.raw_train));
  return o;
}

val DatasetHandle::train_x() const {
  return rows_of(data_.train->X);
}
val DatasetHandle::train_y() const {
  return rows_of(data_.train->Y);
}
val DatasetHandle::validation_x() const {
  return rows_of(data_.validation->X);
}
val DatasetHandle::validation_y() const {
  return rows_of(data_.validation->Y);
}
val DatasetHandle::train_points() const {
  return rows_of(data_.raw_train->X);
}
val DatasetHandle::validation_points() const {
  return rows_of(data_.raw_validation->X);
}
val DatasetHandle::features() const {
  return string_array(data_.train->feature_names);
}

// ---- Trainer --------------------------------------------------------------------------------------------

TrainerHandle::TrainerHandle(std::shared_ptr<Network> net, std::shared_ptr<const Dataset> train,
                             std::shared_ptr<const Dataset> validation, const TrainerConfig& config)
    : net_(std::move(net)), train_(std::move(train)), validation_(std::move(validation)) {
  trainer_ = std::make_unique<Trainer>(*net_, *train_, *validation_, config);
}

TrainerHandle* TrainerHandle::create(NetworkHandle& net, DatasetHandle& data, val options) {
  const std::string where = "Trainer";
  const val o = options_object(options, where,
                               {"batchSize", "seed", "patience", "divergenceBound", "divergenceFactor"});
  TrainerConfig c;
  if (has(o, "batchSize"))
    c.batch_size = static_cast<std::size_t>(to_integer(o["batchSize"], where, "batchSize", 0, kMaxBatch));
  if (has(o, "seed"))
    c.seed = static_cast<std::uint64_t>(to_integer(o["seed"], where, "seed", 0, bp::kMaxSafeInteger));
  if (has(o, "patience"))
    c.patience = static_cast<std::size_t>(to_integer(o["patience"], where, "patience", 0, bp::kMaxPatience));
  if (has(o, "divergenceBound"))
    c.divergence_bound = to_number(o["divergenceBound"], where, "divergenceBound");
  if (has(o, "divergenceFactor"))
    c.divergence_factor = to_number(o["divergenceFactor"], where, "divergenceFactor");
  return new TrainerHandle(net.network(), data.data().train, data.data().validation, c);
}

val TrainerHandle::step() {
  return number_or_null(trainer_->step());
}

namespace {
val record_object(const EpochRecord& r) {
  val o = val::object();
  o.set("epoch", static_cast<double>(r.epoch));
  o.set("train", number_or_null(r.train_loss));
  o.set("validation", number_or_null(r.validation_loss));
  o.set("trainAccuracy", number_or_null(r.train_accuracy));
  o.set("validationAccuracy", number_or_null(r.validation_accuracy));
  return o;
}
}  // namespace

val TrainerHandle::step_rows(val rows) {
  const std::vector<double> given = to_doubles(rows, "stepRows", "rows");
  std::vector<std::uint32_t> indices;
  for (std::size_t i = 0; i < given.size(); ++i) {
    if (given[i] < 0 || given[i] != std::floor(given[i]) || given[i] > 4294967295.0)
      fail("stepRows", "rows[" + std::to_string(i) + "] must be a row index (an integer >= 0), got " +
                           format_number(given[i]));
    indices.push_back(static_cast<std::uint32_t>(given[i]));
  }
  return number_or_null(trainer_->step_rows(indices, "stepRows"));
}

val TrainerHandle::run_epoch() {
  return record_object(trainer_->run_epoch("runEpoch"));
}

val TrainerHandle::run(val epochs) {
  return val(static_cast<double>(
      trainer_->run(static_cast<std::size_t>(to_integer(epochs, "run", "epochs", 0, bp::kMaxEpochs)))));
}

val TrainerHandle::train_for(val milliseconds, val max_epochs) {
  const double budget = to_number(milliseconds, "trainFor", "milliseconds");
  // At most a second: no call of the engine runs much longer (a caller wanting more calls it again).
  if (budget < 0 || budget > 1000)
    fail("trainFor", "milliseconds must be in 0..1000, got " + describe(milliseconds));
  const auto limit = max_epochs.isUndefined()
                         ? static_cast<long long>(bp::kMaxEpochs)
                         : to_integer(max_epochs, "trainFor", "maxEpochs", 0, bp::kMaxEpochs);
  const double start = emscripten_get_now();
  const std::size_t first_epoch = trainer_->epoch();
  std::size_t steps = 0;
  // Check the clock once per batch: a batch costs microseconds, a frame milliseconds.
  while (trainer_->status() == TrainerStatus::running &&
         trainer_->epoch() - first_epoch < static_cast<std::size_t>(limit) &&
         emscripten_get_now() - start < budget) {
    trainer_->step();
    ++steps;
  }
  val o = val::object();
  o.set("steps", static_cast<double>(steps));
  o.set("epochs", static_cast<double>(trainer_->epoch() - first_epoch));
  o.set("status", status());
  return o;
}

val TrainerHandle::history() const {
  return history_from(0);
}

val TrainerHandle::history_from(val first) const {
  return history_from(
      static_cast<std::size_t>(to_integer(first, "historyFrom", "k", 0, bp::kMaxSafeInteger)));
}

// The records of the epochs after epoch `first` (all of them for 0): arrays with one entry per record, each
// record's epoch number in `epoch` (a long run's older epochs are thinned, see Trainer::history).
val TrainerHandle::history_from(std::size_t first) const {
  const bool classification = train_->task == Task::classification;
  const bool has_validation = validation_->X.shape()[0] > 0;
  const auto& records = trainer_->history();
  const auto from = std::upper_bound(records.begin(), records.end(), first,
                                     [](std::size_t e, const EpochRecord& r) { return e < r.epoch; });
  const auto column = [&](double EpochRecord::*field) {
    std::vector<double> values;
    values.reserve(static_cast<std::size_t>(records.end() - from));
    for (auto r = from; r != records.end(); ++r) values.push_back((*r).*field);
    return numbers_or_nulls(values);
  };
  std::vector<double> epochs;
  for (auto r = from; r != records.end(); ++r) epochs.push_back(static_cast<double>(r->epoch));
  val o = val::object();
  o.set("epoch", numbers_or_nulls(epochs));
  o.set("train", column(&EpochRecord::train_loss));
  o.set("validation", has_validation ? column(&EpochRecord::validation_loss) : val::array());
  if (classification) {
    o.set("trainAccuracy", column(&EpochRecord::train_accuracy));
    o.set("validationAccuracy", has_validation ? column(&EpochRecord::validation_accuracy) : val::array());
  }
  return o;
}

val TrainerHandle::epoch() const {
  return val(static_cast<double>(trainer_->epoch()));
}
val TrainerHandle::step_in_epoch() const {
  return val(static_cast<double>(trainer_->step_in_epoch()));
}
val TrainerHandle::batches_per_epoch() const {
  return val(static_cast<double>(trainer_->batches_per_epoch()));
}

val TrainerHandle::status() const {
  switch (trainer_->status()) {
    case TrainerStatus::running:
      return text("running");
    case TrainerStatus::diverged:
      return text("diverged");
    case TrainerStatus::early_stopped:
      return text("early_stopped");
  }
  return val::null();
}

val TrainerHandle::stop_reason() const {
  return text(trainer_->stop_reason());
}
val TrainerHandle::best_epoch() const {
  return val(static_cast<double>(trainer_->best_epoch()));
}
void TrainerHandle::restore_best() {
  trainer_->restore_best();
}

val TrainerHandle::last_batch() const {
  const auto& rows = trainer_->last_batch();
  return val::global("Uint32Array").new_(val(emscripten::typed_memory_view(rows.size(), rows.data())));
}

void TrainerHandle::set_batch_size(val batch_size) {
  trainer_->set_batch_size(
      static_cast<std::size_t>(to_integer(batch_size, "setBatchSize", "batchSize", 0, kMaxBatch)));
}

void TrainerHandle::set_patience(val patience) {
  trainer_->set_patience(
      static_cast<std::size_t>(to_integer(patience, "setPatience", "patience", 0, bp::kMaxPatience)));
}

val TrainerHandle::evaluate() const {
  const auto train = trainer_->evaluate(*train_);
  const auto validation = trainer_->evaluate(*validation_);
  val o = val::object();
  o.set("train", number_or_null(train.loss));
  o.set("validation", number_or_null(validation.loss));
  o.set("trainAccuracy", number_or_null(train.accuracy));
  o.set("validationAccuracy", number_or_null(validation.accuracy));
  return o;
}

val dataset_names() {
  return string_array(bp::dataset_names());
}

}  // namespace bp::wasm
