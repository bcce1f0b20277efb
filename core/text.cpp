// Quoting of user-given strings in messages (see text.hpp).
#include "text.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace bp {

// Written as JS writes a number (ECMAScript Number::toString), so a message shows what a script would: the
// fewest significant digits that read back exactly, plain from 1e-6 up to 1e21, else d.ddde±x.
std::string format_number(double v, int significant) {
  if (v != v) return "NaN";
  if (std::isinf(v)) return v > 0 ? "Infinity" : "-Infinity";
  if (v == 0) return std::signbit(v) ? "-0" : "0";
  char buf[40];
  if (significant > 0) {  // rounded first, as JS's Number(v.toPrecision(digits)) would
    std::snprintf(buf, sizeof buf, "%.*e", std::min(significant, 17) - 1, v);
    v = std::strtod(buf, nullptr);
    if (std::isinf(v)) return v > 0 ? "Infinity" : "-Infinity";
  }
  int p = 1;
  for (; p < 17; ++p) {
    std::snprintf(buf, sizeof buf, "%.*e", p - 1, v);
    if (std::strtod(buf, nullptr) == v) break;
  }
  std::snprintf(buf, sizeof buf, "%.*e", p - 1, v);
  const char* e = std::strchr(buf, 'e');
  const int n = std::atoi(e + 1) + 1;  // the decimal point sits after n digits
  std::string digits;
  for (const char* c = buf; c < e; ++c)
    if (*c >= '0' && *c <= '9') digits += *c;
  const int k = static_cast<int>(digits.size());
  std::string out = v < 0 ? "-" : "";
  if (k <= n && n <= 21) return out + digits + std::string(n - k, '0');
  if (0 < n && n <= 21) return out + digits.substr(0, n) + "." + digits.substr(n);
  if (-6 < n && n <= 0) return out + "0." + std::string(-n, '0') + digits;
  out += digits.substr(0, 1);
  if (k > 1) out += "." + digits.substr(1);
  return out + "e" + (n - 1 < 0 ? "-" : "+") + std::to_string(std::abs(n - 1));
}

std::string quoted(std::string_view text) {
  static const char* const kHex = "0123456789abcdef";
  std::string out = "'";
  std::size_t characters = 0, i = 0;
  for (; i < text.size() && characters < kQuotedCharacters; ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if ((c & 0xC0) != 0x80) ++characters;  // a UTF-8 continuation byte is part of the previous character
    if (c == '\'' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20 || c == 0x7F) {
      out += "\\u00";
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
    } else {
      out += static_cast<char>(c);
    }
  }
  // Finish a character cut at the limit, then say how long the whole text was.
  while (i < text.size() && (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) out += text[i++];
  if (i < text.size()) return out + "…' (" + std::to_string(text.size()) + " bytes)";
  return out + "'";
}

std::string quoted_names(const std::vector<std::string>& names) {
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) out += (i > 0 ? ", '" : "'") + names[i] + "'";
  return out;
}

std::size_t name_index(const std::vector<std::string>& names, const std::string& name,
                       const std::string& field) {
  for (std::size_t i = 0; i < names.size(); ++i)
    if (name == names[i]) return i;
  throw std::invalid_argument(field + " must be one of " + quoted_names(names) + ", got " + quoted(name));
}

}  // namespace bp
