// The golden trace: a fixed seed, network and data; the losses of 200 training steps are written here and
// must come out bit for bit the same natively and in wasm (architecture.md, determinism).
#include <catch2/catch.hpp>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "helpers.hpp"

using namespace bp;

namespace {
// 2-8-8-1 tanh/sigmoid/BCE, Adam, L2 and dropout on: every part of the step takes part.
std::vector<double> golden_run() {
  Network net(test::config({2, 8, 8, 1}, "tanh", "sigmoid", "bce", 2024));
  net.set_optimizer({"adam", 0.02});
  net.set_regularization({0.0, 1e-3, 0.1});
  // 64 points on [−1, 1]², label 1 inside the circle x1² + x2² < 0.5; four fixed batches of 16.
  Rng data_rng(77);
  Matrix X = Matrix::from_shape({64, 2});
  Matrix Y = Matrix::from_shape({64, 1});
  for (std::size_t j = 0; j < 64; ++j) {
    X(j, 0) = data_rng.uniform(-1, 1);
    X(j, 1) = data_rng.uniform(-1, 1);
    Y(j, 0) = X(j, 0) * X(j, 0) + X(j, 1) * X(j, 1) < 0.5 ? 1.0 : 0.0;
  }
  std::vector<double> losses;
  for (int step = 0; step < 200; ++step) {
    const std::size_t start = static_cast<std::size_t>(step % 4) * 16;
    Matrix Xb = Matrix::from_shape({16, 2}), Yb = Matrix::from_shape({16, 1});
    for (std::size_t j = 0; j < 16; ++j) {
      Xb(j, 0) = X(start + j, 0);
      Xb(j, 1) = X(start + j, 1);
      Yb(j, 0) = Y(start + j, 0);
    }
    losses.push_back(net.step(Xb, Yb));
  }
  return losses;
}
}  // namespace

TEST_CASE("golden trace: 200 steps give the written losses to the last bit", "[golden]") {
  const std::vector<double> losses = golden_run();
  if (std::getenv("BP_PRINT_GOLDEN")) {
    for (std::size_t i = 0; i < losses.size(); ++i) std::printf("%a,%s", losses[i], i % 4 == 3 ? "\n" : " ");
  }
  static const double expected[200] = {
      // hexadecimal floats: exact doubles, printed by BP_PRINT_GOLDEN=1 core_tests "[golden]".
      // Adam's β^t comes from power() (by squaring: at most 2·63 products whatever t, the same for a step, a
      // restored t or a new β). The running product β^(t−1)·β it replaced differs by an ulp from t = 8 on, so
      // from step 8 these losses differ from the trace of that product in the last bits (by at most 2e-15).
      0x1.7eabc4ce778d9p-1, 0x1.6162be478510ep-1, 0x1.58f0c0fbe019p-1,  0x1.5daee5fe9ba42p-1,
      0x1.46aaebc9e26fdp-1, 0x1.68bcc09389a18p-1, 0x1.4bbb7566a761cp-1, 0x1.4a9a53cb7e2d3p-1,
      0x1.48723a84548f2p-1, 0x1.703f37e7e966cp-1, 0x1.40a87519dc223p-1, 0x1.3a804ecaa992ep-1,
      0x1.470f446b3e62ap-1, 0x1.6eadcf8c7ae6ep-1, 0x1.4c5653e63d148p-1, 0x1.300b67a7b1fb4p-1,
      0x1.43b70b9650226p-1, 0x1.7b561f31f42dp-1,  0x1.42c73728297abp-1, 0x1.27e5b5565f386p-1,
      0x1.438716b3d4d11p-1, 0x1.67828f7fcf29ap-1, 0x1.437c87a201449p-1, 0x1.304dcb2683835p-1,
      0x1.3ace045362691p-1, 0x1.6a5cdebe5d3d9p-1, 0x1.4356e84217997p-1, 0x1.317e616281c51p-1,
      0x1.3c7d14cf816e2p-1, 0x1.63a0bf096cf0ep-1, 0x1.3d74fc8005371p-1, 0x1.2e39a56120332p-1,
      0x1.3a7a782678414p-1, 0x1.6e6703970f483p-1, 0x1.3c1600c7bc3fcp-1, 0x1.2587dcb729348p-1,
      0x1.43efba236ec7cp-1, 0x1.69a5ae06c2a37p-1, 0x1.43a98e5e4b9bdp-1, 0x1.270f46134c2e4p-1,
      0x1.3483f121fc5cbp-1, 0x1.6234a994959b3p-1, 0x1.4995eb31059bap-1, 0x1.2cf77ea5f07a7p-1,
      0x1.3554795533939p-1, 0x1.5e8c675e1f9cfp-1, 0x1.3fd2c2de8ea0bp-1, 0x1.280159f7b8ac6p-1,
      0x1.40599dc7b520dp-1, 0x1.5b880bcebac93p-1, 0x1.3f9e41ddda603p-1, 0x1.2a85b7a80fe76p-1,
      0x1.37a4874fbae7dp-1, 0x1.66a9afbf43f06p-1, 0x1.40606635c1e16p-1, 0x1.244ac3174193ap-1,
      0x1.40b40f95e84d5p-1, 0x1.706359180541p-1,  0x1.4146012c8b858p-1, 0x1.227be5b273f04p-1,
      0x1.3b5089db284a4p-1, 0x1.6da9641c6c647p-1, 0x1.39fb09742855ep-1, 0x1.2bbf8cb503c63p-1,
      0x1.32e0585ee33f2p-1, 0x1.61c1b837f9a0cp-1, 0x1.3e6daa32d5181p-1, 0x1.2b951b976b896p-1,
      0x1.413cdd3b7c262p-1, 0x1.61b573f1f402ap-1, 0x1.459a5c62791aep-1, 0x1.25fe934aa1c19p-1,
      0x1.33ec5f7b2928ep-1, 0x1.6ce9ac5723e09p-1, 0x1.410bda351d033p-1, 0x1.2e95b6047eff2p-1,
      0x1.2ddc0d6086c24p-1, 0x1.5cfc8531d1ad6p-1, 0x1.4ab5d5ea90c42p-1, 0x1.25636954c5c2bp-1,
      0x1.2d36ffd740456p-1, 0x1.676ff82ec6339p-1, 0x1.340cc557fe67ap-1, 0x1.2d73d94b30632p-1,
      0x1.3453190f85772p-1, 0x1.5ee9fdbb93582p-1, 0x1.33190405782f3p-1, 0x1.28c3dc82fe16bp-1,
      0x1.366cf0329b972p-1, 0x1.61bb2febba0fep-1, 0x1.40843ddba99aap-1, 0x1.2266c222c718fp-1,
      0x1.28b8d1e20b0b7p-1, 0x1.59497ccf1b4fep-1, 0x1.3a0014d63c857p-1, 0x1.21bb2f1d5db7bp-1,
      0x1.1eec4cfa6be3ep-1, 0x1.6ac9afcb5fb88p-1, 0x1.472f239aca645p-1, 0x1.308e3fe625d7bp-1,
      0x1.23ff284766847p-1, 0x1.60bb406006f46p-1, 0x1.38ca95ef59bb4p-1, 0x1.1f480f1eb4824p-1,
      0x1.22cb24700fc5cp-1, 0x1.663ae3e2e2a35p-1, 0x1.2f8dd0db08aacp-1, 0x1.1580ec460d598p-1,
      0x1.28c0969e1eff5p-1, 0x1.4b7a2513d31b2p-1, 0x1.2bf349753f149p-1, 0x1.2940e4c4425bcp-1,
      0x1.15f775f4bb475p-1, 0x1.59dfb4fe753fbp-1, 0x1.344b826b11ff2p-1, 0x1.18b67eaca111cp-1,
      0x1.0bb208b8113d1p-1, 0x1.39fef7081b96fp-1, 0x1.1f99c5fa005c1p-1, 0x1.018bd6112a66p-1,
      0x1.1517f49e06e04p-1, 0x1.463af5b7f2595p-1, 0x1.10c67d3ba897p-1,  0x1.2084653d80752p-1,
      0x1.101df71f1112dp-1, 0x1.34ed024fa137fp-1, 0x1.dc802f7b97172p-2, 0x1.e162f90c610bp-2,
      0x1.f457cf217cb2ep-2, 0x1.2e4da9d6dc2dcp-1, 0x1.09233c7c2dc18p-1, 0x1.4a2d729f1f8ep-1,
      0x1.0e55bea3131a6p-1, 0x1.14ea95a09972ep-1, 0x1.338025859be3cp-1, 0x1.dfdb0fa0f1c26p-2,
      0x1.e07b53d1aba79p-2, 0x1.306228415e3a6p-1, 0x1.d1298992527b2p-2, 0x1.065c25888dccep-1,
      0x1.e14ca6a6ba72fp-2, 0x1.62d1e20239d6ap-1, 0x1.255c84b01ca3bp-1, 0x1.a7d249ec732eep-2,
      0x1.42b323d718a81p-1, 0x1.4646dd79c185dp-1, 0x1.076795cc30ff6p-1, 0x1.22ef746e5d9fep-1,
      0x1.bc0455fd8d792p-2, 0x1.2cef09c56510bp-1, 0x1.4f65650b8921ep-1, 0x1.c9a24dfee5183p-2,
      0x1.c7d71c589dd85p-2, 0x1.6f6f29f2d702p-1,  0x1.31b96bd450836p-1, 0x1.11c66b6445d8p-1,
      0x1.ad2ea7339d6ffp-2, 0x1.9fb02b34b4e86p-1, 0x1.106347b9d70c6p-1, 0x1.00cbae53d6368p-1,
      0x1.906a3186a56bfp-2, 0x1.585e1591e0d6ep-1, 0x1.1fffdc5811508p-1, 0x1.be0cc6c5bb1efp-2,
      0x1.ea99a9426dd72p-2, 0x1.6b253db2a0b12p-1, 0x1.0a2083a5b16c8p-1, 0x1.0bb8fbe2215a5p-1,
      0x1.00f845941133ep-1, 0x1.38d58e31350f3p-1, 0x1.2c1e7c47dff24p-1, 0x1.16232aefbedb6p-1,
      0x1.f4d8847b5c6cbp-2, 0x1.36f7098eae8d8p-1, 0x1.071dfc3ec9af6p-1, 0x1.31ddd6d05c0b6p-1,
      0x1.bf5fffa4a18fcp-2, 0x1.300c42a1cd607p-1, 0x1.d4bf154ea8b8p-2,  0x1.38f16a306b16fp-1,
      0x1.76cd12c88e4cbp-2, 0x1.515f443218233p-1, 0x1.0e745a85b9a47p-1, 0x1.0c319bbea88f9p-1,
      0x1.af9968bc16553p-2, 0x1.397930b9e365cp-1, 0x1.2c7b6725edc0dp-1, 0x1.f735b69ae7bcfp-2,
      0x1.867933c3cd81ap-2, 0x1.3cbf2ff940aa1p-1, 0x1.51507217cee6fp-1, 0x1.c712ba66b33p-2,
      0x1.8477d85cd45c5p-2, 0x1.2c40e383d7d13p-1, 0x1.4d0464f6b9a59p-1, 0x1.053b41fca3a11p-1,
      0x1.ee851cfdf0ebbp-2, 0x1.829b075c53afep-1, 0x1.41c2d989bc849p-1, 0x1.213f89907c67ap-1};
  REQUIRE(losses.size() == 200);
  for (std::size_t i = 0; i < 200; ++i) {
    INFO("step " << i);
    REQUIRE(losses[i] == expected[i]);
  }
  CHECK(losses[199] < losses[0]);  // and it learns
}
