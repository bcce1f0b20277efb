// Data preparation (experiment.hpp): derived features computed from the raw coordinates, which are kept,
// and refused for data that is not 2-D.
#include <catch2/catch.hpp>
#include <cmath>

#include "experiment.hpp"

using namespace bp;

TEST_CASE("data preparation derives features and keeps the raw coordinates", "[experiment]") {
  DataOptions o;
  o.name = "xor";
  o.n = 30;
  o.features = {Feature::x1, Feature::x1x2, Feature::sinx2};
  const PreparedData data = prepare_data(o);
  REQUIRE(data.train->X.shape()[1] == 3);
  for (std::size_t j = 0; j < data.train->X.shape()[0]; ++j) {
    const double x1 = data.raw_train->X(j, 0), x2 = data.raw_train->X(j, 1);
    CHECK(data.train->X(j, 0) == x1);
    CHECK(data.train->X(j, 1) == x1 * x2);
    CHECK(data.train->X(j, 2) == Approx(std::sin(x2)).epsilon(1e-15));
  }
  o.name = "sin";
  CHECK_THROWS_WITH(prepare_data(o), Catch::Contains("derived features apply to 2-D data"));
  CHECK_THROWS_WITH(parse_feature("x3", "features[0]"), Catch::Contains("features[0] must be one of"));
}
