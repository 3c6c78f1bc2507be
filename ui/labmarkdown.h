#pragma once

#include <QString>

class QTextDocument;

namespace netfence::ui {

// Lab texts are Markdown (CommonMark with GitHub tables, docs/labs.md). They come from
// whoever wrote the lab: raw HTML is not rendered, and code blocks get a shaded monospace box.
namespace LabMarkdown {

void setMarkdown(QTextDocument *document, const QString &markdown);
// The same as HTML, for widgets that take rich text (a QLabel).
QString toHtml(const QString &markdown);

} // namespace LabMarkdown

} // namespace netfence::ui
