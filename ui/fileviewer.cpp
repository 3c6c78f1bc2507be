#include "ui/fileviewer.h"

#include <QDialogButtonBox>
#include <QFile>
#include <QFileInfo>
#include <QFontDatabase>
#include <QPlainTextEdit>
#include <QTextBlock>
#include <QVBoxLayout>

namespace netfence::ui {

FileViewer *FileViewer::open(const QString &file, int line, QWidget *parent, QString *problem)
{
    QFile f(file);
    if (!QFileInfo(file).isFile() || !f.open(QIODevice::ReadOnly)) {
        if (problem) *problem = tr("Cannot open %1: it is not a readable regular file.").arg(file);
        return nullptr;
    }
    auto *viewer = new FileViewer(file, f.read(kMaxBytes), line, parent);
    viewer->show();
    viewer->mText->centerCursor();
    return viewer;
}

FileViewer::FileViewer(const QString &file, const QByteArray &content, int line, QWidget *parent)
    : QDialog(parent)
{
    setAttribute(Qt::WA_DeleteOnClose);
    setWindowTitle(QStringLiteral("%1:%2").arg(file).arg(line));
    auto *layout = new QVBoxLayout(this);
    mText = new QPlainTextEdit;
    mText->setReadOnly(true);
    mText->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    mText->setPlainText(QString::fromUtf8(content));
    layout->addWidget(mText);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::close);
    layout->addWidget(buttons);
    resize(800, 600);
    if (line > 0) {
        QTextCursor cursor(mText->document()->findBlockByNumber(line - 1));
        mText->setTextCursor(cursor);
        QTextEdit::ExtraSelection mark;
        mark.cursor = cursor;
        mark.format.setBackground(QColor(255, 235, 150));
        mark.format.setProperty(QTextFormat::FullWidthSelection, true);
        mText->setExtraSelections({mark});
        mLine = mText->textCursor().blockNumber() + 1;
    }
}

} // namespace netfence::ui
