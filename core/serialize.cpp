// The save format of a network (see serialize.hpp): a JSON writer of exactly this format and a strict JSON
// reader (RFC 8259) whose refusals say what JSON.parse and the API's readers say.
#include "serialize.hpp"

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <utility>
#include <vector>

#include "activations.hpp"
#include "init.hpp"
#include "losses.hpp"
#include "optimizers.hpp"
#include "text.hpp"

namespace bp {

// ---- writing -------------------------------------------------------------------------------------------

std::string js_number(double value) {
  if (!std::isfinite(value)) return "null";  // JSON.stringify's NaN and ±Infinity
  if (value == 0) return "0";                // and -0
  return format_number(value);               // JavaScript's Number::toString, as a message shows it
}

namespace {

std::string json_string(std::string_view s) {
  static const char* const kHex = "0123456789abcdef";
  std::string out = "\"";
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += ch;
    } else if (c == '\b')
      out += "\\b";
    else if (c == '\f')
      out += "\\f";
    else if (c == '\n')
      out += "\\n";
    else if (c == '\r')
      out += "\\r";
    else if (c == '\t')
      out += "\\t";
    else if (c < 0x20) {
      out += "\\u00";
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
    } else
      out += ch;
  }
  return out + "\"";
}

void append_numbers(std::string& out, const double* values, std::size_t n) {
  out += '[';
  for (std::size_t i = 0; i < n; ++i) {
    if (i > 0) out += ',';
    out += js_number(values[i]);
  }
  out += ']';
}

}  // namespace

std::string network_to_json(const Network& net) {
  const NetworkConfig& c = net.config();
  std::string out = "{\"format\":" + json_string(kNetworkFormat) + ",\"config\":{\"sizes\":[";
  for (std::size_t i = 0; i < c.sizes.size(); ++i) out += (i > 0 ? "," : "") + std::to_string(c.sizes[i]);
  out += "],\"hidden\":[";
  for (std::size_t i = 0; i < c.hidden.size(); ++i)
    out += (i > 0 ? "," : "") + json_string(activation_name(c.hidden[i]));
  out += "],\"output\":" + json_string(activation_name(c.output)) +
         ",\"loss\":" + json_string(loss_name(c.loss)) + ",\"init\":" + json_string(init_name(c.init)) +
         ",\"seed\":" + std::to_string(c.seed) + "},\"layers\":[";
  for (std::size_t l = 1; l <= net.num_layers(); ++l) {
    const DenseLayer& layer = net.layer(l);
    out += l > 1 ? ",{\"W\":" : "{\"W\":";
    append_numbers(out, layer.W.data(), layer.W.size());
    out += ",\"b\":";
    append_numbers(out, layer.b.data(), layer.b.size());
    out += '}';
  }
  const Optimizer& opt = net.optimizer();
  const OptimizerConfig& o = opt.config();
  out += "],\"optimizer\":{\"type\":" + json_string(o.type) + ",\"lr\":" + js_number(o.lr) +
         ",\"momentum\":" + js_number(o.momentum) + ",\"gamma\":" + js_number(o.gamma) +
         ",\"beta1\":" + js_number(o.beta1) + ",\"beta2\":" + js_number(o.beta2) +
         ",\"eps\":" + js_number(o.eps) + "},\"t\":" + std::to_string(opt.t()) + ",\"state\":[";
  for (std::size_t s = 0; s < parameter_slot_count(net.num_layers()); ++s) {
    out += s > 0 ? ",{" : "{";
    bool first = true;
    for (const auto& [name, value] : opt.state(s)) {
      if (name == "mhat" || name == "vhat") continue;
      out += (first ? "" : ",") + json_string(name) + ":";
      append_numbers(out, value.data(), value.size());
      first = false;
    }
    out += '}';
  }
  const Regularization& r = net.regularization();
  out += "],\"regularization\":{\"l1\":" + js_number(r.l1) + ",\"l2\":" + js_number(r.l2) +
         ",\"dropout\":" + js_number(r.dropout) + "}}";
  return out;
}

// ---- reading -------------------------------------------------------------------------------------------

namespace {

// A parsed JSON value. An array of numbers only keeps them in `numbers` (a saved network is mostly those).
struct Json {
  enum Kind { null, boolean, number, string, array, object } kind = null;
  bool flag = false;
  double value = 0;
  std::string text;
  std::vector<double> numbers;                        // an array whose entries are all numbers
  std::vector<Json> items;                            // any other array
  std::vector<std::pair<std::string, Json>> members;  // an object, in order (a repeated key: the last counts)

  std::size_t size() const { return numbers.empty() ? items.size() : numbers.size(); }
  // Member `key`, nullptr when absent (JS's undefined).
  const Json* get(const std::string& key) const {
    for (auto it = members.rbegin(); it != members.rend(); ++it)
      if (it->first == key) return &it->second;
    return nullptr;
  }
};

constexpr int kMaxDepth = 64;

class Reader {
 public:
  Reader(std::string_view text, const std::string& where) : s_(text), where_(where) {}

  Json document() {
    skip_space();
    Json v = value(0);
    skip_space();
    if (i_ != s_.size()) refuse("unexpected text after the JSON value");
    return v;
  }

 private:
  [[noreturn]] void refuse(const std::string& why) const {
    throw std::invalid_argument(where_ + ": text is not valid JSON (" + why + " at byte " +
                                std::to_string(i_) + ")");
  }
  void skip_space() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\n' || s_[i_] == '\r')) ++i_;
  }
  bool take(std::string_view word) {
    if (s_.substr(i_, word.size()) != word) return false;
    i_ += word.size();
    return true;
  }
  Json value(int depth) {
    if (depth > kMaxDepth) refuse("values nested more than " + std::to_string(kMaxDepth) + " deep");
    if (i_ >= s_.size()) refuse("unexpected end of text");
    Json v;
    const char c = s_[i_];
    if (c == '{') return object(depth);
    if (c == '[') return array(depth);
    if (c == '"') {
      v.kind = Json::string;
      v.text = string();
    } else if (take("true")) {
      v.kind = Json::boolean;
      v.flag = true;
    } else if (take("false")) {
      v.kind = Json::boolean;
    } else if (take("null")) {
      v.kind = Json::null;
    } else if (c == '-' || (c >= '0' && c <= '9')) {
      v.kind = Json::number;
      v.value = number();
    } else {
      refuse("unexpected character " + quoted(s_.substr(i_, 1)));
    }
    return v;
  }
  Json object(int depth) {
    Json v;
    v.kind = Json::object;
    ++i_;
    skip_space();
    if (i_ < s_.size() && s_[i_] == '}') {
      ++i_;
      return v;
    }
    for (;;) {
      skip_space();
      if (i_ >= s_.size() || s_[i_] != '"') refuse("expected a string key");
      std::string key = string();
      skip_space();
      if (i_ >= s_.size() || s_[i_] != ':') refuse("expected ':'");
      ++i_;
      skip_space();
      Json member = value(depth + 1);
      v.members.emplace_back(std::move(key), std::move(member));
      skip_space();
      if (i_ < s_.size() && s_[i_] == ',') {
        ++i_;
        continue;
      }
      if (i_ < s_.size() && s_[i_] == '}') {
        ++i_;
        return v;
      }
      refuse("expected ',' or '}'");
    }
  }
  Json array(int depth) {
    Json v;
    v.kind = Json::array;
    ++i_;
    skip_space();
    if (i_ < s_.size() && s_[i_] == ']') {
      ++i_;
      return v;
    }
    bool all_numbers = true;
    for (;;) {
      skip_space();
      Json item = value(depth + 1);
      if (all_numbers && item.kind == Json::number) {
        v.numbers.push_back(item.value);
      } else {
        if (all_numbers) {  // the numbers so far become items
          for (double x : v.numbers) {
            Json n;
            n.kind = Json::number;
            n.value = x;
            v.items.push_back(std::move(n));
          }
          v.numbers.clear();
          all_numbers = false;
        }
        v.items.push_back(std::move(item));
      }
      skip_space();
      if (i_ < s_.size() && s_[i_] == ',') {
        ++i_;
        continue;
      }
      if (i_ < s_.size() && s_[i_] == ']') {
        ++i_;
        return v;
      }
      refuse("expected ',' or ']'");
    }
  }
  static void append_utf8(std::string& out, std::uint32_t cp) {
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }
  std::uint32_t hex4() {
    if (i_ + 4 > s_.size()) refuse("unexpected end of text in a \\u escape");
    std::uint32_t cp = 0;
    for (int k = 0; k < 4; ++k) {
      const char h = s_[i_++];
      cp <<= 4;
      if (h >= '0' && h <= '9')
        cp |= static_cast<std::uint32_t>(h - '0');
      else if (h >= 'a' && h <= 'f')
        cp |= static_cast<std::uint32_t>(h - 'a' + 10);
      else if (h >= 'A' && h <= 'F')
        cp |= static_cast<std::uint32_t>(h - 'A' + 10);
      else
        refuse("bad \\u escape");
    }
    return cp;
  }
  std::string string() {
    ++i_;  // the opening quote
    std::string out;
    for (;;) {
      if (i_ >= s_.size()) refuse("unterminated string");
      const auto c = static_cast<unsigned char>(s_[i_]);
      if (c == '"') {
        ++i_;
        return out;
      }
      if (c < 0x20) refuse("control character in a string");
      if (c != '\\') {
        out += static_cast<char>(c);
        ++i_;
        continue;
      }
      if (++i_ >= s_.size()) refuse("unterminated string");
      const char e = s_[i_++];
      switch (e) {
        case '"':
          out += '"';
          break;
        case '\\':
          out += '\\';
          break;
        case '/':
          out += '/';
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        case 'u': {
          std::uint32_t cp = hex4();
          if (cp >= 0xD800 && cp < 0xDC00 && s_.substr(i_, 2) == "\\u") {
            const std::size_t back = i_;
            i_ += 2;
            const std::uint32_t low = hex4();
            if (low >= 0xDC00 && low < 0xE000)
              cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
            else
              i_ = back;
          }
          append_utf8(out, cp);  // a lone surrogate as its 3 bytes, as a JS string holds it
          break;
        }
        default:
          --i_;
          refuse("bad escape");
      }
    }
  }
  double number() {
    const std::size_t start = i_;
    const auto digit = [&] { return i_ < s_.size() && s_[i_] >= '0' && s_[i_] <= '9'; };
    if (s_[i_] == '-') ++i_;
    if (!digit()) refuse("expected a digit");
    if (s_[i_] == '0')
      ++i_;
    else
      while (digit()) ++i_;
    if (i_ < s_.size() && s_[i_] == '.') {
      ++i_;
      if (!digit()) refuse("expected a digit after '.'");
      while (digit()) ++i_;
    }
    if (i_ < s_.size() && (s_[i_] == 'e' || s_[i_] == 'E')) {
      ++i_;
      if (i_ < s_.size() && (s_[i_] == '+' || s_[i_] == '-')) ++i_;
      if (!digit()) refuse("expected a digit in the exponent");
      while (digit()) ++i_;
    }
    // strtod rounds correctly (glibc and musl); a number too large reads as ±Infinity, as in JSON.parse.
    const std::string token(s_.substr(start, i_ - start));
    return std::strtod(token.c_str(), nullptr);
  }

  std::string_view s_;
  std::string where_;
  std::size_t i_ = 0;
};

// A value as the API's messages show it (as bpDescribe in wasm/api.js): 'text', 12, null, [1, 2], an object.
std::string describe(const Json* v, int depth = 0) {
  if (v == nullptr) return "undefined";
  switch (v->kind) {
    case Json::null:
      return "null";
    case Json::boolean:
      return v->flag ? "true" : "false";
    case Json::number:
      return format_number(v->value);  // as a message writes any number (-0, NaN too)
    case Json::string:
      return quoted(v->text);
    case Json::object:
      return "an object";
    case Json::array:
      break;
  }
  const std::size_t n = v->size();
  if (depth > 1) return "an array of " + std::to_string(n) + " entries";
  std::string shown;
  for (std::size_t i = 0; i < std::min<std::size_t>(n, 6); ++i) {
    if (i > 0) shown += ", ";
    if (v->numbers.empty()) {
      shown += describe(&v->items[i], depth + 1);
    } else {
      Json x;
      x.kind = Json::number;
      x.value = v->numbers[i];
      shown += describe(&x, depth + 1);
    }
  }
  return "[" + shown + (n > 6 ? ", … (" + std::to_string(n) + " entries)" : "") + "]";
}

[[noreturn]] void fail(const std::string& where, const std::string& what) {
  throw std::invalid_argument(where + ": " + what);
}

bool is(const Json* v, Json::Kind kind) {
  return v != nullptr && v->kind == kind;
}

long long to_integer(const Json* v, const std::string& where, const std::string& name, long long lo,
                     long long hi) {
  const bool ok = is(v, Json::number) && std::isfinite(v->value) && std::floor(v->value) == v->value &&
                  v->value >= static_cast<double>(lo) && v->value <= static_cast<double>(hi);
  if (!ok)
    fail(where, name + " must be an integer in " + std::to_string(lo) + ".." + std::to_string(hi) + ", got " +
                    describe(v));
  return static_cast<long long>(v->value);
}

double to_number(const Json* v, const std::string& where, const std::string& name) {
  if (!is(v, Json::number) || !std::isfinite(v->value))
    fail(where, name + " must be a finite number, got " + describe(v));
  return v->value;
}

// The longest name a saved network holds (an activation, a loss, a type), as the JS API's string arguments.
constexpr std::size_t kMaxNameBytes = 1000;

const std::string& to_string(const Json* v, const std::string& where, const std::string& name) {
  if (!is(v, Json::string)) fail(where, name + " must be a string, got " + describe(v));
  if (v->text.size() > kMaxNameBytes)
    fail(where, name + " is " + std::to_string(v->text.size()) + " bytes long, more than the limit of " +
                    std::to_string(kMaxNameBytes) + " bytes");
  return v->text;
}

std::vector<double> to_doubles(const Json* v, const std::string& where, const std::string& name) {
  if (!is(v, Json::array)) fail(where, name + " must be an array or a Float64Array, got " + describe(v));
  if (!v->numbers.empty()) {
    for (std::size_t i = 0; i < v->numbers.size(); ++i)
      if (!std::isfinite(v->numbers[i])) {
        Json x;
        x.kind = Json::number;
        x.value = v->numbers[i];
        fail(where, name + "[" + std::to_string(i) + "] must be a finite number, got " + describe(&x));
      }
    return v->numbers;
  }
  for (std::size_t i = 0; i < v->items.size(); ++i)
    if (!is(&v->items[i], Json::number) || !std::isfinite(v->items[i].value))
      fail(where,
           name + "[" + std::to_string(i) + "] must be a finite number, got " + describe(&v->items[i]));
  return {};  // items is non-empty only when some entry is not a number: refused above
}

// An options object: absent or null means {}; a key not in `allowed` is refused.
const Json* options_object(const Json* v, const std::string& where,
                           std::initializer_list<const char*> allowed) {
  static const Json empty = [] {
    Json e;
    e.kind = Json::object;
    return e;
  }();
  if (v == nullptr || v->kind == Json::null) return &empty;
  if (v->kind != Json::object) fail(where, "options must be an object, got " + describe(v));
  for (const auto& [key, value] : v->members) {
    bool known = false;
    std::string list;
    for (const char* a : allowed) {
      known = known || key == a;
      list += (list.empty() ? "'" : ", '") + std::string(a) + "'";
    }
    if (!known) fail(where, "unknown option " + quoted(key) + " (known: " + list + ")");
  }
  return v;
}

NetworkConfig read_network_config(const Json* options) {
  const std::string where = "Network";
  const Json* o = options_object(options, where, {"sizes", "hidden", "output", "loss", "init", "seed"});
  NetworkConfig c;
  const Json* sizes = o->get("sizes");
  if (!is(sizes, Json::array))
    fail(where, "sizes must be an array of layer widths [n_0, …, n_L], got " + describe(sizes));
  const std::size_t count = sizes->size();
  if (count < 2 || count > kMaxLayers + 1)
    fail(where, "sizes must list 2.." + std::to_string(kMaxLayers + 1) + " layer widths, got " +
                    std::to_string(count));
  for (std::size_t i = 0; i < count; ++i) {
    Json x;
    x.kind = Json::number;
    const Json* entry = sizes->numbers.empty() ? &sizes->items[i] : &x;
    if (!sizes->numbers.empty()) x.value = sizes->numbers[i];
    c.sizes.push_back(static_cast<std::size_t>(
        to_integer(entry, where, "sizes[" + std::to_string(i) + "]", 1, static_cast<long long>(kMaxWidth))));
  }
  const std::size_t hidden_layers = c.sizes.size() - 2;
  const Json* hidden = o->get("hidden");
  if (is(hidden, Json::array)) {
    const std::size_t given = hidden->size();
    if (given != hidden_layers)
      fail(where, "hidden must name one activation per hidden layer (" + std::to_string(hidden_layers) +
                      "), got " + std::to_string(given));
    for (std::size_t i = 0; i < given; ++i) {
      const std::string field = "hidden[" + std::to_string(i) + "]";
      Json x;
      x.kind = Json::number;
      const Json* entry = hidden->numbers.empty() ? &hidden->items[i] : &x;
      if (!hidden->numbers.empty()) x.value = hidden->numbers[i];
      c.hidden.push_back(parse_activation(to_string(entry, where, field), where + ": " + field));
    }
  } else {
    const std::string name =
        hidden == nullptr ? activation_name(kDefaultHidden) : to_string(hidden, where, "hidden");
    c.hidden.assign(hidden_layers, parse_activation(name, where + ": hidden"));
  }
  // Output and loss: each defaults to the partner of the other (the pair table of losses.hpp).
  const Json* output = o->get("output");
  const Json* loss = o->get("loss");
  if (output != nullptr) c.output = parse_activation(to_string(output, where, "output"), where + ": output");
  if (loss != nullptr) c.loss = parse_loss(to_string(loss, where, "loss"), where + ": loss");
  if (output != nullptr && loss == nullptr) c.loss = default_loss(c.output);
  if (loss != nullptr && output == nullptr) c.output = default_output(c.loss);
  if (const Json* init = o->get("init"))
    c.init = parse_init(to_string(init, where, "init"), where + ": init");
  if (const Json* seed = o->get("seed"))
    c.seed = static_cast<std::uint64_t>(to_integer(seed, where, "seed", 0, kMaxSafeInteger));
  validate(c);
  return c;
}

OptimizerConfig read_optimizer(const Json* options, const std::string& where) {
  const Json* o =
      options_object(options, where, {"type", "lr", "momentum", "gamma", "beta1", "beta2", "eps"});
  OptimizerConfig c;  // omitted numbers take the course's defaults
  if (const Json* v = o->get("type")) c.type = to_string(v, where, "type");
  if (const Json* v = o->get("lr")) c.lr = to_number(v, where, "lr");
  if (const Json* v = o->get("momentum")) c.momentum = to_number(v, where, "momentum");
  if (const Json* v = o->get("gamma")) c.gamma = to_number(v, where, "gamma");
  if (const Json* v = o->get("beta1")) c.beta1 = to_number(v, where, "beta1");
  if (const Json* v = o->get("beta2")) c.beta2 = to_number(v, where, "beta2");
  if (const Json* v = o->get("eps")) c.eps = to_number(v, where, "eps");
  validate(c);
  return c;
}

Regularization read_regularization(const Json* options, const std::string& where) {
  const Json* o = options_object(options, where, {"l1", "l2", "dropout"});
  Regularization r;
  if (const Json* v = o->get("l1")) r.l1 = to_number(v, where, "l1");
  if (const Json* v = o->get("l2")) r.l2 = to_number(v, where, "l2");
  if (const Json* v = o->get("dropout")) r.dropout = to_number(v, where, "dropout");
  validate(r);
  return r;
}

}  // namespace

std::unique_ptr<Network> network_from_json(std::string_view text, const std::string& where) {
  if (text.size() > kMaxSavedNetworkBytes)
    fail(where, "text is " + std::to_string(text.size()) + " bytes long, more than the limit of " +
                    std::to_string(kMaxSavedNetworkBytes));
  const Json doc = Reader(text, where).document();
  const Json* format = doc.get("format");
  if (!is(&doc, Json::object) || !is(format, Json::string) ||
      to_string(format, where, "format") != kNetworkFormat)
    fail(where, std::string("text is not a network saved by toJSON (format '") + kNetworkFormat + "')");
  auto net = std::make_unique<Network>(read_network_config(doc.get("config")));
  const Json* layers = doc.get("layers");
  if (!is(layers, Json::array) || layers->size() != net->num_layers())
    fail(where, "layers must list " + std::to_string(net->num_layers()) + " layers");
  for (std::size_t l = 1; l <= net->num_layers(); ++l) {
    DenseLayer& layer = net->layer(l);
    const std::string name = "layers[" + std::to_string(l - 1) + "]";
    Json x;  // an entry of an array of numbers, shown as itself
    x.kind = Json::number;
    const Json* entry = layers->numbers.empty() ? &layers->items[l - 1] : &x;
    if (!layers->numbers.empty()) x.value = layers->numbers[l - 1];
    if (!is(entry, Json::object)) fail(where, name + " must be an object {W, b}, got " + describe(entry));
    const std::vector<double> W = to_doubles(entry->get("W"), where, name + ".W");
    const std::vector<double> b = to_doubles(entry->get("b"), where, name + ".b");
    if (W.size() != layer.W.size() || b.size() != layer.b.size())
      fail(where, name + " has the wrong number of entries");
    std::copy(W.begin(), W.end(), layer.W.data());
    std::copy(b.begin(), b.end(), layer.b.data());
  }
  net->set_optimizer(read_optimizer(doc.get("optimizer"), where + ": optimizer"));
  net->set_regularization(read_regularization(doc.get("regularization"), where + ": regularization"));
  const Json* state = doc.get("state");
  const std::size_t slot_count = parameter_slot_count(net->num_layers());
  if (!is(state, Json::array) || state->size() != slot_count)
    fail(where, "state must list the optimizer state of " + std::to_string(slot_count) + " tensors");
  const auto& slots = net->parameter_slots();
  for (std::size_t s = 0; s < slots.size(); ++s) {
    const std::string name = "state[" + std::to_string(s) + "]";
    Json x;
    x.kind = Json::number;
    const Json* entry = state->numbers.empty() ? &state->items[s] : &x;
    if (!state->numbers.empty()) x.value = state->numbers[s];
    if (!is(entry, Json::object))
      fail(where, name + " must be an object of named arrays, got " + describe(entry));
    std::vector<std::string> seen;  // a repeated key counts once, with its last value (as JSON.parse)
    for (const auto& [key, ignored] : entry->members) {
      bool repeated = false;
      for (const auto& k : seen) repeated = repeated || k == key;
      if (repeated) continue;
      seen.push_back(key);
      const std::vector<double> values = to_doubles(entry->get(key), where, name + "." + key);
      if (values.size() != slots[s].size) fail(where, name + "." + key + " has the wrong size");
      Vector v = Vector::from_shape({values.size()});
      std::copy(values.begin(), values.end(), v.data());
      net->optimizer().set_state(s, key, v);
    }
  }
  net->optimizer().set_t(to_integer(doc.get("t"), where, "t", 0, kMaxOptimizerSteps));
  return net;
}

}  // namespace bp
