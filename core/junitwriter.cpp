#include "core/junitwriter.h"

namespace netfence::core::JUnitWriter {

namespace {

const char *kReplacement = "\xEF\xBF\xBD";

// The length of the valid UTF-8 sequence at s[i], or 0.
size_t utf8Length(const std::string &s, size_t i)
{
    const auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
    const unsigned char c = byte(i);
    size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (n == 0 || i + n > s.size()) return 0;
    for (size_t k = 1; k < n; ++k)
        if ((byte(i + k) & 0xC0) != 0x80) return 0;
    if (n == 2 && c < 0xC2) return 0; // overlong
    if (n == 3) {
        const unsigned cp = ((c & 0x0F) << 12) | ((byte(i + 1) & 0x3F) << 6) | (byte(i + 2) & 0x3F);
        if (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF) || cp == 0xFFFE || cp == 0xFFFF) return 0;
    }
    if (n == 4) {
        const unsigned cp = ((c & 0x07) << 18) | ((byte(i + 1) & 0x3F) << 12) |
                            ((byte(i + 2) & 0x3F) << 6) | (byte(i + 3) & 0x3F);
        if (cp < 0x10000 || cp > 0x10FFFF) return 0;
    }
    return n;
}

} // namespace

std::string escape(const std::string &text)
{
    std::string out;
    for (size_t i = 0; i < text.size();) {
        const unsigned char c = static_cast<unsigned char>(text[i]);
        const size_t n = utf8Length(text, i);
        if (n == 0) {
            out += kReplacement;
            ++i;
            continue;
        }
        if (n > 1) {
            out.append(text, i, n);
            i += n;
            continue;
        }
        switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        case '\'':
            out += "&apos;";
            break;
        case '\n':
            out += "&#10;"; // kept in attributes too
            break;
        case '\t':
        case '\r':
            out += "&#" + std::to_string(c) + ';';
            break;
        default:
            if (c < 0x20 || c == 0x7F)
                out += kReplacement;
            else
                out += static_cast<char>(c);
        }
        ++i;
    }
    return out;
}

std::string write(const std::string &suite, const std::vector<TestCase> &cases)
{
    size_t failures = 0;
    for (const TestCase &c : cases)
        failures += !c.passed;
    const std::string counts = " tests=\"" + std::to_string(cases.size()) + "\" failures=\"" +
                               std::to_string(failures) + "\" errors=\"0\"";
    std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"netfence\"" +
                      counts + ">\n  <testsuite name=\"" + escape(suite) + "\"" + counts +
                      " skipped=\"0\">\n";
    for (const TestCase &c : cases) {
        out += "    <testcase name=\"" + escape(c.name) + "\" classname=\"" + escape(suite) + '"';
        if (!c.file.empty()) out += " file=\"" + escape(c.file) + '"';
        if (c.line > 0) out += " line=\"" + std::to_string(c.line) + '"';
        if (c.passed) {
            out += "/>\n";
            continue;
        }
        out += ">\n      <failure message=\"" + escape(c.message) +
               "\" type=\"ConnectivityRequirement\">" + escape(c.details) +
               "</failure>\n    </testcase>\n";
    }
    return out + "  </testsuite>\n</testsuites>\n";
}

} // namespace netfence::core::JUnitWriter
