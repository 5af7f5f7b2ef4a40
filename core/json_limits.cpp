// check_json_depth, parse_json and their messages: see json_limits.hpp. The parse goes through
// nlohmann's SAX interface so that its errors arrive with their byte position and token, and so
// that duplicate keys can be caught as they are read.
#include "json_limits.hpp"

#include <algorithm>
#include <cctype>

#include "excerpt.hpp"

#include <fstream>
#include <optional>
#include <sstream>
#include <unordered_set>
#include <vector>

namespace tapegrad {

TextPosition position_in(std::string_view text, std::size_t offset) {
    TextPosition at;
    offset = std::min(offset, text.size());
    for (std::size_t i = 0; i < offset; ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c == '\n') {
            ++at.line;
            at.column = 1;
        } else if ((c & 0xc0) != 0x80) {  // not a UTF-8 continuation byte: a new character
            ++at.column;
        }
    }
    return at;
}

namespace {

std::string where(const std::string& source, std::string_view text, std::size_t offset) {
    const TextPosition at = position_in(text, offset);
    return source + ":" + std::to_string(at.line) + ":" + std::to_string(at.column) + ": ";
}

}  // namespace

void check_json_depth(std::string_view text, const std::string& source, std::size_t max_depth) {
    std::size_t depth = 0;
    bool in_string = false, escaped = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (in_string) {
            if (escaped) escaped = false;
            else if (c == '\\') escaped = true;
            else if (c == '"') in_string = false;
        } else if (c == '"') {
            in_string = true;
        } else if (c == '[' || c == '{') {
            if (++depth > max_depth)
                throw JsonError(where(source, text, i) + "nesting deeper than " + std::to_string(max_depth) +
                                " levels of arrays and objects; a config needs only a few, so this file is "
                                "probably damaged or hostile");
        } else if ((c == ']' || c == '}') && depth > 0) {
            --depth;  // an unbalanced bracket is the parser's to report
        }
    }
}

namespace {

using json = nlohmann::json;

// nlohmann's DOM builder, with parse errors kept (position, token, id) instead of thrown as
// nlohmann's text, and a set of keys per open object to catch a key given twice.
class CheckedBuilder {
public:
    CheckedBuilder(json& out, bool allow_duplicate_keys) : dom_(out, true), allow_duplicates_(allow_duplicate_keys) {}

    struct Failure {
        std::size_t position = 0;
        std::string token, what;
        int id = 0;
        bool parse_error = false;
    };
    std::optional<Failure> failure;
    std::optional<std::string> duplicate;  // the message, when a key came twice

    bool null() { return value(), dom_.null(); }
    bool boolean(bool v) { return value(), dom_.boolean(v); }
    bool number_integer(json::number_integer_t v) { return value(), dom_.number_integer(v); }
    bool number_unsigned(json::number_unsigned_t v) { return value(), dom_.number_unsigned(v); }
    bool number_float(json::number_float_t v, const json::string_t& s) { return value(), dom_.number_float(v, s); }
    bool string(json::string_t& v) { return value(), dom_.string(v); }
    bool binary(json::binary_t& v) { return value(), dom_.binary(v); }
    bool start_object(std::size_t n) {
        value();
        open_.push_back(Level{true, {}, path_of_next_value()});
        return dom_.start_object(n);
    }
    bool key(json::string_t& k) {
        Level& level = open_.back();
        if (!allow_duplicates_ && !level.keys.insert(k).second) {
            // As every config error: the key path first (a key that is no plain word, quoted and cut short).
            const bool plain = k.size() <= 40 && !k.empty() &&
                               std::all_of(k.begin(), k.end(), [](unsigned char c) { return std::isalnum(c) || c == '_' || c == '-' || c == '/'; });
            const std::string name = plain ? k : quoted_excerpt(k);
            duplicate = (level.path.empty() ? name : level.path + "." + name) + ": duplicate key (each key may appear once per object)";
            return false;  // stops the parse
        }
        level.next_key = k;
        return dom_.key(k);
    }
    bool end_object() { return open_.pop_back(), dom_.end_object(); }
    bool start_array(std::size_t n) {
        value();
        open_.push_back(Level{false, {}, path_of_next_value()});
        return dom_.start_array(n);
    }
    bool end_array() { return open_.pop_back(), dom_.end_array(); }

    template <class Exception>
    bool parse_error(std::size_t position, const std::string& token, const Exception& ex) {
        failure = Failure{position, token, ex.what(), ex.id, std::is_same_v<Exception, nlohmann::detail::parse_error>};
        return false;
    }

private:
    struct Level {
        bool object;
        std::unordered_set<std::string> keys;
        std::string path;  // "optimizer", "data.labels[2]": for duplicate-key messages
        std::string next_key = {};
        std::size_t index = 0;
    };
    // The key path the value about to start will have.
    std::string path_of_next_value() const {
        if (open_.empty()) return "";
        const Level& level = open_.back();
        if (!level.object) return level.path + "[" + std::to_string(level.index - 1) + "]";
        return level.path.empty() ? level.next_key : level.path + "." + level.next_key;
    }
    void value() {
        if (!open_.empty() && !open_.back().object) ++open_.back().index;
    }

    nlohmann::detail::json_sax_dom_parser<json> dom_;
    bool allow_duplicates_;
    std::vector<Level> open_;
};

// nlohmann's message without its "[json.exception.parse_error.101] parse error at line 1, column
// 5: " prefix and without its "; last read: '<token>'" suffix, which quotes the token whole.
std::string plain_words(std::string what) {
    if (what.starts_with("[json.exception.")) what.erase(0, what.find("] ") + 2);
    if (what.starts_with("parse error")) what.erase(0, what.find(": ") + 2);
    const std::size_t token = what.find("; last read: '");
    if (token != std::string::npos) what.erase(token);
    return what;
}

[[noreturn]] void report(const CheckedBuilder::Failure& f, std::string_view text, const std::string& source) {
    // nlohmann gives the count of bytes read. A number too large is pointed at where it starts;
    // a syntax error, as nlohmann does, at the last byte read.
    if (!f.parse_error && f.id == 406) {
        const std::size_t start = f.position >= f.token.size() ? f.position - f.token.size() : 0;
        throw JsonError(where(source, text, start) + "the number " + quoted_excerpt(f.token) + " does not fit in a double");
    }
    std::string message = where(source, text, f.position == 0 ? 0 : f.position - 1) + plain_words(f.what);
    if (!f.token.empty()) message += " (last read: " + quoted_excerpt(f.token) + ")";
    throw JsonError(message);
}

}  // namespace

nlohmann::json parse_json(std::string_view text, const std::string& source, const JsonLimits& limits) {
    check_json_depth(text, source, limits.max_depth);
    json out;
    CheckedBuilder builder(out, limits.allow_duplicate_keys);
    try {
        json::sax_parse(text.data(), text.data() + text.size(), &builder);
    } catch (const json::exception& e) {
        // Thrown from inside the DOM builder (an excessive size, say): no position to give.
        throw JsonError(source + ": " + plain_words(e.what()));
    }
    if (builder.duplicate) throw JsonError(source + ": " + *builder.duplicate);
    if (builder.failure) report(*builder.failure, text, source);
    return out;
}

nlohmann::json read_json_file(const std::filesystem::path& path, const JsonLimits& limits) {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) throw JsonError(path.string() + ": no such file");
    if (std::filesystem::is_directory(path, ec)) throw JsonError(path.string() + ": is a folder, not a JSON file");
    std::ifstream in(path, std::ios::binary);
    if (!in) throw JsonError(path.string() + ": cannot open the file for reading");
    std::ostringstream text;
    text << in.rdbuf();
    return parse_json(text.str(), path.string(), limits);
}

}  // namespace tapegrad
