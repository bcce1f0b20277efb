// The CSV reader and writer (csv.hpp): valid files of every kind and their round trip, and every error
// path with the line and column its message names.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "csv.hpp"

using namespace bp;
using Catch::Matchers::Contains;

namespace {

std::string message_of(const std::string& text, std::size_t target_columns = 1,
                       Task task = Task::regression) {
  try {
    parse_csv(text, target_columns, task);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "(no exception)";
}

std::vector<double> values(const Matrix& m) {
  return std::vector<double>(m.begin(), m.end());
}

}  // namespace

TEST_CASE("a regression CSV gives its features, targets and names", "[csv]") {
  const Dataset d = parse_csv("x1,x2,y\n1,2,3\n-4.5,.5,6e-1\n");
  CHECK(d.name == "csv");
  CHECK(d.task == Task::regression);
  CHECK(d.feature_names == std::vector<std::string>{"x1", "x2"});
  CHECK(d.target_names == std::vector<std::string>{"y"});
  CHECK(d.X.shape()[0] == 2);
  CHECK(d.X.shape()[1] == 2);
  CHECK(values(d.X) == std::vector<double>{1, 2, -4.5, 0.5});
  CHECK(values(d.Y) == std::vector<double>{3, 0.6});
  CHECK(d.num_classes == 0);
  CHECK_FALSE(d.bayes_known);

  // Two target columns.
  const Dataset two = parse_csv("a,b,c\n1,2,3\n4,5,6", 2);
  CHECK(two.feature_names == std::vector<std::string>{"a"});
  CHECK(two.target_names == std::vector<std::string>{"b", "c"});
  CHECK(values(two.Y) == std::vector<double>{2, 3, 5, 6});
}

TEST_CASE("CRLF, spaces, quotes, blank lines and a byte-order mark are read", "[csv]") {
  const std::string text =
      "\xEF\xBB\xBF \"sepal, length\" , \"the \"\"width\"\"\",  y \r\n"
      "  1.5 , -2 ,\"3\"\r\n"
      "\r\n"
      "4,5e1,+6\r\n"
      "\r\n";
  const Dataset d = parse_csv(text);
  CHECK(d.feature_names == std::vector<std::string>{"sepal, length", "the \"width\""});
  CHECK(d.target_names == std::vector<std::string>{"y"});
  CHECK(values(d.X) == std::vector<double>{1.5, -2, 4, 50});
  CHECK(values(d.Y) == std::vector<double>{3, 6});
  // No trailing newline at all.
  CHECK(parse_csv("x,y\n1,2").X.shape()[0] == 1);
}

TEST_CASE("class labels become a 0/1 column for 2 classes and one-hot columns for more", "[csv]") {
  const Dataset binary = parse_csv("x,label\n0.1,0\n0.2,1\n0.3,1\n", 1, Task::classification);
  CHECK(binary.task == Task::classification);
  CHECK(binary.num_classes == 2);
  CHECK(binary.target_names == std::vector<std::string>{"label"});
  CHECK(values(binary.Y) == std::vector<double>{0, 1, 1});

  const Dataset three = parse_csv("x,species\n1,2\n2,0\n3,1.0\n", 1, Task::classification);
  CHECK(three.num_classes == 3);
  CHECK(three.target_names == std::vector<std::string>{"species=0", "species=1", "species=2"});
  CHECK(values(three.Y) == std::vector<double>{0, 0, 1, 1, 0, 0, 0, 1, 0});
}

TEST_CASE("to_csv writes what parse_csv reads back exactly", "[csv]") {
  // Generated sets of every kind: numbers with 17 significant digits, one-hot and binary labels.
  for (const char* name : {"spiral", "blobs3", "plane"}) {
    INFO(name);
    const Dataset d = make_dataset({name, 50, 0.2, 3});
    const Task task = d.task;
    const Dataset back = parse_csv(to_csv(d), 1, task);
    CHECK(back.feature_names == d.feature_names);
    CHECK(values(back.X) == values(d.X));
    CHECK(values(back.Y) == values(d.Y));
    CHECK(back.num_classes == d.num_classes);
  }
  // A parsed file written out again is the same text, short numbers kept short.
  const std::string text = "\"a,b\",x2,y\n0.1,2,-3.25\n0.00001,0.5,2e-7\n";
  CHECK(to_csv(parse_csv(text)) == text);
  const Dataset iris = make_dataset({"iris"});
  const std::string iris_csv = to_csv(iris);
  CHECK(iris_csv.substr(0, iris_csv.find('\n')) == "sepal_length,sepal_width,petal_length,petal_width,class");
  CHECK(iris_csv.find("\n5.1,3.5,1.4,0.2,0\n") != std::string::npos);
}

TEST_CASE("empty input and a header without rows are rejected", "[csv]") {
  CHECK(message_of("") == "csv: line 1: the input is empty; expected a header row of column names");
  CHECK(message_of(" \r\n\n") == "csv: line 1: the input is empty; expected a header row of column names");
  CHECK(message_of("x,y\n") == "csv: line 2: no data rows after the header");
  CHECK(message_of("x,y") == "csv: line 2: no data rows after the header");
  CHECK(message_of("1,2\n3,4\n") ==
        "csv: line 1, column 1: the first row must be a header of column names, got numbers only");
  CHECK(message_of("x,,y\n1,2,3\n") == "csv: line 1, column 2: a column name is empty");
  CHECK(message_of("\"x,y\n1,2\n") == "csv: line 1, column 1: a quoted field has no closing quote");
  CHECK(message_of("\"x\"z,y\n1,2\n") ==
        "csv: line 1, column 1: only spaces may follow a closing quote, got 'z'");
}

TEST_CASE("ragged rows are rejected at the missing or extra field", "[csv]") {
  CHECK(message_of("a,b,c\n1,2,3\n4,5\n") ==
        "csv: line 3, column 3 ('c'): missing field: the header has 3 columns, this row 2");
  CHECK(message_of("a,b,c\r\n1,2,3\r\n\r\n4,5,6,7\r\n") ==
        "csv: line 4, column 4: extra field: the header has 3 columns, this row 4");
}

TEST_CASE("fields that are not finite decimal numbers are rejected", "[csv]") {
  const std::string head = "x1,x2,y\n1,2,3\n";
  CHECK(message_of(head + "1,abc,3\n") ==
        "csv: line 3, column 2 ('x2'): expected a finite decimal number such as 1.5 or -2e3, got 'abc'");
  CHECK_THAT(message_of(head + "nan,2,3\n"),
             Contains("line 3, column 1 ('x1'): expected a finite") && Contains("got 'nan'"));
  CHECK_THAT(message_of(head + "1,2,inf\n"),
             Contains("line 3, column 3 ('y'): expected a finite") && Contains("got 'inf'"));
  CHECK_THAT(message_of(head + "1,-Infinity,3\n"), Contains("line 3, column 2 ('x2')"));
  CHECK_THAT(message_of(head + "0x10,2,3\n"), Contains("line 3, column 1 ('x1')") && Contains("got '0x10'"));
  CHECK_THAT(message_of(head + "1,2,3e\n"), Contains("line 3, column 3 ('y')") && Contains("got '3e'"));
  CHECK_THAT(message_of(head + "1,.,3\n"), Contains("line 3, column 2 ('x2')") && Contains("got '.'"));
  CHECK_THAT(message_of(head + "1,2 5,3\n"), Contains("line 3, column 2 ('x2')") && Contains("got '2 5'"));
  CHECK(message_of(head + "1,,3\n") == "csv: line 3, column 2 ('x2'): the field is empty; expected a number");
  CHECK(message_of(head + "1,2,1e999\n") ==
        "csv: line 3, column 3 ('y'): the number '1e999' is out of range");
}

TEST_CASE("inputs above the size limits are rejected", "[csv]") {
  // More than 2 MB of text.
  const std::string big = "x,y\n" + std::string(kCsvMaxBytes, ' ');
  CHECK_THAT(message_of(big),
             Contains("csv: the input is 2097156 bytes, more than the limit of 2097152 (2 MB)"));
  // More than 10000 data rows (blank lines do not count).
  std::string rows = "x,y\n";
  for (std::size_t j = 0; j < kCsvMaxRows; ++j) rows += "1,2\n";
  CHECK(parse_csv(rows + "\n").X.shape()[0] == kCsvMaxRows);
  CHECK(message_of(rows + "3,4\n") == "csv: line 10002: more than 10000 data rows");
  // More than 64 columns.
  std::string header, row;
  for (std::size_t i = 0; i < 65; ++i) {
    header += (i ? ",c" : "c") + std::to_string(i);
    row += i ? ",1" : "1";
  }
  CHECK(message_of(header + "\n" + row + "\n") ==
        "csv: line 1, column 65: more than 64 columns (the header has 65)");
}

TEST_CASE("target_columns and task must fit the header", "[csv]") {
  CHECK(message_of("a,b\n1,2\n", 0) ==
        "csv: target_columns must be in 1..1 (at least one feature column) for a header of 2 columns, got 0");
  CHECK(message_of("a,b\n1,2\n", 2) ==
        "csv: target_columns must be in 1..1 (at least one feature column) for a header of 2 columns, got 2");
  CHECK(message_of("a,b,c\n1,0,1\n", 2, Task::classification) ==
        "csv: target_columns must be 1 for classification (one column of class labels), got 2");
}

TEST_CASE("bad class labels are rejected naming the row and the label column", "[csv]") {
  const auto classify = [](const std::string& rows) {
    return message_of("x,species\n" + rows, 1, Task::classification);
  };
  CHECK(classify("1,0\n2,1.5\n") ==
        "csv: line 3, column 2 ('species'): a class label must be an integer in 0..63, got 1.5");
  CHECK(classify("1,0\n2,1\n3,-1\n") ==
        "csv: line 4, column 2 ('species'): a class label must be an integer in 0..63, got -1");
  CHECK(classify("1,64\n2,1\n") ==
        "csv: line 2, column 2 ('species'): a class label must be an integer in 0..63, got 64");
  CHECK(classify("1,0\n2,0\n") ==
        "csv: line 2, column 2 ('species'): classification needs at least 2 classes, but every label is 0");
  CHECK(classify("1,0\n2,2\n3,0\n") ==
        "csv: line 4, column 2 ('species'): class 1 never appears (the labels must cover 0..2)");
  // The same labels are fine as regression targets.
  CHECK(parse_csv("x,species\n1,0\n2,2\n3,0\n").Y.shape()[1] == 1);
}

TEST_CASE("a one-column file names its line; echoed fields are quoted and cut", "[csv]") {
  // One column leaves no room for a feature and a target (it read "target_columns must be in 1..0").
  CHECK(message_of("only\n1\n2\n") ==
        "csv: line 1: the header has one column ('only'); a data set needs at least two: the features, then "
        "the targets");
  CHECK(message_of("\n\n y \n1\n") ==
        "csv: line 3: the header has one column ('y'); a data set needs at least two: the features, then the "
        "targets");
  // A 100-character field is shown by its first 40 and its size, not whole.
  const std::string field(100, 'z');
  CHECK(message_of("x,y\n1,2\n" + field + ",3\n") ==
        "csv: line 3, column 1 ('x'): expected a finite decimal number such as 1.5 or -2e3, got '" +
            std::string(40, 'z') + "…' (100 bytes)");
  // A column name with a NUL shows it escaped instead of ending the message there.
  CHECK(message_of(std::string("x,a\0b\n1,\n", 9)) ==
        "csv: line 2, column 2 ('a\\u0000b'): the field is empty; expected a number");
}
