#include "core/listitems.h"

namespace netfence::core {

namespace {

// Bytes of the smallest item worth a piece of its own ("- kind: Pod\n  metadata: {name: a}\n"
// is 35).
constexpr size_t kSmallestItem = 32;

bool blankOrComment(std::string_view content)
{
    for (char c : content) {
        if (c == '#') return true;
        if (c != ' ' && c != '\t' && c != '\r') return false;
    }
    return true;
}

// "-" as a block sequence entry: followed by a space, a tab or the end of the line.
bool sequenceEntry(std::string_view content)
{
    return !content.empty() && content[0] == '-' &&
           (content.size() == 1 || content[1] == ' ' || content[1] == '\t' || content[1] == '\r');
}

// A line at column 0 that plainly starts a key of the top-level block mapping. Anything that
// could be a flow collection, a quoted or complex key, a tag, an anchor, an alias, a block
// scalar or a directive is left to the parser by not cutting the document at all.
bool plainKey(std::string_view content)
{
    if (content.empty()) return false;
    constexpr std::string_view kNotPlain = "-[]{}\"'?:!&*|>%@`,\t.";
    return kNotPlain.find(content[0]) == std::string_view::npos &&
           content.find(':') != std::string_view::npos;
}

// "items:" with nothing after it but blanks or a comment: a block value follows.
bool itemsKey(std::string_view content)
{
    constexpr std::string_view key = "items:";
    return content.substr(0, key.size()) == key &&
           (content.size() == key.size() || content[key.size()] == ' ' ||
            content[key.size()] == '\t' || content[key.size()] == '\r') &&
           blankOrComment(content.substr(key.size()));
}

// The document's lines one at a time: a 200 MB List has millions of them.
class Lines
{
public:
    explicit Lines(std::string_view text) : mText(text) {}

    // Moves to the next line; false at the end.
    bool next()
    {
        if (mEnd >= mText.size()) return false;
        if (mStarted) ++mNumber;
        mStarted = true;
        mBegin = mEnd;
        const size_t eol = mText.find('\n', mBegin);
        mEnd = eol == std::string_view::npos ? mText.size() : eol + 1;
        mContent =
            mText.substr(mBegin, (eol == std::string_view::npos ? mText.size() : eol) - mBegin);
        mIndent = 0;
        while (!mContent.empty() && mContent[0] == ' ') {
            mContent.remove_prefix(1);
            ++mIndent;
        }
        return true;
    }
    size_t begin() const { return mBegin; }
    int number() const { return mNumber; } // 0-based
    int indent() const { return mIndent; }
    std::string_view content() const { return mContent; } // without indentation and line break

private:
    std::string_view mText;
    size_t mBegin = 0;
    size_t mEnd = 0;
    int mNumber = 0;
    bool mStarted = false;
    int mIndent = 0;
    std::string_view mContent;
};

} // namespace

std::optional<ListItems> ListItems::split(std::string_view text)
{
    if (const size_t first = text.find_first_not_of(" \t\r\n");
        first != std::string_view::npos && text[first] == '{')
        return splitJson(text);
    enum Part
    {
        Before,   // keys before "items:"
        Sequence, // the items
        After     // keys after the sequence
    };
    ListItems out;
    Part part = Before;
    bool mapping = false; // a key was seen at column 0
    int indent = -1;      // of the sequence's entries
    size_t pieceBegin = 0;
    int pieceLine = 0;
    auto cut = [&](std::vector<TextPiece> &to, size_t end, int line) {
        to.push_back({pieceLine, text.substr(pieceBegin, end - pieceBegin)});
        pieceBegin = end;
        pieceLine = line;
    };
    Lines lines(text);
    while (lines.next()) {
        const std::string_view content = lines.content();
        if (lines.number() == 0 && lines.indent() == 0 && content.substr(0, 3) == "---") {
            if (!blankOrComment(content.substr(3)))
                return std::nullopt; // a tag or a value on the marker line
            continue;
        }
        if (blankOrComment(content)) continue;
        if (lines.indent() == 0 && content[0] == '\t')
            return std::nullopt; // tabs are no indentation in YAML: the parser's to judge
        switch (part) {
        case Before:
            if (lines.indent() > 0) {
                if (!mapping) return std::nullopt;
                continue; // the value of the key above
            }
            if (itemsKey(content)) {
                part = Sequence;
                continue;
            }
            if (!plainKey(content)) return std::nullopt;
            mapping = true;
            continue;
        case Sequence:
            if (indent < 0) {
                if (!sequenceEntry(content))
                    return std::nullopt; // "items:" holds no block sequence
                indent = lines.indent();
                cut(out.rest, lines.begin(), lines.number());
                continue;
            }
            if (lines.indent() == indent && sequenceEntry(content)) {
                // Objects take more than this; millions of tiny entries would make the list of
                // pieces itself a memory bomb, so they are left to the whole parse's budget.
                if (out.items.size() * kSmallestItem > lines.begin() + 4096) return std::nullopt;
                cut(out.items, lines.begin(), lines.number());
                continue;
            }
            if (lines.indent() > indent) continue;
            if (lines.indent() > 0)
                return std::nullopt; // less indented than the entries, yet not a top-level key
            // Blank and comment lines before this key went with the last item.
            cut(out.items, lines.begin(), lines.number());
            part = After;
            [[fallthrough]];
        case After:
            if (lines.indent() > 0) continue;
            if (itemsKey(content) || !plainKey(content))
                return std::nullopt; // a second "items" is the parser's to report
            continue;
        }
    }
    if (indent < 0) return std::nullopt;
    cut(part == Sequence ? out.items : out.rest, text.size(), 0);
    return out;
}

namespace {

// Walks the top level of one JSON object, as far as cutting its items needs; any doubt ends
// the walk and leaves the document to the parser.
class JsonWalk
{
public:
    explicit JsonWalk(std::string_view text) : mText(text) {}

    std::optional<ListItems> run()
    {
        ListItems out;
        out.json = true;
        bool items = false;
        skipSpace();
        if (!take('{')) return std::nullopt;
        for (bool first = true;; first = false) {
            skipSpace();
            if (take('}')) break;
            if (!first && !(take(',') && (skipSpace(), true))) return std::nullopt;
            std::string_view key;
            if (!string(key) || (skipSpace(), !take(':'))) return std::nullopt;
            skipSpace();
            if (key == "items") {
                if (items || !list(out.items)) return std::nullopt;
                items = true;
            } else if (key == "kind") {
                std::string_view kind;
                if (!out.kind.empty() || !string(kind) || kind.empty()) return std::nullopt;
                out.kind = std::string(kind);
            } else if (!value()) {
                return std::nullopt;
            }
        }
        skipSpace();
        if (mPos != mText.size() || !items || out.kind.empty()) return std::nullopt;
        return out;
    }

private:
    bool take(char c)
    {
        if (mPos < mText.size() && mText[mPos] == c) {
            ++mPos;
            return true;
        }
        return false;
    }
    void skipSpace()
    {
        while (mPos < mText.size() && (mText[mPos] == ' ' || mText[mPos] == '\t' ||
                                       mText[mPos] == '\r' || mText[mPos] == '\n'))
            advance();
    }
    void advance()
    {
        if (mText[mPos] == '\n') {
            ++mLine;
            mLineBegin = mPos + 1;
        }
        ++mPos;
    }
    // A string without escapes (a key or a kind); others are left to the parser.
    bool string(std::string_view &out)
    {
        if (!take('"')) return false;
        const size_t end = mText.find_first_of("\"\\\n", mPos);
        if (end == std::string_view::npos || mText[end] != '"') return false;
        out = mText.substr(mPos, end - mPos);
        mPos = end + 1;
        return true;
    }
    // Any value, skipped: strings with their escapes, brackets by depth.
    bool value()
    {
        if (mPos >= mText.size()) return false;
        int depth = 0;
        do {
            if (mPos >= mText.size()) return false;
            const char c = mText[mPos];
            if (c == '"') {
                for (advance(); mPos < mText.size() && mText[mPos] != '"'; advance())
                    if (mText[mPos] == '\\' && mPos + 1 < mText.size()) advance();
                if (mPos >= mText.size()) return false;
            } else if (c == '{' || c == '[') {
                ++depth;
            } else if (c == '}' || c == ']') {
                if (depth == 0) return true; // the end of a number or a literal
                --depth;
            } else if (depth == 0 &&
                       (c == ',' || c == ' ' || c == '\n' || c == '\r' || c == '\t')) {
                return true; // the end of a number or a literal
            }
            advance();
        } while (depth > 0);
        return true;
    }
    // The items: each value must start its line, so that columns stay those of the file.
    bool list(std::vector<TextPiece> &items)
    {
        if (!take('[')) return false;
        for (bool first = true;; first = false) {
            skipSpace();
            if (take(']')) return true;
            if (!first && !(take(',') && (skipSpace(), true))) return false;
            if (mText.substr(mLineBegin, mPos - mLineBegin).find_first_not_of(" \t") !=
                std::string_view::npos)
                return false;
            const size_t begin = mLineBegin;
            const int line = mLine;
            if (mPos >= mText.size() || mText[mPos] != '{' || !value()) return false;
            if (items.size() * kSmallestItem > mPos + 4096)
                return false; // as for YAML: no memory bomb of tiny pieces
            items.push_back({line, mText.substr(begin, mPos - begin)});
        }
    }

    std::string_view mText;
    size_t mPos = 0;
    size_t mLineBegin = 0;
    int mLine = 0;
};

} // namespace

std::optional<ListItems> ListItems::splitJson(std::string_view text)
{
    return JsonWalk(text).run();
}

} // namespace netfence::core
