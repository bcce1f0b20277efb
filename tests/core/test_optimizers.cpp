// Optimizers (optimizers.hpp): the first three steps of sgd, momentum, rmsprop and adam worked by hand,
// Adam's bias correction at t = 1, 2, 3, one t per step, the state's names, keeping and restoring it.
#include <catch2/catch.hpp>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "optimizers.hpp"

using namespace bp;

namespace {

OptimizerConfig with_type(const std::string& type, double lr) {
  OptimizerConfig c;  // the course's μ = 0.9, γ = 0.9, β1 = 0.9, β2 = 0.999, ε = 1e-8
  c.type = type;
  c.lr = lr;
  return c;
}

// One step on a single parameter tensor w with gradient g.
void step(Optimizer& opt, std::vector<double>& w, const std::vector<double>& g) {
  opt.step({ParamSlot{w.data(), g.data(), w.size()}});
}

// The gradients the hand computations below use, one per step, for the two entries of w.
const std::vector<std::vector<double>> kGradients = {{1.0, -2.0}, {0.5, 4.0}, {-1.0, 0.0}};

// The named state of slot 0 as a plain vector, by name.
std::vector<double> state_of(const Optimizer& opt, const std::string& name) {
  for (const auto& [n, value] : opt.state(0))
    if (n == name) return std::vector<double>(value.begin(), value.end());
  FAIL("no state named " << name);
  return {};
}

}  // namespace

TEST_CASE("sgd takes w ← w − η g: three steps on f(w) = ½ w², whose gradient is w", "[optimizers]") {
  auto opt = make_optimizer(with_type("sgd", 0.1));
  std::vector<double> w = {1.0, -2.0};
  // t = 1: g = w = (1, −2);        w = (1 − 0.1·1, −2 − 0.1·(−2))   = (0.9, −1.8)
  step(*opt, w, std::vector<double>(w));
  CHECK(w[0] == Approx(0.9).epsilon(1e-15));
  CHECK(w[1] == Approx(-1.8).epsilon(1e-15));
  // t = 2: g = (0.9, −1.8);        w = (0.9 − 0.09, −1.8 + 0.18)     = (0.81, −1.62)
  step(*opt, w, std::vector<double>(w));
  CHECK(w[0] == Approx(0.81).epsilon(1e-15));
  CHECK(w[1] == Approx(-1.62).epsilon(1e-15));
  // t = 3: g = (0.81, −1.62);      w = (0.81 − 0.081, −1.62 + 0.162) = (0.729, −1.458)
  step(*opt, w, std::vector<double>(w));
  CHECK(w[0] == Approx(0.729).epsilon(1e-15));
  CHECK(w[1] == Approx(-1.458).epsilon(1e-15));
  CHECK(opt->t() == 3);
  CHECK(opt->state(0).empty());
}

TEST_CASE("momentum takes v ← μ v + g; w ← w − η v: three steps by hand", "[optimizers]") {
  auto opt = make_optimizer(with_type("momentum", 0.1));  // μ = 0.9
  std::vector<double> w = {0.0, 0.0};
  // t = 1: g = (1, −2);   v = 0.9·0 + g = (1, −2)
  //        w = 0 − 0.1·v = (−0.1, 0.2)
  step(*opt, w, kGradients[0]);
  CHECK(state_of(*opt, "v")[0] == Approx(1.0).epsilon(1e-15));
  CHECK(state_of(*opt, "v")[1] == Approx(-2.0).epsilon(1e-15));
  CHECK(w[0] == Approx(-0.1).epsilon(1e-15));
  CHECK(w[1] == Approx(0.2).epsilon(1e-15));
  // t = 2: g = (0.5, 4);  v = (0.9 + 0.5, −1.8 + 4) = (1.4, 2.2)
  //        w = (−0.1 − 0.14, 0.2 − 0.22) = (−0.24, −0.02)
  step(*opt, w, kGradients[1]);
  CHECK(state_of(*opt, "v")[0] == Approx(1.4).epsilon(1e-15));
  CHECK(state_of(*opt, "v")[1] == Approx(2.2).epsilon(1e-15));
  CHECK(w[0] == Approx(-0.24).epsilon(1e-14));
  CHECK(w[1] == Approx(-0.02).epsilon(1e-13));
  // t = 3: g = (−1, 0);   v = (1.26 − 1, 1.98 + 0) = (0.26, 1.98)
  //        w = (−0.24 − 0.026, −0.02 − 0.198) = (−0.266, −0.218)
  step(*opt, w, kGradients[2]);
  CHECK(state_of(*opt, "v")[0] == Approx(0.26).epsilon(1e-14));
  CHECK(state_of(*opt, "v")[1] == Approx(1.98).epsilon(1e-15));
  CHECK(w[0] == Approx(-0.266).epsilon(1e-14));
  CHECK(w[1] == Approx(-0.218).epsilon(1e-14));
}

TEST_CASE("rmsprop takes E[g²] ← γ E[g²] + (1−γ) g²; w ← w − η g / √(E[g²] + ε): three steps by hand",
          "[optimizers]") {
  auto opt = make_optimizer(with_type("rmsprop", 0.1));  // γ = 0.9, ε = 1e-8
  std::vector<double> w = {0.0, 0.0};
  // t = 1: g = (1, −2);   s = 0.1·g² = (0.1, 0.4)
  //        √(0.1 + 1e-8) = 0.31622778182822584,  √(0.4 + 1e-8) = 0.63245553993936997
  //        w = (−0.1·1/0.316227781828, +0.1·2/0.632455539939) = (−0.31622775020545082, 0.31622776206399093)
  //        (the first step is ≈ η/√(1−γ) ≈ 3.16 η whatever the size of g)
  step(*opt, w, kGradients[0]);
  CHECK(state_of(*opt, "s")[0] == Approx(0.1).epsilon(1e-15));
  CHECK(state_of(*opt, "s")[1] == Approx(0.4).epsilon(1e-15));
  CHECK(w[0] == Approx(-0.31622775020545082).epsilon(1e-14));
  CHECK(w[1] == Approx(0.31622776206399093).epsilon(1e-14));
  // t = 2: g = (0.5, 4);  s = (0.09 + 0.025, 0.36 + 1.6) = (0.115, 1.96)
  //        √(0.115 + 1e-8) = 0.33911651390045870,  √(1.96 + 1e-8) = 1.4000000035714286
  //        w = (−0.316227750205 − 0.05/0.339116513900, 0.316227762064 − 0.4/1.400000003571)
  //          = (−0.46366969994982854, 0.030513477078568189)
  step(*opt, w, kGradients[1]);
  CHECK(state_of(*opt, "s")[0] == Approx(0.115).epsilon(1e-15));
  CHECK(state_of(*opt, "s")[1] == Approx(1.96).epsilon(1e-15));
  CHECK(w[0] == Approx(-0.46366969994982854).epsilon(1e-14));
  CHECK(w[1] == Approx(0.030513477078568189).epsilon(1e-12));
  // t = 3: g = (−1, 0);   s = (0.1035 + 0.1, 1.764 + 0) = (0.2035, 1.764)
  //        √(0.2035 + 1e-8) = 0.45110975382937576
  //        w = (−0.463669699950 + 0.1/0.451109753829, 0.030513477079 − 0)
  //          = (−0.24199415613566570, 0.030513477078568189)
  step(*opt, w, kGradients[2]);
  CHECK(state_of(*opt, "s")[0] == Approx(0.2035).epsilon(1e-14));
  CHECK(state_of(*opt, "s")[1] == Approx(1.764).epsilon(1e-15));
  CHECK(w[0] == Approx(-0.24199415613566570).epsilon(1e-14));
  CHECK(w[1] == Approx(0.030513477078568189).epsilon(1e-12));
}

TEST_CASE("adam: three steps by hand, with m̂ and v̂ bias-corrected by 1 − β^t at t = 1, 2, 3",
          "[optimizers]") {
  auto opt = make_optimizer(with_type("adam", 0.1));  // β1 = 0.9, β2 = 0.999, ε = 1e-8
  std::vector<double> w = {0.0, 0.0};
  // t = 1: g = (1, −2);  m = 0.1·g = (0.1, −0.2);  v = 0.001·g² = (0.001, 0.004)
  //        1 − β1 = 0.1,  1 − β2 = 0.001:  m̂ = (1, −2) = g,  v̂ = (1, 4) = g²
  //        w = −0.1·(1/√(1 + 1e-8), −2/√(4 + 1e-8)) = (−0.099999999500000004, 0.099999999875)
  step(*opt, w, kGradients[0]);
  CHECK(opt->t() == 1);
  CHECK(state_of(*opt, "m")[0] == Approx(0.1).epsilon(1e-15));
  CHECK(state_of(*opt, "m")[1] == Approx(-0.2).epsilon(1e-15));
  CHECK(state_of(*opt, "v")[0] == Approx(0.001).epsilon(1e-15));
  CHECK(state_of(*opt, "v")[1] == Approx(0.004).epsilon(1e-15));
  CHECK(state_of(*opt, "mhat")[0] == Approx(1.0).epsilon(1e-14));
  CHECK(state_of(*opt, "mhat")[1] == Approx(-2.0).epsilon(1e-14));
  CHECK(state_of(*opt, "vhat")[0] == Approx(1.0).epsilon(1e-12));
  CHECK(state_of(*opt, "vhat")[1] == Approx(4.0).epsilon(1e-12));
  CHECK(w[0] == Approx(-0.099999999500000004).epsilon(1e-13));
  CHECK(w[1] == Approx(0.099999999875).epsilon(1e-13));
  // t = 2: g = (0.5, 4);  m = (0.09 + 0.05, −0.18 + 0.4) = (0.14, 0.22)
  //        v = (0.000999 + 0.00025, 0.003996 + 0.016) = (0.001249, 0.019996)
  //        1 − 0.9² = 0.19,  1 − 0.999² = 0.001999
  //        m̂ = (0.14/0.19, 0.22/0.19) = (0.73684210526315789, 1.1578947368421053)
  //        v̂ = (0.001249/0.001999, 0.019996/0.001999) = (0.62481240620310155, 10.003001500750375)
  //        w = (−0.0999999995 − 0.093217963135173299, 0.099999999875 − 0.036610352685284873)
  //          = (−0.19321796263517330, 0.063389647189715127)
  step(*opt, w, kGradients[1]);
  CHECK(opt->t() == 2);
  CHECK(state_of(*opt, "m")[0] == Approx(0.14).epsilon(1e-14));
  CHECK(state_of(*opt, "m")[1] == Approx(0.22).epsilon(1e-14));
  CHECK(state_of(*opt, "v")[0] == Approx(0.001249).epsilon(1e-14));
  CHECK(state_of(*opt, "v")[1] == Approx(0.019996).epsilon(1e-14));
  CHECK(state_of(*opt, "mhat")[0] == Approx(0.73684210526315789).epsilon(1e-14));
  CHECK(state_of(*opt, "mhat")[1] == Approx(1.1578947368421053).epsilon(1e-14));
  CHECK(state_of(*opt, "vhat")[0] == Approx(0.62481240620310155).epsilon(1e-12));
  CHECK(state_of(*opt, "vhat")[1] == Approx(10.003001500750375).epsilon(1e-12));
  CHECK(w[0] == Approx(-0.19321796263517330).epsilon(1e-13));
  CHECK(w[1] == Approx(0.063389647189715127).epsilon(1e-13));
  // t = 3: g = (−1, 0);   m = (0.126 − 0.1, 0.198 + 0) = (0.026, 0.198)
  //        v = (0.001247751 + 0.001, 0.019976004 + 0) = (0.002247751, 0.019976004)
  //        1 − 0.9³ = 0.271,  1 − 0.999³ = 0.002997001
  //        m̂ = (0.026/0.271, 0.198/0.271) = (0.095940959409594096, 0.73062730627306273)
  //        v̂ = (0.002247751/0.002997001, 0.019976004/0.002997001) = (0.75000008341672225, 6.6653311093322959)
  //        w = (−0.193217962635 − 0.011078307058355288, 0.063389647190 − 0.028299908726858386)
  //          = (−0.20429626969352859, 0.035089738462856742)
  step(*opt, w, kGradients[2]);
  CHECK(opt->t() == 3);
  CHECK(state_of(*opt, "m")[0] == Approx(0.026).epsilon(1e-13));
  CHECK(state_of(*opt, "m")[1] == Approx(0.198).epsilon(1e-14));
  CHECK(state_of(*opt, "v")[0] == Approx(0.002247751).epsilon(1e-14));
  CHECK(state_of(*opt, "v")[1] == Approx(0.019976004).epsilon(1e-14));
  CHECK(state_of(*opt, "mhat")[0] == Approx(0.095940959409594096).epsilon(1e-13));
  CHECK(state_of(*opt, "mhat")[1] == Approx(0.73062730627306273).epsilon(1e-14));
  CHECK(state_of(*opt, "vhat")[0] == Approx(0.75000008341672225).epsilon(1e-12));
  CHECK(state_of(*opt, "vhat")[1] == Approx(6.6653311093322959).epsilon(1e-12));
  CHECK(w[0] == Approx(-0.20429626969352859).epsilon(1e-13));
  CHECK(w[1] == Approx(0.035089738462856742).epsilon(1e-12));
}

TEST_CASE("t advances once per step, however many parameter tensors the step updates", "[optimizers]") {
  for (const char* type : {"sgd", "momentum", "rmsprop", "adam"}) {
    INFO(type);
    auto opt = make_optimizer(with_type(type, 0.1));
    // Three tensors, like W^[1], b^[1], W^[2]: one step is still t = 1.
    std::vector<double> W1 = {1.0, 2.0}, b1 = {3.0}, W2 = {4.0, 5.0, 6.0};
    const std::vector<double> gW1 = {1.0, -2.0}, gb1 = {0.5}, gW2 = {4.0, -1.0, 2.0};
    const std::vector<ParamSlot> slots = {
        {W1.data(), gW1.data(), 2}, {b1.data(), gb1.data(), 1}, {W2.data(), gW2.data(), 3}};
    CHECK(opt->t() == 0);
    opt->step(slots);
    CHECK(opt->t() == 1);
    opt->step(slots);
    CHECK(opt->t() == 2);
  }
  // Adam's correction shows it: at t = 1 each tensor's m̂ is its g and v̂ its g² — had t advanced per
  // tensor, the second would be corrected by 1 − β^2 instead (m̂ = 0.1 g / 0.19 ≈ 0.53 g).
  auto adam = make_optimizer(with_type("adam", 0.1));
  std::vector<double> W = {0.0, 0.0}, b = {0.0};
  const std::vector<double> gW = {1.0, -2.0}, gb = {3.0};
  adam->step({{W.data(), gW.data(), 2}, {b.data(), gb.data(), 1}});
  const NamedState bias_state = adam->state(1);
  REQUIRE(bias_state.size() == 4);
  CHECK(bias_state[2].second(0) == Approx(3.0).epsilon(1e-14));  // m̂ of b = 0.1·3 / 0.1
  CHECK(bias_state[3].second(0) == Approx(9.0).epsilon(1e-12));  // v̂ of b = 0.001·9 / 0.001
  // The first Adam step moves every entry by η (1 − tiny ε term) against the sign of its gradient.
  CHECK(W[0] == Approx(-0.1).epsilon(1e-7));
  CHECK(W[1] == Approx(0.1).epsilon(1e-7));
  CHECK(b[0] == Approx(-0.1).epsilon(1e-7));
}

TEST_CASE("state() names each optimizer's state as the course does", "[optimizers]") {
  const std::vector<std::pair<std::string, std::vector<std::string>>> expected = {
      {"sgd", {}}, {"momentum", {"v"}}, {"rmsprop", {"s"}}, {"adam", {"m", "v", "mhat", "vhat"}}};
  for (const auto& [type, names] : expected) {
    INFO(type);
    auto opt = make_optimizer(with_type(type, 0.1));
    CHECK(opt->state(0).empty());  // nothing allocated before the first step
    std::vector<double> W = {1.0, 2.0}, b = {3.0};
    const std::vector<double> gW = {0.1, 0.2}, gb = {0.3};
    opt->step({{W.data(), gW.data(), 2}, {b.data(), gb.data(), 1}});
    for (std::size_t slot = 0; slot < 2; ++slot) {
      const NamedState state = opt->state(slot);
      REQUIRE(state.size() == names.size());
      for (std::size_t k = 0; k < names.size(); ++k) {
        CHECK(state[k].first == names[k]);
        CHECK(state[k].second.size() == (slot == 0 ? 2u : 1u));  // one entry per parameter
      }
    }
    CHECK(opt->state(2).empty());  // no such tensor
  }
}

TEST_CASE("set_hyperparameters changes η, μ, … and keeps the state", "[optimizers]") {
  auto opt = make_optimizer(with_type("momentum", 0.1));
  std::vector<double> w = {0.0, 0.0};
  step(*opt, w, kGradients[0]);  // v = (1, −2), w = (−0.1, 0.2), as by hand above
  step(*opt, w, kGradients[1]);  // v = (1.4, 2.2), w = (−0.24, −0.02)
  OptimizerConfig slower = with_type("momentum", 0.01);
  slower.momentum = 0.5;
  opt->set_hyperparameters(slower);
  CHECK(opt->t() == 2);
  CHECK(state_of(*opt, "v")[0] == Approx(1.4).epsilon(1e-15));
  // t = 3 with μ = 0.5, η = 0.01 on the kept v: v = (0.7 − 1, 1.1 + 0) = (−0.3, 1.1)
  //        w = (−0.24 + 0.003, −0.02 − 0.011) = (−0.237, −0.031)
  step(*opt, w, kGradients[2]);
  CHECK(state_of(*opt, "v")[0] == Approx(-0.3).epsilon(1e-14));
  CHECK(state_of(*opt, "v")[1] == Approx(1.1).epsilon(1e-14));
  CHECK(w[0] == Approx(-0.237).epsilon(1e-14));
  CHECK(w[1] == Approx(-0.031).epsilon(1e-13));
  CHECK_THROWS_WITH(opt->set_hyperparameters(with_type("adam", 0.1)),
                    Catch::Contains("cannot change the type"));

  // Adam keeps m, v and t: a new η only rescales the next step.
  auto adam = make_optimizer(with_type("adam", 0.1));
  std::vector<double> u = {0.0, 0.0};
  step(*adam, u, kGradients[0]);
  step(*adam, u, kGradients[1]);  // u = (−0.19321796263517330, 0.063389647189715127), as by hand above
  adam->set_hyperparameters(with_type("adam", 0.2));
  CHECK(adam->t() == 2);
  CHECK(state_of(*adam, "m")[1] == Approx(0.22).epsilon(1e-14));
  CHECK(state_of(*adam, "mhat")[1] == Approx(1.1578947368421053).epsilon(1e-14));
  // t = 3 as by hand above, with η = 0.2: twice the step (0.011078307058355288, 0.028299908726858386).
  step(*adam, u, kGradients[2]);
  CHECK(u[0] == Approx(-0.19321796263517330 - 0.022156614116710576).epsilon(1e-13));
  CHECK(u[1] == Approx(0.063389647189715127 - 0.056599817453716772).epsilon(1e-12));
}

TEST_CASE("set_state and set_t restore a run: continuing gives the uninterrupted numbers", "[optimizers]") {
  for (const char* type : {"sgd", "momentum", "rmsprop", "adam"}) {
    INFO(type);
    const OptimizerConfig config = with_type(type, 0.05);
    const std::vector<std::vector<double>> gW = {
        {1.0, -2.0}, {0.5, 4.0}, {-1.0, 0.0}, {0.3, 0.3}, {2.0, -0.7}};
    const std::vector<std::vector<double>> gb = {{0.2}, {-0.1}, {0.4}, {0.0}, {-3.0}};

    // Five uninterrupted steps on two tensors.
    auto whole = make_optimizer(config);
    std::vector<double> W = {0.5, -0.5}, b = {1.0};
    for (std::size_t k = 0; k < 5; ++k)
      whole->step({{W.data(), gW[k].data(), 2}, {b.data(), gb[k].data(), 1}});

    // Two steps, then everything saved, a fresh optimizer restored from it, and three more steps.
    auto first = make_optimizer(config);
    std::vector<double> W2 = {0.5, -0.5}, b2 = {1.0};
    for (std::size_t k = 0; k < 2; ++k)
      first->step({{W2.data(), gW[k].data(), 2}, {b2.data(), gb[k].data(), 1}});
    const NamedState saved_W = first->state(0), saved_b = first->state(1);
    auto resumed = make_optimizer(config);
    for (const auto& [name, value] : saved_W) resumed->set_state(0, name, value);
    for (const auto& [name, value] : saved_b) resumed->set_state(1, name, value);
    resumed->set_t(first->t());
    CHECK(resumed->t() == 2);
    for (std::size_t k = 2; k < 5; ++k)
      resumed->step({{W2.data(), gW[k].data(), 2}, {b2.data(), gb[k].data(), 1}});

    // Bit for bit: the same operations in the same order.
    CHECK(W2[0] == W[0]);
    CHECK(W2[1] == W[1]);
    CHECK(b2[0] == b[0]);
    CHECK(resumed->t() == whole->t());
    const NamedState a = resumed->state(0), e = whole->state(0);
    REQUIRE(a.size() == e.size());
    for (std::size_t k = 0; k < a.size(); ++k) {
      CHECK(a[k].first == e[k].first);
      CHECK(a[k].second(0) == e[k].second(0));
      CHECK(a[k].second(1) == e[k].second(1));
    }
  }
  // Names that are not the optimizer's state are refused, naming the name.
  CHECK_THROWS_WITH(make_optimizer(with_type("sgd", 0.1))->set_state(0, "v", Vector{1.0}),
                    Catch::Contains("'v'"));
  CHECK_THROWS_WITH(make_optimizer(with_type("momentum", 0.1))->set_state(0, "s", Vector{1.0}),
                    Catch::Contains("'s'"));
  CHECK_THROWS_WITH(make_optimizer(with_type("rmsprop", 0.1))->set_state(0, "v", Vector{1.0}),
                    Catch::Contains("'v'"));
  CHECK_THROWS_WITH(make_optimizer(with_type("adam", 0.1))->set_state(0, "s", Vector{1.0}),
                    Catch::Contains("'s'"));
  CHECK_THROWS_WITH(make_optimizer(with_type("adam", 0.1))->set_t(-1), Catch::Contains("t must be"));
}

TEST_CASE("a restored state of the wrong size is refused at the next step, not written past",
          "[optimizers]") {
  for (const char* type : {"momentum", "rmsprop", "adam"}) {
    INFO(type);
    auto opt = make_optimizer(with_type(type, 0.1));
    const std::string name = std::string(type) == "rmsprop" ? "s" : "v";
    opt->set_state(0, name, Vector{1.0});  // one entry, for a tensor of three
    if (std::string(type) == "adam") opt->set_state(0, "m", Vector{1.0, 2.0, 3.0});
    std::vector<double> w = {1.0, 2.0, 3.0};
    const std::vector<double> g = {0.1, 0.2, 0.3};
    CHECK_THROWS_WITH(step(*opt, w, g), Catch::Contains("3 entries") && Catch::Contains("'" + name + "'"));
    CHECK(w == std::vector<double>{1.0, 2.0, 3.0});  // nothing moved
    CHECK(opt->t() == 0);
  }
  // Adam with only m restored reads back m and an empty v (and steps once v is restored too).
  auto adam = make_optimizer(with_type("adam", 0.1));
  adam->set_state(0, "m", Vector{0.1, -0.2});
  const NamedState partial = adam->state(0);
  REQUIRE(partial.size() == 4);
  CHECK(partial[0].second.size() == 2);
  CHECK(partial[1].second.size() == 0);
  adam->set_state(0, "v", Vector{0.001, 0.004});
  adam->set_t(1);
  std::vector<double> w = {0.0, 0.0};
  // The state after the hand-worked t = 1 above, then its t = 2: w = −(0.093217963135173299,
  // 0.036610352685284873).
  step(*adam, w, kGradients[1]);
  CHECK(w[0] == Approx(-0.093217963135173299).epsilon(1e-13));
  CHECK(w[1] == Approx(-0.036610352685284873).epsilon(1e-12));
}

TEST_CASE("adam's set_t takes no time for a large t (β^t reaches 0 and stays there)", "[optimizers]") {
  auto opt = make_optimizer(with_type("adam", 0.1));
  std::vector<double> w = {0.0, 0.0};
  step(*opt, w, kGradients[0]);
  opt->set_t(1LL << 50);  // β2^t underflows to 0 after ~745 000 products; a loop to 2^50 would never end
  CHECK(opt->t() == (1LL << 50));
  // With both corrections 1: m̂ = m = (0.1, −0.2), v̂ = v = (0.001, 0.004).
  CHECK(state_of(*opt, "mhat")[0] == Approx(0.1).epsilon(1e-15));
  CHECK(state_of(*opt, "vhat")[1] == Approx(0.004).epsilon(1e-15));
}

TEST_CASE("invalid settings are refused with the field's name", "[optimizers]") {
  auto bad = [](const char* field, double value) {
    OptimizerConfig c;
    c.type = "adam";
    const std::string f = field;
    if (f == "lr") c.lr = value;
    if (f == "momentum") c.momentum = value;
    if (f == "gamma") c.gamma = value;
    if (f == "beta1") c.beta1 = value;
    if (f == "beta2") c.beta2 = value;
    if (f == "eps") c.eps = value;
    return c;
  };
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  for (const char* field : {"lr", "momentum", "gamma", "beta1", "beta2", "eps"}) {
    INFO(field);
    for (double value : {-0.5, 1e9, nan, inf}) {
      CHECK_THROWS_WITH(make_optimizer(bad(field, value)), Catch::Contains(std::string(field) + " must be"));
      CHECK_THROWS_WITH(validate(bad(field, value)), Catch::Contains(std::string(field) + " must be"));
    }
  }
  CHECK_THROWS_WITH(make_optimizer(bad("lr", 0.0)), Catch::Contains("lr must be"));              // η > 0
  CHECK_THROWS_WITH(make_optimizer(bad("momentum", 1.0)), Catch::Contains("momentum must be"));  // μ < 1
  CHECK_THROWS_WITH(make_optimizer(bad("gamma", 1.0)), Catch::Contains("gamma must be"));
  CHECK_THROWS_WITH(make_optimizer(bad("beta1", 1.0)), Catch::Contains("beta1 must be"));  // 1 − β1^t = 0
  CHECK_THROWS_WITH(make_optimizer(bad("beta2", 1.0)), Catch::Contains("beta2 must be"));
  CHECK_THROWS_WITH(make_optimizer(bad("eps", 0.0)), Catch::Contains("eps must be"));  // ε > 0
  CHECK_THROWS_AS(make_optimizer(bad("lr", -1.0)), std::invalid_argument);
  OptimizerConfig unknown;
  unknown.type = "adagrad";
  CHECK_THROWS_WITH(make_optimizer(unknown),
                    Catch::Contains("type must be one of") && Catch::Contains("adagrad"));
  // The edges the course's values sit on are accepted: μ = 0 is plain gradient descent.
  OptimizerConfig edge = with_type("momentum", 100.0);
  edge.momentum = 0.0;
  CHECK_NOTHROW(make_optimizer(edge));
  // set_hyperparameters validates too, and a refused change leaves the old settings.
  auto opt = make_optimizer(with_type("adam", 0.1));
  CHECK_THROWS_WITH(opt->set_hyperparameters(bad("beta2", 2.0)), Catch::Contains("beta2 must be"));
  CHECK(opt->config().beta2 == 0.999);
}

TEST_CASE("adam's β^t is one computation by squaring: a step, a restored t and a new β agree to the bit",
          "[optimizers]") {
  // β^t by squaring, at t = 1, 2, 3 exactly the products the hand computations above use.
  CHECK(power(0.9, 0) == 1.0);
  CHECK(power(0.9, 1) == 0.9);
  CHECK(power(0.9, 2) == 0.9 * 0.9);
  CHECK(power(0.999, 3) == 0.999 * 0.999 * 0.999);
  CHECK(power(0.5, 10) == 1.0 / 1024);
  // 0.999^6 = (0.999·0.999²)², one rounding fewer than the running product 0.999^5·0.999 (…c074p-1).
  const double beta2_6 = 0x1.fcef880dcc075p-1;
  CHECK(power(0.999, 6) == beta2_6);
  // Adam keeps the squares β^(2^k) and multiplies those t's bits pick: the same products in the same order.
  const Squares squares = squares_of(0.999);
  for (long long t : {0LL, 1LL, 6LL, 1000LL, 123456789LL, kMaxOptimizerSteps})
    CHECK(power(squares, t) == power(0.999, t));

  // Six uninterrupted steps on one entry with g = 1, 2, …, 6.
  const std::vector<std::vector<double>> g = {{1.0}, {2.0}, {3.0}, {4.0}, {5.0}, {6.0}};
  auto whole = make_optimizer(with_type("adam", 0.01));
  std::vector<double> w = {0.0};
  for (const auto& gk : g) step(*whole, w, gk);
  const double v6 = state_of(*whole, "v")[0];
  CHECK(state_of(*whole, "vhat")[0] == v6 / (1.0 - beta2_6));

  // Five steps, the state restored into a fresh optimizer, the sixth step there: the same bits.
  auto first = make_optimizer(with_type("adam", 0.01));
  std::vector<double> w2 = {0.0};
  for (std::size_t k = 0; k < 5; ++k) step(*first, w2, g[k]);
  auto resumed = make_optimizer(with_type("adam", 0.01));
  resumed->set_state(0, "m", Vector{state_of(*first, "m")[0]});
  resumed->set_state(0, "v", Vector{state_of(*first, "v")[0]});
  resumed->set_t(5);
  step(*resumed, w2, g[5]);
  CHECK(w2[0] == w[0]);
  CHECK(state_of(*resumed, "vhat")[0] == state_of(*whole, "vhat")[0]);

  // Restoring t = 6 directly, and changing β2 at t = 6 from another value to 0.999, give that β^6 too.
  auto restored = make_optimizer(with_type("adam", 0.01));
  restored->set_state(0, "m", Vector{0.5});
  restored->set_state(0, "v", Vector{v6});
  restored->set_t(6);
  CHECK(state_of(*restored, "vhat")[0] == v6 / (1.0 - beta2_6));
  OptimizerConfig other = with_type("adam", 0.01);
  other.beta2 = 0.99;
  auto reconfigured = make_optimizer(other);
  std::vector<double> w3 = {0.0};
  for (const auto& gk : g) step(*reconfigured, w3, gk);
  reconfigured->set_hyperparameters(with_type("adam", 0.01));
  const double v = state_of(*reconfigured, "v")[0];
  CHECK(state_of(*reconfigured, "vhat")[0] == v / (1.0 - beta2_6));
}

TEST_CASE("adam takes any t up to 2^53 − 1 at once, even with β a hair below 1, and stops there",
          "[optimizers]") {
  OptimizerConfig c = with_type("adam", 0.1);
  c.beta1 = c.beta2 = 1.0 - 0x1p-53;  // the largest β below 1: a loop over t would run 2^53 times
  auto opt = make_optimizer(c);
  opt->set_state(0, "m", Vector{0.1});
  opt->set_state(0, "v", Vector{0.004});
  opt->set_t(kMaxOptimizerSteps);  // returns at once: 2 × 53 squarings
  CHECK(opt->t() == 9007199254740991LL);
  // β^t = (1 − 2^-53)^(2^53 − 1) = e^-1 (1 + 2^-54 + …) = 0.36787944117144233…; squaring 53 times keeps it
  // within 1e-8 (the running product of t steps would be no closer).
  CHECK(state_of(*opt, "mhat")[0] == Approx(0.1 / (1.0 - 0.36787944117144233)).epsilon(1e-8));
  CHECK(state_of(*opt, "vhat")[0] == Approx(0.004 / (1.0 - 0.36787944117144233)).epsilon(1e-8));
  // One more step would leave the integers a JS number holds exactly: refused, nothing changed.
  std::vector<double> w = {1.0};
  CHECK_THROWS_WITH(
      step(*opt, w, {1.0}),
      "optimizer: t has reached its limit 9007199254740991 (2^53 - 1); set a new optimizer to train on");
  CHECK(w[0] == 1.0);
  CHECK(opt->t() == kMaxOptimizerSteps);
  CHECK(state_of(*opt, "m")[0] == 0.1);
  CHECK_THROWS_WITH(opt->set_t(kMaxOptimizerSteps + 1),
                    "optimizer: t must be an integer in 0..9007199254740991, got 9007199254740992");
  CHECK_THROWS_WITH(opt->set_t(-1), "optimizer: t must be an integer in 0..9007199254740991, got -1");
}

TEST_CASE("a restored state no run can reach is refused when it is loaded, naming state, tensor and index",
          "[optimizers]") {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  auto rmsprop = make_optimizer(with_type("rmsprop", 0.1));
  // E[g²] < 0 would make the next √(s + ε) NaN and write NaN weights.
  CHECK_THROWS_WITH(rmsprop->set_state(2, "s", Vector{0.5, 0.0, 1.0, -1.0}),
                    "optimizer state: 's' of parameter tensor 2 must be finite and >= 0, got -1 at index 3");
  CHECK_THROWS_WITH(
      rmsprop->set_state(0, "s", Vector{inf}),
      "optimizer state: 's' of parameter tensor 0 must be finite and >= 0, got Infinity at index 0");
  CHECK(rmsprop->state(2).empty());  // nothing was stored
  auto adam = make_optimizer(with_type("adam", 0.1));
  CHECK_THROWS_WITH(
      adam->set_state(1, "v", Vector{0.1, -1e-9}),
      "optimizer state: 'v' of parameter tensor 1 must be finite and >= 0, got -1e-9 at index 1");
  CHECK_THROWS_WITH(adam->set_state(0, "m", Vector{nan}),
                    "optimizer state: 'm' of parameter tensor 0 must be finite, got NaN at index 0");
  auto momentum = make_optimizer(with_type("momentum", 0.1));
  CHECK_THROWS_WITH(momentum->set_state(0, "v", Vector{1.0, -inf}),
                    "optimizer state: 'v' of parameter tensor 0 must be finite, got -Infinity at index 1");
  // Negative first moments and a zero second moment are states a run reaches: accepted.
  CHECK_NOTHROW(adam->set_state(0, "m", Vector{-3.0}));
  CHECK_NOTHROW(adam->set_state(0, "v", Vector{0.0}));
  CHECK_NOTHROW(momentum->set_state(0, "v", Vector{-2.0}));
}

TEST_CASE("setting messages give each number in its shortest exact form", "[optimizers]") {
  OptimizerConfig c = with_type("sgd", -1e-9);
  CHECK_THROWS_WITH(validate(c), "optimizer: lr must be a finite number in (0, 100], got -1e-9");
  c = with_type("adam", 0.1);
  c.beta2 = 1.0000001;
  CHECK_THROWS_WITH(validate(c), "optimizer: beta2 must be a finite number in [0, 1), got 1.0000001");
  c = with_type("momentum", 0.1);
  c.momentum = 100;
  CHECK_THROWS_WITH(validate(c), "optimizer: momentum must be a finite number in [0, 1), got 100");
  c = with_type("rmsprop", 0.1);
  c.eps = std::numeric_limits<double>::quiet_NaN();
  CHECK_THROWS_WITH(validate(c), "optimizer: eps must be a finite number in (0, 1], got NaN");
  // the example: "(0.000000, 100.000000], got 1000.000000" was what %f wrote
  CHECK_THROWS_WITH(validate(with_type("sgd", 1000)),
                    "optimizer: lr must be a finite number in (0, 100], got 1000");
}
