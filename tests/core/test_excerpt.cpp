// quoted_excerpt: what error messages show of bad input. Short and printable input is quoted as
// it is; control bytes are escaped; long input is cut, with its length.
#include <doctest/doctest.h>

#include <tapegrad/core/excerpt.hpp>

using tapegrad::quoted_excerpt;

TEST_CASE("short printable text is quoted as it is, quotes and backslashes escaped") {
    CHECK(quoted_excerpt("abc") == "\"abc\"");
    CHECK(quoted_excerpt("") == "\"\"");
    CHECK(quoted_excerpt("say \"hi\" \\o/") == "\"say \\\"hi\\\" \\\\o/\"");
}

TEST_CASE("control bytes and non-ASCII bytes never reach the terminal raw") {
    CHECK(quoted_excerpt("a\x1b[2Jb") == "\"a\\x1b[2Jb\"");  // ESC [2J would clear the screen
    CHECK(quoted_excerpt(std::string("a\0b", 3)) == "\"a\\x00b\"");
    CHECK(quoted_excerpt("tab\there\r\n") == "\"tab\\there\\r\\n\"");
    CHECK(quoted_excerpt("\x7f\xc3\xa9") == "\"\\x7f\\xc3\\xa9\"");
}

TEST_CASE("long text is cut to the first bytes, and says how long it was") {
    const std::string cell(50'000'000, 'x');
    const std::string shown = quoted_excerpt(cell);
    CHECK(shown == "\"" + std::string(40, 'x') + "\"... (50000000 bytes)");
    CHECK(quoted_excerpt("abcdef", 3) == "\"abc\"... (6 bytes)");
    CHECK(quoted_excerpt("abc", 3) == "\"abc\"");
}
