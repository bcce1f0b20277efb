// The trainer (see trainer.hpp). Buffers grow once to the largest batch, so steady-state steps allocate
// nothing.
#include "trainer.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <stdexcept>

#include "text.hpp"

namespace bp {

namespace {
constexpr int kLossDigits = 4;  // significant digits of a loss in a message
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
}  // namespace

void validate(const TrainerConfig& c) {
  require_field(c.batch_size <= kMaxBatch, "trainer", "batch_size",
                "must be in 0.." + std::to_string(kMaxBatch) + " (0 = the whole training set), got " +
                    std::to_string(c.batch_size));
  require_field(std::isfinite(c.divergence_bound) && c.divergence_bound > 0, "trainer", "divergence_bound",
                "must be a positive number, got " + format_number(c.divergence_bound));
  require_field(std::isfinite(c.divergence_factor) && c.divergence_factor >= 0, "trainer",
                "divergence_factor",
                "must be a number >= 0 (0 = off), got " + format_number(c.divergence_factor));
  require(c.patience <= kMaxPatience, "trainer",
          "patience must be in 0.." + std::to_string(kMaxPatience) + ", got " + std::to_string(c.patience));
}

Trainer::Trainer(Network& net, const Dataset& train, const Dataset& validation, const TrainerConfig& config)
    : net_(net), train_(train), validation_(validation), config_(config), shuffle_rng_(config.seed) {
  validate(config_);
  const std::size_t n0 = net.config().sizes.front(), nL = net.config().sizes.back();
  const std::size_t n = train.X.shape()[0];
  require(n >= 1, "trainer", "the training set is empty");
  require(n <= kMaxBatch, "trainer",
          "the training set may hold at most " + std::to_string(kMaxBatch) + " examples, got " +
              std::to_string(n));
  for (const Dataset* d : {&train, &validation}) {
    const char* which = d == &train ? "training" : "validation";
    if (d->X.shape()[0] == 0) continue;
    require(d->X.shape()[1] == n0, "trainer",
            std::string("the ") + which + " set has " + std::to_string(d->X.shape()[1]) +
                " features but the network takes n_0 = " + std::to_string(n0));
    require(d->Y.shape()[1] == nL, "trainer",
            std::string("the ") + which + " set has " + std::to_string(d->Y.shape()[1]) +
                " targets per example but the network outputs n_L = " + std::to_string(nL));
    require(d->Y.shape()[0] == d->X.shape()[0], "trainer",
            std::string("the ") + which + " set's X and Y differ in rows");
    // The loss's target rules (bce in [0, 1], cross_entropy one-hot), checked once for the whole set.
    Matrix Yt = xt::transpose(d->Y);
    check_targets(net.config().loss, Yt.data(), nL, d->Y.shape()[0],
                  std::string("trainer: the ") + which + " set");
  }
  order_.resize(n);
  for (std::size_t i = 0; i < n; ++i) order_[i] = static_cast<std::uint32_t>(i);
  const std::size_t largest = std::max<std::size_t>(n, validation.X.shape()[0]);
  eval_rows_.resize(largest);
  for (std::size_t i = 0; i < largest; ++i) eval_rows_[i] = static_cast<std::uint32_t>(i);
  batch_size_ = config_.batch_size == 0 ? n : std::min(config_.batch_size, n);
  check_batch_size(batch_size_, "trainer");
  best_parameters_ = net.save_parameters();
  initial_loss_ = evaluate(train).loss;
  last_batch_.reserve(batch_size_);
}

std::size_t Trainer::batches_per_epoch() const {
  const std::size_t n = order_.size();
  return (n + batch_size_ - 1) / batch_size_;
}

void Trainer::set_batch_size(std::size_t batch_size) {
  require_field(batch_size <= kMaxBatch, "trainer", "batch_size",
                "must be in 0.." + std::to_string(kMaxBatch) + ", got " + std::to_string(batch_size));
  const std::size_t size = batch_size == 0 ? order_.size() : std::min(batch_size, order_.size());
  check_batch_size(size, "trainer");  // before anything changes
  pending_batch_size_ = size;
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
  to_batch(data.X, rows, count, input);
  to_batch(data.Y, rows, count, targets);
}

std::uint64_t Trainer::training_work(std::size_t examples, std::size_t batches) const {
  return examples * net_.step_work() + batches * net_.update_work();
}

std::uint64_t Trainer::evaluation_work() const {
  return (train_.X.shape()[0] + validation_.X.shape()[0]) * net_.forward_work();
}

void Trainer::check_batch_size(std::size_t batch_size, const std::string& where) const {
  // The step that ends an epoch trains on its batch and then evaluates both sets.
  const std::uint64_t per_row = net_.step_work(), update = net_.update_work();
  if (evaluation_work() + update + per_row > kMaxCallWork) {
    const std::size_t n = train_.X.shape()[0] + validation_.X.shape()[0];
    require_work(
        n, (kMaxCallWork - per_row - update) / net_.forward_work(), where,
        "the training and validation examples",
        "an epoch ends by evaluating each, " + std::to_string(net_.forward_work()) + " per example here",
        "use a smaller network or data set");
  }
  const std::uint64_t most = (kMaxCallWork - evaluation_work() - update) / per_row;
  require_work(batch_size, std::min<std::uint64_t>(most, net_.max_batch()), where, "batch_size",
               "a step takes " + std::to_string(per_row) + " per example, the one that ends an epoch " +
                   std::to_string(evaluation_work()) +
                   " more to evaluate both sets, and a batch holds at most " +
                   std::to_string(net_.max_batch()) + " examples here",
               "use a smaller batch_size");
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

double Trainer::step_rows(const std::vector<std::uint32_t>& rows, const std::string& where) {
  require(!rows.empty() && rows.size() <= order_.size(), where,
          "rows must name 1.." + std::to_string(order_.size()) + " training examples, got " +
              std::to_string(rows.size()));
  for (std::size_t i = 0; i < rows.size(); ++i)
    require(rows[i] < order_.size(), where,
            "rows[" + std::to_string(i) + "] must be a training row in 0.." +
                std::to_string(order_.size() - 1) + ", got " + std::to_string(rows[i]));
  require_work(
      rows.size(),
      std::min<std::uint64_t>((kMaxCallWork - net_.update_work()) / net_.step_work(), net_.max_batch()),
      where, "rows",
      "a step takes " + std::to_string(net_.step_work()) + " per row, and a batch holds at most " +
          std::to_string(net_.max_batch()) + " rows here",
      "step on fewer rows at a time");
  if (status_ != TrainerStatus::running) return kNaN;
  last_batch_ = rows;
  return train_on_last_batch();
}

double Trainer::train_on_last_batch() {
  const std::size_t count = last_batch_.size();
  load_rows(train_, last_batch_.data(), count, net_.batch_input(), net_.batch_targets());
  net_.forward_batch(true);
  const double loss = net_.backward_batch();
  const std::size_t epoch = epochs_done_ + 1;
  if (!std::isfinite(loss) || loss > config_.divergence_bound) {
    stop(TrainerStatus::diverged, "diverged: the training loss became " + format_number(loss, kLossDigits) +
                                      " in epoch " + std::to_string(epoch) + " (bound " +
                                      format_number(config_.divergence_bound, kLossDigits) +
                                      "); the learning rate is probably too high");
    return loss;
  }
  // An update that overflows a weight or the optimizer state is undone by the network itself.
  if (!net_.update())
    stop(TrainerStatus::diverged, "diverged: the update in epoch " + std::to_string(epoch) +
                                      " made a weight or the optimizer state overflow; the weights and the "
                                      "optimizer state before it were kept");
  return loss;
}

double Trainer::accuracy(const Dataset& data, const BatchMatrix& output) const {
  if (data.task != Task::classification) return kNaN;
  const std::size_t nL = output.rows(), count = output.cols();
  std::size_t correct = 0;
  for (std::size_t j = 0; j < count; ++j) {
    correct += predicted_class(output, j) == target_class(data.Y.data() + j * nL, nL);
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
  record.epoch = ++epochs_done_;
  const Evaluation train = evaluate(train_);
  const Evaluation validation = evaluate(validation_);
  record.train_loss = train.loss;
  record.train_accuracy = train.accuracy;
  record.validation_loss = validation.loss;
  record.validation_accuracy = validation.accuracy;
  history_.push_back(record);
  thin_history();
  if (!std::isfinite(train.loss) || train.loss > config_.divergence_bound) {
    stop(TrainerStatus::diverged, "diverged: the training loss after epoch " + std::to_string(record.epoch) +
                                      " is " + format_number(train.loss, kLossDigits) +
                                      "; the learning rate is probably too high");
    return;
  }
  const double relative_bound = config_.divergence_factor * initial_loss_;
  if (config_.divergence_factor > 0 && initial_loss_ > 0 && train.loss > relative_bound) {
    stop(TrainerStatus::diverged,
         "diverged: the training loss after epoch " + std::to_string(record.epoch) + " is " +
             format_number(train.loss, kLossDigits) + ", over " +
             format_number(config_.divergence_factor, kLossDigits) + " × its value before training (" +
             format_number(initial_loss_, kLossDigits) + "); the learning rate is probably too high");
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
    stop(TrainerStatus::early_stopped,
         "early stopping: the validation loss has not improved for " + std::to_string(config_.patience) +
             " epochs; restored the weights of epoch " + std::to_string(best_epoch_));
  }
}

std::uint64_t Trainer::epoch_work(bool rest, const std::string& where) const {
  const std::size_t n = order_.size();
  const bool started = rest && batch_index_ > 0;  // else the next epoch, with a pending batch size applied
  const std::size_t B = !started && pending_batch_size_ != 0 ? pending_batch_size_ : batch_size_;
  const std::size_t done = started ? batch_index_ * B : 0;
  const std::size_t batches = (n - done + B - 1) / B;
  const std::uint64_t work = training_work(n - done, batches) + evaluation_work();
  if (work > kMaxCallWork)
    throw std::invalid_argument(where + ": " + (started ? "the rest of this epoch" : "one epoch") + " (" +
                                std::to_string(n - done) + " examples in " + std::to_string(batches) +
                                " batches, then the evaluation of both sets) is " + std::to_string(work) +
                                " multiply-adds for this network, more than one call does (" +
                                std::to_string(kMaxCallWork) + "); train it by steps or time slices");
  return work;
}

EpochRecord Trainer::run_epoch(const std::string& where) {
  if (status_ == TrainerStatus::running) epoch_work(true, where);
  const std::size_t before = epochs_done_;
  while (status_ == TrainerStatus::running && epochs_done_ == before) step();
  return epochs_done_ == before || history_.empty() ? EpochRecord{} : history_.back();
}

// Past kHistoryMax records, the records older than the last kHistoryRecent are thinned to the epochs
// 1, 1 + s, 1 + 2s, … for the smallest stride s (doubling from the last one) that fits them in 3/4 of their
// share: an evenly spaced older stretch, s < epochs / 750 (about as fine as the ≤ 1000 points a curve is
// drawn from), and the next thinning hundreds of epochs away.
void Trainer::thin_history() {
  if (history_.size() <= kHistoryMax) return;
  const std::size_t older = history_.size() - kHistoryRecent;
  const std::size_t budget = (kHistoryMax - kHistoryRecent) * 3 / 4;
  const auto on_stride = [&](const EpochRecord& r, std::size_t stride) {
    return (r.epoch - 1) % stride == 0;
  };
  const auto count_on = [&](std::size_t stride) {
    std::size_t count = 0;
    for (std::size_t i = 0; i < older; ++i) count += on_stride(history_[i], stride);
    return count;
  };
  while (count_on(history_stride_) > budget) history_stride_ *= 2;
  std::size_t kept = 0;
  for (std::size_t i = 0; i < older; ++i)
    if (on_stride(history_[i], history_stride_)) history_[kept++] = history_[i];
  for (std::size_t i = older; i < history_.size(); ++i) history_[kept++] = history_[i];
  history_.resize(kept);
}

std::size_t Trainer::run(std::size_t epochs) {
  if (status_ == TrainerStatus::running && epochs > 0) {
    // The first epoch may be partly done; counting it whole keeps the bound simple and safe.
    const std::uint64_t rest = epoch_work(true, "run");
    const std::uint64_t per_epoch = std::max(rest, epoch_work(false, "run"));
    require_work(epochs, kMaxCallWork / per_epoch, "run", "epochs",
                 "an epoch costs " + std::to_string(per_epoch) + " here", "call it in parts");
  }
  std::size_t ran = 0;
  while (ran < epochs && status_ == TrainerStatus::running) {
    const std::size_t before = epochs_done_;
    run_epoch();
    if (epochs_done_ > before) ++ran;
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
