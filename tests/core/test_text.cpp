// Quoting of user-given strings in messages (text.hpp).
#include <catch2/catch.hpp>
#include <limits>
#include <string>

#include "text.hpp"

using bp::quoted;

TEST_CASE("quoted shows every character and keeps long text short", "[text]") {
  CHECK(quoted("relu6") == "'relu6'");
  CHECK(quoted("") == "''");
  CHECK(quoted(std::string("a\0b", 3)) == "'a\\u0000b'");  // a NUL no longer ends the message
  CHECK(quoted("tab\there\nnext") == "'tab\\u0009here\\u000anext'");
  CHECK(quoted("it's a \\ path") == "'it\\'s a \\\\ path'");
  CHECK(quoted("\x7f") == "'\\u007f'");
  CHECK(quoted("η=0.1 × 3") == "'η=0.1 × 3'");  // UTF-8 passes as it is
}

TEST_CASE("quoted cuts after 40 characters, never inside one, and states the size", "[text]") {
  const std::string field(2 * 1024 * 1024, '7');
  CHECK(quoted(field) == "'" + std::string(40, '7') + "…' (2097152 bytes)");
  CHECK(quoted(std::string(40, 'x')) == "'" + std::string(40, 'x') + "'");
  // 39 ASCII characters, then a two-byte character: the 40th is kept whole.
  const std::string mixed = std::string(39, 'a') + "é" + "zzz";
  CHECK(quoted(mixed) == "'" + std::string(39, 'a') + "é…' (44 bytes)");
}

TEST_CASE("format_number writes a number as JS does: the fewest digits that read back", "[text]") {
  using bp::format_number;
  CHECK(format_number(0.0) == "0");
  CHECK(format_number(-0.0) == "-0");
  CHECK(format_number(100.0) == "100");  // %f would say 100.000000
  CHECK(format_number(1000.0) == "1000");
  CHECK(format_number(0.1) == "0.1");
  CHECK(format_number(0.1 + 0.2) == "0.30000000000000004");
  CHECK(format_number(1e-6) == "0.000001");
  CHECK(format_number(1e-7) == "1e-7");
  CHECK(format_number(-1.5e-9) == "-1.5e-9");
  CHECK(format_number(1e21) == "1e+21");
  CHECK(format_number(123456789012345680000.0) == "123456789012345680000");
  CHECK(format_number(9007199254740991.0) == "9007199254740991");
  CHECK(format_number(5e-324) == "5e-324");
  CHECK(format_number(1.7976931348623157e308) == "1.7976931348623157e+308");
  CHECK(format_number(std::numeric_limits<double>::infinity()) == "Infinity");
  CHECK(format_number(-std::numeric_limits<double>::infinity()) == "-Infinity");
  CHECK(format_number(std::numeric_limits<double>::quiet_NaN()) == "NaN");
}

TEST_CASE("format_number with significant digits rounds first, as Number(v.toPrecision(n)) does", "[text]") {
  using bp::format_number;
  CHECK(format_number(0.69314718055994529, 4) == "0.6931");
  CHECK(format_number(1234567.0, 4) == "1235000");
  CHECK(format_number(123456.0, 4) == "123500");
  CHECK(format_number(0.5, 4) == "0.5");  // no trailing zeros, unlike %.4g's sibling %.4f
  CHECK(format_number(1e300 * 1e8, 4) == "1e+308");
  CHECK(format_number(2.5e-8, 4) == "2.5e-8");
  CHECK(format_number(1.7976931348623157e308, 4) == "Infinity");  // 1.798e308 overflows, as in JS
  CHECK(format_number(-std::numeric_limits<double>::infinity(), 4) == "-Infinity");
  CHECK(format_number(std::numeric_limits<double>::quiet_NaN(), 4) == "NaN");
}
