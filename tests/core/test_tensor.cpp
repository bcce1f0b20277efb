// The core's shared helpers (tensor.hpp): the one number formatter of every message, and the finiteness test
// behind every "not finite" refusal.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdint>
#include <limits>
#include <vector>

#include "tensor.hpp"

using namespace bp;

TEST_CASE("format_number writes a number as JS does: the fewest digits that read back to the same double",
          "[tensor]") {
  // Each expected text is what String(x) gives in JS for the same double.
  CHECK(format_number(-1e-9) == "-1e-9");          // %f: "-0.000000", %g: "-1e-09"
  CHECK(format_number(1.0000001) == "1.0000001");  // %f: "1.000000"
  CHECK(format_number(100) == "100");              // not "1e+02"
  CHECK(format_number(0.1) == "0.1");
  CHECK(format_number(0.1 + 0.2) == "0.30000000000000004");
  CHECK(format_number(1e6) == "1000000");
  CHECK(format_number(123456789) == "123456789");
  CHECK(format_number(9007199254740991.0) == "9007199254740991");
  CHECK(format_number(-0.0) == "-0");        // (JS shows "0"; the sign is kept: it reads back to −0)
  CHECK(format_number(5e-324) == "5e-324");  // the smallest subnormal: one digit (%.6g: 4.94066e-324)
  CHECK(format_number(1e-5) == "0.00001");
  CHECK(format_number(1e-6) == "0.000001");
  CHECK(format_number(1e-7) == "1e-7");
  CHECK(format_number(1.5e-7) == "1.5e-7");
  CHECK(format_number(0.0001) == "0.0001");
  CHECK(format_number(1234567) == "1234567");
  CHECK(format_number(1.5e6) == "1500000");
  CHECK(format_number(1e21) == "1e+21");
  CHECK(format_number(123456789012345680000.0) == "123456789012345680000");
  CHECK(format_number(1e23) == "1e+23");  // the double nearest 1e23 is 9.999999999999999161e22
  CHECK(format_number(-2.5e300) == "-2.5e+300");
  CHECK(format_number(0.000123) == "0.000123");
  CHECK(format_number(std::numeric_limits<double>::max()) == "1.7976931348623157e+308");
  CHECK(format_number(std::numeric_limits<double>::infinity()) == "Infinity");
  CHECK(format_number(-std::numeric_limits<double>::infinity()) == "-Infinity");
  CHECK(format_number(std::numeric_limits<double>::quiet_NaN()) == "NaN");
}

TEST_CASE("all_finite finds any infinity or NaN; max_abs gives the largest magnitude", "[tensor]") {
  std::vector<double> x = {1.0, -2.5, 0.0, std::numeric_limits<double>::max(), 5e-324, -0.0};
  CHECK(all_finite(x.data(), x.size()));
  CHECK(all_finite(x.data(), 0));
  for (double bad : {std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity(),
                     std::numeric_limits<double>::quiet_NaN()}) {
    std::vector<double> y = x;
    y[4] = bad;
    CHECK_FALSE(all_finite(y.data(), y.size()));
    CHECK(all_finite(y.data(), 4));  // only the first four
  }
  CHECK(max_abs(x.data(), x.size()) == std::numeric_limits<double>::max());
  const std::vector<double> z = {0.5, -3.0, 2.0};
  CHECK(max_abs(z.data(), z.size()) == 3.0);
  CHECK(max_abs(z.data(), 0) == 0.0);
}

TEST_CASE("to_batch turns example-major rows into n × m columns, chosen rows in order; from_batch turns back",
          "[layer]") {
  Matrix X = Matrix::from_shape({3, 2});
  const double values[] = {1, 2, 3, 4, 5, 6};  // examples (1, 2), (3, 4), (5, 6)
  std::copy(values, values + 6, X.data());
  BatchMatrix all;
  to_batch(X, all);
  REQUIRE(all.rows() == 2);
  REQUIRE(all.cols() == 3);
  CHECK(all(0, 0) == 1);
  CHECK(all(1, 0) == 2);
  CHECK(all(0, 2) == 5);
  CHECK(all(1, 1) == 4);
  CHECK((from_batch(all) == X));
  const std::uint32_t rows[] = {2, 0};
  BatchMatrix some;
  to_batch(X, rows, 2, some);
  REQUIRE(some.cols() == 2);
  CHECK(some(0, 0) == 5);
  CHECK(some(1, 0) == 6);
  CHECK(some(0, 1) == 1);
  CHECK(some(1, 1) == 2);
}
