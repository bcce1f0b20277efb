// The trainer: epochs over a training set in seeded-shuffled batches of size B (1 = stochastic GD, all =
// batch GD, between = mini-batch), per-epoch history of training/validation loss and accuracy,
// divergence detection, and early stopping with restore of the best epoch's weights.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "datasets.hpp"
#include "limits.hpp"
#include "network.hpp"

namespace bp {

struct TrainerConfig {
  std::size_t batch_size = 10;    // B; 0 means the whole training set (batch gradient descent)
  std::uint64_t seed = 1;         // seeds the per-epoch shuffles
  double divergence_bound = 1e6;  // a batch or epoch loss above this (or not finite) stops training
  std::size_t patience = 0;       // early stopping after this many epochs without improvement; 0 = off
  // An epoch whose whole-set training loss exceeds this many times the loss before training also counts as
  // diverged (0 = off). Losses computed from the logits stay finite when the learning rate is far too
  // high, so the absolute bound alone would not notice; a single batch may legitimately cost more.
  double divergence_factor = 10;
};

void validate(const TrainerConfig& config);

// A long run's history stays bounded (Play for an hour is over a million epochs): full detail for the
// recent epochs, the older ones thinned to an even stride whenever the total would pass the maximum.
constexpr std::size_t kHistoryRecent = 2000;
constexpr std::size_t kHistoryMax = 4000;

struct EpochRecord {
  std::size_t epoch = 0;       // 1-based
  double train_loss = 0;       // mean data loss over the whole training set after the epoch
  double validation_loss = 0;  // the same over the validation set (NaN when it is empty)
  double train_accuracy = 0;   // classification only (NaN for regression)
  double validation_accuracy = 0;
};

// What the trainer thinks of the run so far.
enum class TrainerStatus { running, diverged, early_stopped };

class Trainer {
 public:
  // The network and both data sets must outlive the trainer. Validates their shapes against each other.
  Trainer(Network& net, const Dataset& train, const Dataset& validation, const TrainerConfig& config);

  // One optimizer step on the next batch of the current epoch; at the end of an epoch evaluates and records
  // it. Returns the batch's data loss before the update. Does nothing (and returns NaN) once stopped.
  double step();
  // One optimizer step on the given rows of the training set (one example, say), outside the epoch's
  // batches: it does not advance the epoch. The same divergence checks as step(). NaN once stopped.
  // `where` names the call in a refusal, as its caller spells it (the JS API: stepRows, runEpoch).
  double step_rows(const std::vector<std::uint32_t>& rows, const std::string& where = "step_rows");
  // Runs the rest of the current epoch (a whole one from its start); returns its record.
  EpochRecord run_epoch(const std::string& where = "run_epoch");
  // Up to `epochs` epochs, fewer if training stops; returns how many ran.
  std::size_t run(std::size_t epochs);
  // Every call does bounded work (kMaxCallWork, network.hpp): the constructor refuses data sets whose
  // evaluation with one step is over it, and a batch size whose step with that evaluation is; step_rows
  // refuses more rows than one step may take; run_epoch refuses an epoch over it (use step or a time slice),
  // run more epochs than fit (the message says how many: call it in parts).

  // The epochs' records, oldest first, each with its epoch number: every one of the last kHistoryRecent
  // epochs, older ones thinned (see thin_history), so a run of any length keeps at most kHistoryMax.
  const std::vector<EpochRecord>& history() const { return history_; }
  std::size_t epoch() const { return epochs_done_; }          // epochs completed
  std::size_t step_in_epoch() const { return batch_index_; }  // batches done in the current epoch
  std::size_t batches_per_epoch() const;                      // ⌈n / B⌉
  std::size_t batch_size() const { return batch_size_; }
  const std::vector<std::uint32_t>& last_batch() const { return last_batch_; }  // rows of the last step

  TrainerStatus status() const { return status_; }
  const std::string& stop_reason() const { return stop_reason_; }
  std::size_t best_epoch() const { return best_epoch_; }  // 0 before the first epoch
  void restore_best();                                    // the weights of the best epoch
  void set_patience(std::size_t patience) { config_.patience = patience; }
  void set_batch_size(std::size_t batch_size);  // takes effect at the next epoch start

  // Mean data loss and accuracy of a whole data set in evaluation mode.
  struct Evaluation {
    double loss, accuracy;
  };
  Evaluation evaluate(const Dataset& data);

 private:
  void start_epoch();
  double train_on_last_batch();  // forward, backward, checks, update on the rows in last_batch_
  void finish_epoch();
  void load_rows(const Dataset& data, const std::uint32_t* rows, std::size_t count, BatchMatrix& input,
                 BatchMatrix& targets) const;
  double accuracy(const Dataset& data, const BatchMatrix& output) const;
  void thin_history();
  void stop(TrainerStatus status, const std::string& reason);
  // Work units (network.hpp, kMaxCallWork) of training on `examples` rows in `batches` batches, and of the
  // whole-set evaluation that ends an epoch.
  std::uint64_t training_work(std::size_t examples, std::size_t batches) const;
  std::uint64_t evaluation_work() const;
  // Refuses a batch size whose step, with the evaluation that ends an epoch, is over kMaxCallWork.
  void check_batch_size(std::size_t batch_size, const std::string& where) const;
  // Work of the rest of the current epoch (`rest`) or of a whole epoch from its start, evaluation included;
  // throws naming `where` when one epoch alone is over kMaxCallWork.
  std::uint64_t epoch_work(bool rest, const std::string& where) const;

  Network& net_;
  const Dataset& train_;
  const Dataset& validation_;
  TrainerConfig config_;
  std::size_t batch_size_ = 1;
  std::size_t pending_batch_size_ = 0;
  Rng shuffle_rng_;
  std::vector<std::uint32_t> order_;      // this epoch's shuffled rows of the training set
  std::vector<std::uint32_t> eval_rows_;  // 0..n−1, for whole-set evaluation
  std::vector<std::uint32_t> last_batch_;
  std::size_t batch_index_ = 0;
  std::vector<EpochRecord> history_;
  std::size_t epochs_done_ = 0;
  std::size_t history_stride_ = 1;  // epochs between the older records kept
  TrainerStatus status_ = TrainerStatus::running;
  std::string stop_reason_;
  double best_loss_ = 0;
  double initial_loss_ = 0;  // whole-set training loss before the first step
  std::size_t best_epoch_ = 0;
  std::vector<Vector> best_parameters_;
  // Whole-set evaluation runs in buffers of its own, so the caches of the last step stay inspectable.
  BatchMatrix eval_input_, eval_targets_;
  ForwardScratch eval_scratch_;
};

}  // namespace bp
