// Quoting of user-given strings in messages (text.hpp).
#include <catch2/catch.hpp>

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
