#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace netfence::core {

// Part of a document's text: whole lines, with the 0-based line it starts on in the document.
struct TextPiece
{
    int firstLine = 0;
    std::string_view text;
};

// The text of a List document cut so that its items can be parsed one at a time: a parser
// tree takes about 40 times the text it holds, so a 200 MB `kubectl get -A -o yaml` parsed
// whole does not fit a small machine, while one item at a time does.
//
// Only the shape kubectl writes is cut: a block mapping at column 0 whose `items:` key holds a
// block sequence. Each piece is whole lines, so a parser's line in a piece plus the piece's
// firstLine is the line in the document. Parsing each piece alone gives what parsing the
// document gives unless an alias names an anchor of another piece; the parser then reports an
// unknown anchor, and the caller parses the document whole.
//
// JSON as kubectl writes it (`-o json`: one object, each item of "items" starting a line) is
// cut too: each item piece is then the item's value alone, and `kind` is read here.
struct ListItems
{
    std::vector<TextPiece> rest;  // YAML: the document around the sequence, as block mappings
    std::vector<TextPiece> items; // YAML: one "- " entry of the sequence each; JSON: one value each
    bool json = false;
    std::string kind; // JSON: the top-level "kind"

    // Nothing when the document does not have that shape.
    static std::optional<ListItems> split(std::string_view document);

private:
    static std::optional<ListItems> splitJson(std::string_view document);
};

} // namespace netfence::core
