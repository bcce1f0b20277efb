// Reading a data set from CSV text (the page's "your own data"), and writing one back out.
#pragma once
#include <cstddef>
#include <string>

#include "datasets.hpp"

namespace bp {

constexpr std::size_t kCsvMaxBytes = 2 * 1024 * 1024;  // 2 MB of text
constexpr std::size_t kCsvMaxRows = kMaxExamples;      // data rows: as many as a generated set may have
constexpr std::size_t kCsvMaxColumns = 64;             // features + targets
constexpr std::size_t kCsvMaxClasses = 64;             // class labels 0..63 (an output layer of ≤ 64)

// Parses CSV text into a data set named "csv" (bayes_known false).
//   - The first non-blank line is the header of column names; names may be quoted ("x 1" or "a,b", with ""
//     for a quote inside) and are trimmed of surrounding spaces. A header of numbers only is rejected as
//     missing.
//   - Every other non-blank line is a row of decimal numbers (1, -2.5, .5, 3e-4; quotes allowed), one per
//     header column. nan, inf, hexadecimal and empty fields are rejected.
//   - The last target_columns columns are the targets (1 ≤ target_columns < columns), the rest features.
//   - Task::classification: exactly one target column of integer class labels 0..k−1, every class present,
//     2 ≤ k ≤ kCsvMaxClasses. k = 2 gives one 0/1 column (num_classes 2); k ≥ 3 gives k one-hot columns,
//     named "<column>=<c>".
//   - CRLF or LF line ends, a trailing newline, blank lines, and a UTF-8 byte-order mark are accepted.
// Throws std::invalid_argument "csv: line L, column C ('name'): <rule>, got <text>" (the line and column
// 1-based, as an editor counts them) for: empty input, a header only, ragged rows, a field that is not a
// finite number, bad class labels, and inputs above the limits above.
Dataset parse_csv(const std::string& text, std::size_t target_columns = 1, Task task = Task::regression);

// The number syntax of a CSV field above, for other text that must read the same way (bptrain's flags):
// false unless the whole text is [+-] (digits [. digits] | . digits) [(e|E) [+-] digits], with no spaces.
// A number beyond the range of a double reads as ±inf; the caller decides whether that is an error.
bool parse_decimal(const std::string& text, double& value);

// The data set as CSV text that parse_csv reads back to the same X and Y: a header of the feature names
// and target names, then one row per example, each number in the shortest form that reads back exactly.
// A one-hot classification set is written as one column of class labels named "class".
std::string to_csv(const Dataset& d);

}  // namespace bp
