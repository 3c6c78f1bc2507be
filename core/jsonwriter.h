#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace netfence::core {

// A small streaming JSON writer: enough for netfence's reports, with correct escaping.
class JsonWriter
{
public:
    explicit JsonWriter(int indent = 2) : mIndent(indent) {}

    void beginObject();
    void endObject();
    void beginArray();
    void endArray();
    void key(std::string_view name);
    void value(std::string_view text);
    void value(const char *text) { value(std::string_view(text)); }
    void value(long long number);
    void value(int number) { value(static_cast<long long>(number)); }
    void value(size_t number) { value(static_cast<long long>(number)); }
    void value(bool flag);

    const std::string &text() const { return mOut; }
    static std::string escape(std::string_view text);

private:
    void beforeValue();
    void newline();

    std::string mOut;
    int mIndent;
    std::vector<bool> mFirst; // per open container: nothing written in it yet
    bool mAfterKey = false;
};

} // namespace netfence::core
