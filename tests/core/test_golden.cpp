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
      // hexadecimal floats: exact doubles, printed by BP_PRINT_GOLDEN=1 core_tests "[golden]"
      0x1.7eabc4ce778d9p-1, 0x1.6162be478510ep-1, 0x1.58f0c0fbe019p-1, 0x1.5daee5fe9ba42p-1,
      0x1.46aaebc9e26fdp-1, 0x1.68bcc09389a18p-1, 0x1.4bbb7566a761cp-1, 0x1.4a9a53cb7e2dp-1,
      0x1.48723a84548f2p-1, 0x1.703f37e7e966cp-1, 0x1.40a87519dc222p-1, 0x1.3a804ecaa992ep-1,
      0x1.470f446b3e62ap-1, 0x1.6eadcf8c7ae6dp-1, 0x1.4c5653e63d148p-1, 0x1.300b67a7b1fb4p-1,
      0x1.43b70b9650225p-1, 0x1.7b561f31f42dp-1, 0x1.42c73728297aap-1, 0x1.27e5b5565f386p-1,
      0x1.438716b3d4d11p-1, 0x1.67828f7fcf29ap-1, 0x1.437c87a20144ap-1, 0x1.304dcb2683834p-1,
      0x1.3ace045362692p-1, 0x1.6a5cdebe5d3d8p-1, 0x1.4356e84217996p-1, 0x1.317e616281c53p-1,
      0x1.3c7d14cf816e2p-1, 0x1.63a0bf096cf0dp-1, 0x1.3d74fc8005373p-1, 0x1.2e39a56120332p-1,
      0x1.3a7a782678414p-1, 0x1.6e6703970f482p-1, 0x1.3c1600c7bc3fbp-1, 0x1.2587dcb729349p-1,
      0x1.43efba236ec7cp-1, 0x1.69a5ae06c2a37p-1, 0x1.43a98e5e4b9bep-1, 0x1.270f46134c2e4p-1,
      0x1.3483f121fc5cbp-1, 0x1.6234a994959b1p-1, 0x1.4995eb31059bap-1, 0x1.2cf77ea5f07a6p-1,
      0x1.3554795533938p-1, 0x1.5e8c675e1f9dp-1, 0x1.3fd2c2de8ea0bp-1, 0x1.280159f7b8ac6p-1,
      0x1.40599dc7b520ep-1, 0x1.5b880bcebac92p-1, 0x1.3f9e41ddda605p-1, 0x1.2a85b7a80fe74p-1,
      0x1.37a4874fbae7dp-1, 0x1.66a9afbf43f05p-1, 0x1.40606635c1e16p-1, 0x1.244ac3174193ap-1,
      0x1.40b40f95e84d6p-1, 0x1.706359180541p-1, 0x1.4146012c8b85ap-1, 0x1.227be5b273f05p-1,
      0x1.3b5089db284a3p-1, 0x1.6da9641c6c648p-1, 0x1.39fb09742855dp-1, 0x1.2bbf8cb503c64p-1,
      0x1.32e0585ee33fp-1, 0x1.61c1b837f9a0bp-1, 0x1.3e6daa32d5181p-1, 0x1.2b951b976b895p-1,
      0x1.413cdd3b7c26p-1, 0x1.61b573f1f4029p-1, 0x1.459a5c62791afp-1, 0x1.25fe934aa1c19p-1,
      0x1.33ec5f7b2928ep-1, 0x1.6ce9ac5723e08p-1, 0x1.410bda351d033p-1, 0x1.2e95b6047eff3p-1,
      0x1.2ddc0d6086c21p-1, 0x1.5cfc8531d1ad6p-1, 0x1.4ab5d5ea90c43p-1, 0x1.25636954c5c2bp-1,
      0x1.2d36ffd740455p-1, 0x1.676ff82ec6336p-1, 0x1.340cc557fe679p-1, 0x1.2d73d94b3063p-1,
      0x1.3453190f85771p-1, 0x1.5ee9fdbb93581p-1, 0x1.33190405782f3p-1, 0x1.28c3dc82fe16ap-1,
      0x1.366cf0329b972p-1, 0x1.61bb2febba0fcp-1, 0x1.40843ddba99a8p-1, 0x1.2266c222c718ep-1,
      0x1.28b8d1e20b0b5p-1, 0x1.59497ccf1b4fep-1, 0x1.3a0014d63c855p-1, 0x1.21bb2f1d5db7ap-1,
      0x1.1eec4cfa6be3ap-1, 0x1.6ac9afcb5fb86p-1, 0x1.472f239aca645p-1, 0x1.308e3fe625d7dp-1,
      0x1.23ff284766842p-1, 0x1.60bb406006f44p-1, 0x1.38ca95ef59bbp-1, 0x1.1f480f1eb4823p-1,
      0x1.22cb24700fc58p-1, 0x1.663ae3e2e2a31p-1, 0x1.2f8dd0db08aaap-1, 0x1.1580ec460d594p-1,
      0x1.28c0969e1eff1p-1, 0x1.4b7a2513d31afp-1, 0x1.2bf349753f148p-1, 0x1.2940e4c4425bap-1,
      0x1.15f775f4bb47p-1, 0x1.59dfb4fe753f8p-1, 0x1.344b826b11fefp-1, 0x1.18b67eaca1118p-1,
      0x1.0bb208b8113cap-1, 0x1.39fef7081b969p-1, 0x1.1f99c5fa005bap-1, 0x1.018bd6112a65dp-1,
      0x1.1517f49e06dfep-1, 0x1.463af5b7f259p-1, 0x1.10c67d3ba896bp-1, 0x1.2084653d80754p-1,
      0x1.101df71f11126p-1, 0x1.34ed024fa1378p-1, 0x1.dc802f7b97169p-2, 0x1.e162f90c610adp-2,
      0x1.f457cf217cb1ep-2, 0x1.2e4da9d6dc2d7p-1, 0x1.09233c7c2dc17p-1, 0x1.4a2d729f1f8e2p-1,
      0x1.0e55bea3131a5p-1, 0x1.14ea95a099729p-1, 0x1.338025859be3ap-1, 0x1.dfdb0fa0f1c1cp-2,
      0x1.e07b53d1aba74p-2, 0x1.306228415e3a6p-1, 0x1.d1298992527aep-2, 0x1.065c25888dccdp-1,
      0x1.e14ca6a6ba726p-2, 0x1.62d1e20239d6ap-1, 0x1.255c84b01ca3cp-1, 0x1.a7d249ec732fp-2,
      0x1.42b323d718a7dp-1, 0x1.4646dd79c185ep-1, 0x1.076795cc30ff5p-1, 0x1.22ef746e5da02p-1,
      0x1.bc0455fd8d78ap-2, 0x1.2cef09c565109p-1, 0x1.4f65650b8921fp-1, 0x1.c9a24dfee517fp-2,
      0x1.c7d71c589dd7dp-2, 0x1.6f6f29f2d7022p-1, 0x1.31b96bd450833p-1, 0x1.11c66b6445d8p-1,
      0x1.ad2ea7339d6fbp-2, 0x1.9fb02b34b4e88p-1, 0x1.106347b9d70c3p-1, 0x1.00cbae53d636ap-1,
      0x1.906a3186a56bcp-2, 0x1.585e1591e0d6cp-1, 0x1.1fffdc5811507p-1, 0x1.be0cc6c5bb1fp-2,
      0x1.ea99a9426dd6ap-2, 0x1.6b253db2a0b12p-1, 0x1.0a2083a5b16c9p-1, 0x1.0bb8fbe2215a8p-1,
      0x1.00f845941133dp-1, 0x1.38d58e31350f3p-1, 0x1.2c1e7c47dff1fp-1, 0x1.16232aefbedb6p-1,
      0x1.f4d8847b5c6c3p-2, 0x1.36f7098eae8d9p-1, 0x1.071dfc3ec9af5p-1, 0x1.31ddd6d05c0b6p-1,
      0x1.bf5fffa4a18f5p-2, 0x1.300c42a1cd606p-1, 0x1.d4bf154ea8b7fp-2, 0x1.38f16a306b16ep-1,
      0x1.76cd12c88e4c9p-2, 0x1.515f443218232p-1, 0x1.0e745a85b9a48p-1, 0x1.0c319bbea88f9p-1,
      0x1.af9968bc16552p-2, 0x1.397930b9e365cp-1, 0x1.2c7b6725edc09p-1, 0x1.f735b69ae7bc9p-2,
      0x1.867933c3cd818p-2, 0x1.3cbf2ff940aa1p-1, 0x1.51507217cee6dp-1, 0x1.c712ba66b32ffp-2,
      0x1.8477d85cd45c4p-2, 0x1.2c40e383d7d13p-1, 0x1.4d0464f6b9a58p-1, 0x1.053b41fca3a12p-1,
      0x1.ee851cfdf0eb6p-2, 0x1.829b075c53afdp-1, 0x1.41c2d989bc84ap-1, 0x1.213f89907c67cp-1
  };
  REQUIRE(losses.size() == 200);
  for (std::size_t i = 0; i < 200; ++i) {
    INFO("step " << i);
    REQUIRE(losses[i] == expected[i]);
  }
  CHECK(losses[199] < losses[0]);  // and it learns
}
