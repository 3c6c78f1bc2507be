#include "ui/labmarkdown.h"

#include <QFontDatabase>
#include <QTextBlock>
#include <QTextCursor>
#include <QTextDocument>

namespace netfence::ui::LabMarkdown {

void setMarkdown(QTextDocument *document, const QString &markdown)
{
    document->setMarkdown(markdown,
                          QTextDocument::MarkdownFeatures(QTextDocument::MarkdownDialectGitHub |
                                                          QTextDocument::MarkdownNoHTML));
    // Qt marks code blocks (fenced or indented) with a fixed-pitch font; shade them as a box.
    const QFont fixed = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    QTextCursor cursor(document);
    cursor.beginEditBlock();
    for (QTextBlock block = document->begin(); block.isValid(); block = block.next()) {
        QTextBlockFormat format = block.blockFormat();
        bool code = format.hasProperty(QTextFormat::BlockCodeFence) ||
                    format.hasProperty(QTextFormat::BlockCodeLanguage);
        if (!code && !block.text().isEmpty() && !block.textList()) {
            // An indented code block: every fragment in the fixed font.
            code = true;
            for (auto it = block.begin(); it != block.end(); ++it)
                code = code && it.fragment().charFormat().fontFixedPitch();
        }
        if (!code) continue;
        format.setBackground(QColor(0xf0, 0xf0, 0xf0));
        format.setLeftMargin(format.leftMargin() + 6);
        format.setRightMargin(6);
        cursor.setPosition(block.position());
        cursor.setPosition(block.position() + block.length() - 1, QTextCursor::KeepAnchor);
        cursor.setBlockFormat(format);
        QTextCharFormat chars;
        chars.setFont(fixed);
        chars.setForeground(QColor(0x20, 0x20, 0x20));
        cursor.mergeCharFormat(chars);
    }
    cursor.endEditBlock();
}

QString toHtml(const QString &markdown)
{
    QTextDocument document;
    setMarkdown(&document, markdown);
    return document.toHtml();
}

} // namespace netfence::ui::LabMarkdown
