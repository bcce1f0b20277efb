// Text for messages: user-given strings quoted so that every character shows and a long one stays short.
#pragma once
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace bp {

// The core's one number formatter, for every number a message or a file shows: written as JS writes a number
// (ECMAScript Number::toString), the fewest significant digits that read back exactly, plain from 1e-6 up to
// 1e21, else d.ddde±x: "0.1", "-1e-9", "100", "1e+21", "5e-324", "Infinity", "NaN". With significant > 0 the
// number is first rounded to that many significant digits (Number(v.toPrecision(significant)) in JS): 1234567
// → "1235000".
std::string format_number(double v, int significant = 0);

// 'text' with control characters, quotes and backslashes escaped (a NUL reads \u0000 instead of ending the
// message), cut after kQuotedCharacters characters with the full size stated: 'aaaa…' (2097152 bytes).
constexpr std::size_t kQuotedCharacters = 40;
std::string quoted(std::string_view text);

// A setting out of its rule, its C++ name kept apart (validation_fraction) so that each boundary can say it
// as its callers write it (validationFraction in the JS API, --validation in bptrain): what() reads
// "<where>: <field> <rule>", said_as(name) the same with the caller's name.
class FieldError : public std::invalid_argument {
 public:
  FieldError(const std::string& where, const std::string& field, const std::string& rule)
      : std::invalid_argument(where + ": " + field + " " + rule), where_(where), field_(field), rule_(rule) {}
  const std::string& field() const { return field_; }
  std::string said_as(const std::string& name) const { return where_ + ": " + name + " " + rule_; }

 private:
  std::string where_, field_, rule_;
};

// "'a', 'b', 'c'": the names of a list as "must be one of …" messages give them.
std::string quoted_names(const std::vector<std::string>& names);

// The position of `name` in `names` (an enum's names in its order): the one parse of every named setting.
// Throws std::invalid_argument "<field> must be one of 'a', 'b', got 'x'" for any other name.
std::size_t name_index(const std::vector<std::string>& names, const std::string& name,
                       const std::string& field);

inline void require_field(bool ok, const std::string& where, const std::string& field,
                          const std::string& rule) {
  if (!ok) throw FieldError(where, field, rule);
}

}  // namespace bp
