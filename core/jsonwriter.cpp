#include "core/jsonwriter.h"

#include <cstdio>

namespace netfence::core {

std::string JsonWriter::escape(std::string_view text)
{
    std::string out = "\"";
    for (unsigned char c : text) {
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        default:
            if (c < 0x20) {
                char buf[8];
                std::snprintf(buf, sizeof buf, "\\u%04x", c);
                out += buf;
            } else {
                out += static_cast<char>(c);
            }
        }
    }
    return out + '"';
}

void JsonWriter::newline()
{
    if (mIndent <= 0)
        return;
    mOut += '\n';
    mOut.append(mFirst.size() * static_cast<size_t>(mIndent), ' ');
}

void JsonWriter::beforeValue()
{
    if (mAfterKey) {
        mAfterKey = false;
        return;
    }
    if (!mFirst.empty()) {
        if (!mFirst.back())
            mOut += ',';
        mFirst.back() = false;
        newline();
    }
}

void JsonWriter::beginObject()
{
    beforeValue();
    mOut += '{';
    mFirst.push_back(true);
}

void JsonWriter::endObject()
{
    const bool empty = mFirst.back();
    mFirst.pop_back();
    if (!empty)
        newline();
    mOut += '}';
}

void JsonWriter::beginArray()
{
    beforeValue();
    mOut += '[';
    mFirst.push_back(true);
}

void JsonWriter::endArray()
{
    endObject();
    mOut.back() = ']';
}

void JsonWriter::key(std::string_view name)
{
    beforeValue();
    mOut += escape(name);
    mOut += mIndent > 0 ? ": " : ":";
    mAfterKey = true;
}

void JsonWriter::value(std::string_view text)
{
    beforeValue();
    mOut += escape(text);
}

void JsonWriter::value(long long number)
{
    beforeValue();
    mOut += std::to_string(number);
}

void JsonWriter::value(bool flag)
{
    beforeValue();
    mOut += flag ? "true" : "false";
}

} // namespace netfence::core
