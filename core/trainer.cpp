// The trainer (see trainer.hpp). Buffers grow once to the largest batch, so steady-state steps allocate
// nothing.
#include "trainer.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <stdexcept>

namespace bp {

namespace {
std::string short_number(double v) {  // four significant digits, for messages about losses
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4g", v);
  return buf;
}
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
}  // namespace

void validate(const TrainerConfig& c) {
  require(c.batch_size <= kMaxBatch, "trainer", "batch_size must be in 0..65536 (0 = the whole training set), got " +
                                                    std::to_string(c.batch_size));
  require(std::isfinite(c.divergence_bound) && c.divergence_bound > 0, "trainer",
          "divergence_bound must be a positive number, got " + format_number(c.divergence_bound));
  require(std::isfinite(c.divergence_factor) && c.divergence_factor >= 0, "trainer",
          "divergence_factor must be a number >= 0 (0 = off), got " + format_number(c.divergence_factor));
  require(c.patience <= 100000, "trainer", "patience must be in 0..100000, got " + std::to_string(c.patience));
}

Trainer::Trainer(Network& net, const Dataset& train, const Dataset& validation, const TrainerConfig& config)
    : net_(net), train_(train), validation_(validation), config_(config), shuffle_rng_(config.seed) {
  validate(config_);
  const std::size_t n0 = net.config().sizes.front(), nL = net.config().sizes.back();
  const std::size_t n = train.X.shape()[0];
  require(n >= 1, "trainer", "the training set is empty");
  require(n <= kMaxBatch, "trainer", "the training set may hold at most 65536 examples, got " + std::to_string(n));
  for (const Dataset* d : {&train, &validation}) {
    const char* which = d == &train ? "training" : "validation";
    if (d->X.shape()[0] == 0) continue;
    require(d->X.shape()[1] == n0, "trainer",
            std::string("the ") + which + " set has " + std::to_string(d->X.shape()[1]) +
                " features but the network takes n_0 = " + std::to_string(n0));
    require(d->Y.shape()[1] == nL, "trainer",
            std::string("the ") + which + " set has " + std::to_string(d->Y.shape()[1]) +
                " targets per example but the network outputs n_L = " + std::to_string(nL));
    require(d->Y.shape()[0] == d->X.shape()[0], "trainer", std::string("the ") + which + " set's X and Y differ in rows");
    // The loss's target rules (bce in [0, 1], cross_entropy one-hot), checked once for the whole set.
    Matrix Yt = xt::transpose(d->Y);
    check_targets(net.config().loss, Yt.data(), nL, d->Y.shape()[0], std::string("trainer: the ") + which + " set");
  }
  order_.resize(n);
  for (std::size_t i = 0; i < n; ++i) order_[i] = static_cast<std::uint32_t>(i);
  const std::size_t largest = std::max<std::size_t>(n, validation.X.shape()[0]);
  eval_rows_.resize(largest);
  for (std::size_t i = 0; i < largest; ++i) eval_rows_[i] = static_cast<std::uint32_t>(i);
  batch_size_ = config_.batch_size == 0 ? n : std::min(config_.batch_size, n);
  best_parameters_ = net.save_parameters();
  initial_loss_ = evaluate(train).loss;
  before_update_ = net.save_parameters();
  last_batch_.reserve(batch_size_);
}

std::size_t Trainer::batches_per_epoch() const {
  const std::size_t n = order_.size();
  return (n + batch_size_ - 1) / batch_size_;
}

void Trainer::set_batch_size(std::size_t batch_size) {
  require(batch_size <= kMaxBatch, "trainer", "batch_size must be in 0..65536, got " + std::to_string(batch_size));
  pending_batch_size_ = batch_size == 0 ? order_.size() : std::min(batch_size, order_.size());
  if (batch_index_ == 0) {
    batch_size_ = pending_batch_size_;
    pending_batch_size_ = 0;
  }
}

void Trainer::start_epoch() {
  if (pending_batch_size_ != 0) {
    batch_size_ = pending_batch_size_;
    pending_batch_size_ = 0;
  }
  shuffle_rng_.shuffle(order_.data(), order_.size());
}

void Trainer::load_rows(const Dataset& data, const std::uint32_t* rows, std::size_t count, BatchMatrix& input,
                        BatchMatrix& targets) const {
  const std::size_t n0 = data.X.shape()[1], nL = data.Y.shape()[1];
  input.resize(n0, count);
  targets.resize(nL, count);
  for (std::size_t j = 0; j < count; ++j) {
    const double* x = data.X.data() + static_cast<std::size_t>(rows[j]) * n0;
    const double* y = data.Y.data() + static_cast<std::size_t>(rows[j]) * nL;
    for (std::size_t i = 0; i < n0; ++i) input(i, j) = x[i];
    for (std::size_t i = 0; i < nL; ++i) targets(i, j) = y[i];
  }
}

bool Trainer::parameters_finite() {
  for (const ParamSlot& s : net_.parameter_slots())
    for (std::size_t i = 0; i < s.size; ++i)
      if (!std::isfinite(s.w[i])) return false;
  return true;
}

double Trainer::step() {
  if (status_ != TrainerStatus::running) return kNaN;
  if (batch_index_ == 0) start_epoch();
  const std::size_t start = batch_index_ * batch_size_;
  const std::size_t count = std::min(batch_size_, order_.size() - start);
  last_batch_.assign(order_.begin() + static_cast<std::ptrdiff_t>(start),
                     order_.begin() + static_cast<std::ptrdiff_t>(start + count));
  const double loss = train_on_last_batch();
  if (status_ != TrainerStatus::running) return loss;
  ++batch_index_;
  if (batch_index_ * batch_size_ >= order_.size()) finish_epoch();
  return loss;
}

double Trainer::step_rows(const std::vector<std::uint32_t>& rows) {
  require(!rows.empty() && rows.size() <= order_.size(), "stepRows",
          "rows must name 1.." + std::to_string(order_.size()) + " training examples, got " + std::to_string(rows.size()));
  for (std::size_t i = 0; i < rows.size(); ++i)
    require(rows[i] < order_.size(), "stepRows", "rows[" + std::to_string(i) + "] must be a training row in 0.." +
                                                     std::to_string(order_.size() - 1) + ", got " + std::to_string(rows[i]));
  if (status_ != TrainerStatus::running) return kNaN;
  last_batch_ = rows;
  return train_on_last_batch();
}

double Trainer::train_on_last_batch() {
  const std::size_t count = last_batch_.size();
  load_rows(train_, last_batch_.data(), count, net_.input(), net_.targets());
  net_.forward_batch(true);
  const double loss = net_.backward_batch();
  const std::size_t epoch = history_.size() + 1;
  if (!std::isfinite(loss) || loss > config_.divergence_bound) {
    stop(TrainerStatus::diverged, "diverged: the training loss became " + short_number(loss) + " in epoch " +
                                      std::to_string(epoch) + " (bound " + short_number(config_.divergence_bound) +
                                      "); the learning rate is probably too high");
    return loss;
  }
  // Keep the weights before the update, so a step that overflows them can be undone.
  const auto& slots = net_.parameter_slots();
  for (std::size_t s = 0; s < slots.size(); ++s) std::copy(slots[s].w, slots[s].w + slots[s].size, before_update_[s].data());
  net_.update();
  if (!parameters_finite()) {
    net_.load_parameters(before_update_);
    stop(TrainerStatus::diverged, "diverged: the update in epoch " + std::to_string(epoch) +
                                      " made a weight overflow; the weights before it were kept");
  }
  return loss;
}

double Trainer::accuracy(const Dataset& data, const BatchMatrix& output) const {
  if (data.task != Task::classification) return kNaN;
  const std::size_t nL = output.rows(), count = output.cols();
  std::size_t correct = 0;
  for (std::size_t j = 0; j < count; ++j) {
    const double* y = data.Y.data() + j * nL;
    std::size_t actual = 0;  // the target's class: y ≥ 0.5 for one output, else the one-hot's 1
    if (nL == 1) actual = y[0] >= 0.5 ? 1 : 0;
    for (std::size_t i = 1; i < nL; ++i)
      if (y[i] > y[actual]) actual = i;
    correct += predicted_class(output, j) == actual;
  }
  return static_cast<double>(correct) / static_cast<double>(count);
}

Trainer::Evaluation Trainer::evaluate(const Dataset& data) {
  const std::size_t n = data.X.shape()[0];
  if (n == 0) return {kNaN, kNaN};
  load_rows(data, eval_rows_.data(), n, eval_input_, eval_targets_);
  net_.forward_into(eval_input_, eval_scratch_);
  return {net_.loss_of(eval_scratch_, eval_targets_), accuracy(data, eval_scratch_.A.back())};
}

void Trainer::finish_epoch() {
  batch_index_ = 0;
  EpochRecord record;
  record.epoch = history_.size() + 1;
  const Evaluation train = evaluate(train_);
  const Evaluation validation = evaluate(validation_);
  record.train_loss = train.loss;
  record.train_accuracy = train.accuracy;
  record.validation_loss = validation.loss;
  record.validation_accuracy = validation.accuracy;
  history_.push_back(record);
  if (!std::isfinite(train.loss) || train.loss > config_.divergence_bound) {
    stop(TrainerStatus::diverged, "diverged: the training loss after epoch " + std::to_string(record.epoch) +
                                      " is " + short_number(train.loss) + "; the learning rate is probably too high");
    return;
  }
  const double relative_bound = config_.divergence_factor * initial_loss_;
  if (config_.divergence_factor > 0 && initial_loss_ > 0 && train.loss > relative_bound) {
    stop(TrainerStatus::diverged, "diverged: the training loss after epoch " + std::to_string(record.epoch) + " is " +
                                      short_number(train.loss) + ", over " + short_number(config_.divergence_factor) +
                                      " × its value before training (" + short_number(initial_loss_) +
                                      "); the learning rate is probably too high");
    return;
  }
  // Early stopping watches the validation loss (the training loss when there is no validation set).
  const double watched = std::isfinite(validation.loss) ? validation.loss : train.loss;
  if (best_epoch_ == 0 || watched < best_loss_) {
    best_loss_ = watched;
    best_epoch_ = record.epoch;
    const auto& slots = net_.parameter_slots();
    for (std::size_t s = 0; s < slots.size(); ++s)
      std::copy(slots[s].w, slots[s].w + slots[s].size, best_parameters_[s].data());
  } else if (config_.patience > 0 && record.epoch - best_epoch_ >= config_.patience) {
    restore_best();
    stop(TrainerStatus::early_stopped, "early stopping: the validation loss has not improved for " +
                                           std::to_string(config_.patience) + " epochs; restored the weights of epoch " +
                                           std::to_string(best_epoch_));
  }
}

EpochRecord Trainer::run_epoch() {
  const std::size_t before = history_.size();
  while (status_ == TrainerStatus::running && history_.size() == before) step();
  return history_.empty() ? EpochRecord{} : history_.back();
}

std::size_t Trainer::run(std::size_t epochs) {
  std::size_t ran = 0;
  while (ran < epochs && status_ == TrainerStatus::running) {
    const std::size_t before = history_.size();
    run_epoch();
    if (history_.size() > before) ++ran;
  }
  return ran;
}

void Trainer::restore_best() {
  if (best_epoch_ == 0) return;
  net_.load_parameters(best_parameters_);
}

void Trainer::stop(TrainerStatus status, const std::string& reason) {
  status_ = status;
  stop_reason_ = reason;
}

}  // namespace bp
