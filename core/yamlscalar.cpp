#include "core/yamlscalar.h"

#include <cmath>
#include <cstdlib>
#include <limits>
#include <regex>

namespace netfence::core::YamlScalar {

namespace {

int digitValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'Z')
        return c - 'A' + 10;
    return 99;
}

// Go's strconv.ParseInt(text, 0, 64) or ParseUint: an optional sign, then 0x/0o/0b or a
// leading 0 (octal) or decimal digits; nothing else. Unsigned values above int64 are refused
// here: no field netfence reads can hold them, and they are errors either way.
std::optional<std::int64_t> parseGoInteger(std::string_view text)
{
    bool negative = false;
    if (!text.empty() && (text[0] == '+' || text[0] == '-')) {
        negative = text[0] == '-';
        text.remove_prefix(1);
    }
    int base = 10;
    if (text.size() >= 2 && text[0] == '0') {
        const char p = text[1];
        if (p == 'x' || p == 'X')
            base = 16, text.remove_prefix(2);
        else if (p == 'o' || p == 'O')
            base = 8, text.remove_prefix(2);
        else if (p == 'b' || p == 'B')
            base = 2, text.remove_prefix(2);
        else
            base = 8, text.remove_prefix(1);
    }
    if (text.empty())
        return std::nullopt;
    unsigned long long value = 0;
    const unsigned long long limit =
        negative ? 9223372036854775808ULL : static_cast<unsigned long long>(INT64_MAX);
    for (char c : text) {
        const int d = digitValue(c);
        if (d >= base)
            return std::nullopt;
        if (value > (limit - static_cast<unsigned long long>(d)) / static_cast<unsigned long long>(base))
            return std::nullopt;
        value = value * static_cast<unsigned long long>(base) + static_cast<unsigned long long>(d);
    }
    if (negative)
        return value == 9223372036854775808ULL ? INT64_MIN : -static_cast<std::int64_t>(value);
    return static_cast<std::int64_t>(value);
}

bool oneOf(std::string_view text, std::initializer_list<std::string_view> words)
{
    for (std::string_view w : words)
        if (text == w)
            return true;
    return false;
}

} // namespace

Resolved resolvePlain(std::string_view text)
{
    Resolved r;
    if (oneOf(text, {"", "~", "null", "Null", "NULL"})) {
        r.type = Type::Null;
        return r;
    }
    if (oneOf(text, {"y", "Y", "yes", "Yes", "YES", "on", "On", "ON", "true", "True", "TRUE"})) {
        r.type = Type::Bool;
        r.boolean = true;
        return r;
    }
    if (oneOf(text, {"n", "N", "no", "No", "NO", "off", "Off", "OFF", "false", "False", "FALSE"})) {
        r.type = Type::Bool;
        return r;
    }
    if (oneOf(text, {".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF"})) {
        r.type = Type::Float;
        r.number = std::numeric_limits<double>::infinity();
        return r;
    }
    if (oneOf(text, {"-.inf", "-.Inf", "-.INF"})) {
        r.type = Type::Float;
        r.number = -std::numeric_limits<double>::infinity();
        return r;
    }
    if (oneOf(text, {".nan", ".NaN", ".NAN"})) {
        r.type = Type::Float;
        r.number = std::numeric_limits<double>::quiet_NaN();
        return r;
    }
    const char first = text.front();
    if (!((first >= '0' && first <= '9') || first == '+' || first == '-' || first == '.'))
        return r; // a string
    std::string plain;
    for (char c : text)
        if (c != '_')
            plain += c;
    if (first != '.') {
        if (auto value = parseGoInteger(plain)) {
            r.type = Type::Int;
            r.integer = *value;
            return r;
        }
    }
    static const std::regex floatSyntax(R"(^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$)");
    if (std::regex_match(first == '.' ? std::string(text) : plain, floatSyntax)) {
        r.type = Type::Float;
        r.number = std::strtod((first == '.' ? std::string(text) : plain).c_str(), nullptr);
        return r;
    }
    return r;
}

std::optional<std::int32_t> int32Value(const Resolved &resolved)
{
    double value = 0;
    if (resolved.type == Type::Int)
        value = static_cast<double>(resolved.integer);
    else if (resolved.type == Type::Float && std::isfinite(resolved.number) &&
             std::trunc(resolved.number) == resolved.number && std::fabs(resolved.number) < 1e21)
        value = resolved.number;
    else
        return std::nullopt;
    if (value < std::numeric_limits<std::int32_t>::min() || value > std::numeric_limits<std::int32_t>::max())
        return std::nullopt;
    return static_cast<std::int32_t>(value);
}

const char *typeName(Type type)
{
    switch (type) {
    case Type::Null:
        return "null";
    case Type::Bool:
        return "a boolean";
    case Type::Int:
        return "an integer";
    case Type::Float:
        return "a number";
    case Type::String:
        break;
    }
    return "a string";
}

} // namespace netfence::core::YamlScalar
