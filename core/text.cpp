// Quoting of user-given strings in messages (see text.hpp).
#include "text.hpp"

namespace bp {

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

}  // namespace bp
