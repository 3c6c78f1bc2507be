#pragma once

#include <QDialog>

class QPlainTextEdit;

namespace netfence::ui {

// A read-only look at the file a problem points into, with the problem's line marked and in
// view. Only regular files are read, and only their first kMaxBytes: a problem may name a FIFO
// or a device (a hostile side file), where reading would block or never end.
class FileViewer : public QDialog
{
    Q_OBJECT

public:
    static constexpr qint64 kMaxBytes = 8 << 20;

    // Shows `file` at `line` (1-based; 0 or less: the top) in a new window that deletes itself
    // when closed. Null, with `problem` set, when the file is not a readable regular file.
    static FileViewer *open(const QString &file, int line, QWidget *parent, QString *problem);

    QPlainTextEdit *editor() const { return mText; }
    // The marked line, 1-based; 0 when none is.
    int markedLine() const { return mLine; }

private:
    FileViewer(const QString &file, const QByteArray &content, int line, QWidget *parent);

    QPlainTextEdit *mText;
    int mLine = 0;
};

} // namespace netfence::ui
