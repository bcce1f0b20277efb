// Text for messages: user-given strings quoted so that every character shows and a long one stays short.
#pragma once
#include <string>
#include <string_view>

namespace bp {

// 'text' with control characters, quotes and backslashes escaped (a NUL reads \u0000 instead of ending the
// message), cut after kQuotedCharacters characters with the full size stated: 'aaaa…' (2097152 bytes).
constexpr std::size_t kQuotedCharacters = 40;
std::string quoted(std::string_view text);

}  // namespace bp
