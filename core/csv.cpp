// The CSV reader and writer (see csv.hpp): a strict reader whose every error names the line and column.
#include "csv.hpp"

#include <cmath>
#include <cstdlib>
#include <stdexcept>
#include <vector>

#include "tensor.hpp"
#include "text.hpp"

namespace bp {

namespace {

struct Field {
  std::string text;    // unquoted and trimmed
  std::size_t column;  // 1-based
};

[[noreturn]] void fail(std::size_t line, const std::string& what) {
  throw std::invalid_argument("csv: line " + std::to_string(line) + ": " + what);
}

[[noreturn]] void fail(std::size_t line, std::size_t column, const std::string& name,
                       const std::string& what) {
  std::string where = "csv: line " + std::to_string(line) + ", column " + std::to_string(column);
  if (!name.empty()) where += " (" + quoted(name) + ")";
  throw std::invalid_argument(where + ": " + what);
}

bool is_space(char c) {
  return c == ' ' || c == '\t';
}

bool is_blank(const std::string& line) {
  for (char c : line)
    if (!is_space(c)) return false;
  return true;
}

// Splits one line at the commas outside double quotes. A quoted field runs from its opening quote to the
// matching closing one ("" stands for a quote); only spaces may surround it.
std::vector<Field> split_fields(const std::string& line, std::size_t line_number) {
  std::vector<Field> fields;
  std::size_t pos = 0;
  for (std::size_t column = 1;; ++column) {
    while (pos < line.size() && is_space(line[pos])) ++pos;
    std::string text;
    if (pos < line.size() && line[pos] == '"') {
      ++pos;
      for (;;) {
        if (pos >= line.size()) fail(line_number, column, "", "a quoted field has no closing quote");
        if (line[pos] == '"') {
          if (pos + 1 < line.size() && line[pos + 1] == '"') {
            text += '"';
            pos += 2;
            continue;
          }
          ++pos;
          break;
        }
        text += line[pos++];
      }
      while (pos < line.size() && is_space(line[pos])) ++pos;
      if (pos < line.size() && line[pos] != ',')
        fail(line_number, column, "",
             "only spaces may follow a closing quote, got " + quoted(line.substr(pos, 1)));
    } else {
      const std::size_t start = pos;
      while (pos < line.size() && line[pos] != ',') ++pos;
      std::size_t end = pos;
      while (end > start && is_space(line[end - 1])) --end;
      text = line.substr(start, end - start);
    }
    fields.push_back({text, column});
    if (pos >= line.size()) return fields;
    ++pos;  // the comma
  }
}

// A finite decimal number: [+-] (digits [. digits] | . digits) [(e|E) [+-] digits]. The grammar is checked
// here so strtod never sees nan, inf or hexadecimal; strtod then rounds correctly in glibc and musl alike.
bool parse_number(const std::string& s, double& value) {
  std::size_t i = 0;
  const auto digits = [&]() {
    const std::size_t start = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    return i - start;
  };
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
  std::size_t mantissa = digits();
  if (i < s.size() && s[i] == '.') {
    ++i;
    mantissa += digits();
  }
  if (mantissa == 0) return false;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    if (digits() == 0) return false;
  }
  if (i != s.size()) return false;
  value = std::strtod(s.c_str(), nullptr);
  return true;
}

std::string quoted_if_needed(const std::string& name) {
  bool plain = !name.empty() && !is_space(name.front()) && !is_space(name.back());
  for (char c : name) plain = plain && c != ',' && c != '"';
  if (plain) return name;
  std::string out = "\"";
  for (char c : name) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

}  // namespace

Dataset parse_csv(const std::string& text, std::size_t target_columns, Task task) {
  if (text.size() > kCsvMaxBytes) {
    throw std::invalid_argument("csv: the input is " + std::to_string(text.size()) +
                                " bytes, more than the limit of " + std::to_string(kCsvMaxBytes) + " (2 MB)");
  }
  // The non-blank lines with their line numbers, without their line ends (LF or CRLF) and without a leading
  // byte-order mark; no more are kept than a file within the row limit has (one more, so that it is refused
  // below with its line number): a refused file costs little memory.
  struct Line {
    std::size_t number;
    std::string text;
  };
  std::vector<Line> lines;
  std::size_t start = text.compare(0, 3, "\xEF\xBB\xBF") == 0 ? 3 : 0;
  for (std::size_t number = 1; start <= text.size() && lines.size() <= kCsvMaxRows + 1; ++number) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::size_t stop = end;
    if (stop > start && text[stop - 1] == '\r') --stop;
    std::string line = text.substr(start, stop - start);
    if (!is_blank(line)) lines.push_back({number, std::move(line)});
    start = end + 1;
  }
  if (lines.empty()) fail(1, "the input is empty; expected a header row of column names");
  const std::size_t header_line = lines.front().number - 1;  // 0-based, as the messages below add 1

  // The header.
  const std::vector<Field> header = split_fields(lines.front().text, header_line + 1);
  const std::size_t columns = header.size();
  if (columns > kCsvMaxColumns) {
    fail(header_line + 1, kCsvMaxColumns + 1, "",
         "more than " + std::to_string(kCsvMaxColumns) + " columns (the header has " +
             std::to_string(columns) + ")");
  }
  bool all_numbers = true;
  for (const Field& f : header) {
    if (f.text.empty()) fail(header_line + 1, f.column, "", "a column name is empty");
    double ignored;
    all_numbers = all_numbers && parse_number(f.text, ignored);
  }
  if (all_numbers) {
    fail(header_line + 1, 1, "", "the first row must be a header of column names, got numbers only");
  }
  if (columns < 2) {
    fail(header_line + 1, "the header has one column (" + quoted(header[0].text) +
                              "); a data set needs at least two: the features, then the targets");
  }
  if (target_columns < 1 || target_columns >= columns) {
    throw FieldError("csv", "target_columns",
                     "must be in 1.." + std::to_string(columns - 1) +
                         " (at least one feature column) for a header of " + std::to_string(columns) +
                         " columns, got " + std::to_string(target_columns));
  }
  if (task == Task::classification && target_columns != 1) {
    throw FieldError(
        "csv", "target_columns",
        "must be 1 for classification (one column of class labels), got " + std::to_string(target_columns));
  }

  // The rows.
  std::vector<double> values;  // rows × columns, row-major
  std::vector<std::size_t> line_of_row;
  for (std::size_t l = 1; l < lines.size(); ++l) {
    const std::size_t line_number = lines[l].number;
    if (line_of_row.size() == kCsvMaxRows) {
      fail(line_number, "more than " + std::to_string(kCsvMaxRows) + " data rows");
    }
    const std::vector<Field> fields = split_fields(lines[l].text, line_number);
    if (fields.size() < columns) {
      fail(line_number, fields.size() + 1, header[fields.size()].text,
           "missing field: the header has " + std::to_string(columns) + " columns, this row " +
               std::to_string(fields.size()));
    }
    if (fields.size() > columns) {
      fail(line_number, columns + 1, "",
           "extra field: the header has " + std::to_string(columns) + " columns, this row " +
               std::to_string(fields.size()));
    }
    for (const Field& f : fields) {
      const std::string& name = header[f.column - 1].text;
      if (f.text.empty()) fail(line_number, f.column, name, "the field is empty; expected a number");
      double v = 0;
      if (!parse_number(f.text, v)) {
        fail(line_number, f.column, name,
             "expected a finite decimal number such as 1.5 or -2e3, got " + quoted(f.text));
      }
      if (!std::isfinite(v))
        fail(line_number, f.column, name, "the number " + quoted(f.text) + " is out of range");
      values.push_back(v);
    }
    line_of_row.push_back(line_number);
  }
  const std::size_t n = line_of_row.size();
  if (n == 0) fail(header_line + 2, "no data rows after the header");

  Dataset d;
  d.name = "csv";
  d.task = task;
  const std::size_t features = columns - target_columns;
  for (std::size_t i = 0; i < features; ++i) d.feature_names.push_back(header[i].text);
  d.X = Matrix::from_shape({n, features});
  for (std::size_t j = 0; j < n; ++j)
    for (std::size_t i = 0; i < features; ++i) d.X(j, i) = values[j * columns + i];

  if (task == Task::regression) {
    for (std::size_t i = features; i < columns; ++i) d.target_names.push_back(header[i].text);
    d.Y = Matrix::from_shape({n, target_columns});
    for (std::size_t j = 0; j < n; ++j)
      for (std::size_t i = 0; i < target_columns; ++i) d.Y(j, i) = values[j * columns + features + i];
    return d;
  }

  // Classification: one column of labels 0..k−1.
  const std::size_t label_column = columns;  // 1-based
  const std::string& label_name = header[columns - 1].text;
  std::vector<std::size_t> labels(n), count(kCsvMaxClasses, 0);
  std::size_t k = 0;
  for (std::size_t j = 0; j < n; ++j) {
    const double v = values[j * columns + columns - 1];
    if (!(v >= 0 && v <= static_cast<double>(kCsvMaxClasses - 1) && v == std::floor(v))) {
      fail(line_of_row[j], label_column, label_name,
           "a class label must be an integer in 0.." + std::to_string(kCsvMaxClasses - 1) + ", got " +
               format_number(v));
    }
    labels[j] = static_cast<std::size_t>(v);
    ++count[labels[j]];
    if (labels[j] + 1 > k) k = labels[j] + 1;
  }
  if (k < 2) {
    fail(line_of_row[0], label_column, label_name,
         "classification needs at least 2 classes, but every label is 0");
  }
  for (std::size_t c = 0; c < k; ++c) {
    if (count[c] == 0) {
      fail(line_of_row[n - 1], label_column, label_name,
           "class " + std::to_string(c) + " never appears (the labels must cover 0.." +
               std::to_string(k - 1) + ")");
    }
  }
  d.num_classes = k;
  if (k == 2) {
    d.target_names = {label_name};
    d.Y = Matrix::from_shape({n, std::size_t{1}});
    for (std::size_t j = 0; j < n; ++j) d.Y(j, 0) = static_cast<double>(labels[j]);
  } else {
    for (std::size_t c = 0; c < k; ++c) d.target_names.push_back(label_name + "=" + std::to_string(c));
    d.Y = xt::zeros<double>({n, k});
    for (std::size_t j = 0; j < n; ++j) d.Y(j, labels[j]) = 1.0;
  }
  return d;
}

bool parse_decimal(const std::string& text, double& value) {
  return parse_number(text, value);
}

std::string to_csv(const Dataset& d) {
  const std::size_t n = d.X.shape()[0], nx = d.X.shape()[1], ny = d.Y.shape()[1];
  const bool one_hot = d.task == Task::classification && ny >= 2;
  std::string out;
  for (std::size_t i = 0; i < nx; ++i) {
    out += quoted_if_needed(i < d.feature_names.size() ? d.feature_names[i] : "x" + std::to_string(i + 1));
    out += ',';
  }
  if (one_hot) {
    out += "class";
  } else {
    for (std::size_t i = 0; i < ny; ++i) {
      if (i > 0) out += ',';
      out += quoted_if_needed(i < d.target_names.size() ? d.target_names[i] : "y" + std::to_string(i + 1));
    }
  }
  out += '\n';
  for (std::size_t j = 0; j < n; ++j) {
    for (std::size_t i = 0; i < nx; ++i) out += format_number(d.X(j, i)) + ',';
    if (one_hot) {
      std::size_t label = 0;
      for (std::size_t i = 1; i < ny; ++i)
        if (d.Y(j, i) > d.Y(j, label)) label = i;
      out += std::to_string(label);
    } else {
      for (std::size_t i = 0; i < ny; ++i) out += (i > 0 ? "," : "") + format_number(d.Y(j, i));
    }
    out += '\n';
  }
  return out;
}

}  // namespace bp
