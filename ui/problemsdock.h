#pragma once

#include <QDockWidget>

class QTreeWidget;

namespace netfence::ui {

class Document;

// The loader's diagnostics; a double-click asks to open the file at the line.
class ProblemsDock : public QDockWidget
{
    Q_OBJECT

public:
    explicit ProblemsDock(Document *document, QWidget *parent = nullptr);
    int count() const;

signals:
    void openLocation(const QString &file, int line, int column);

private:
    void rebuild();

    Document *mDocument;
    QTreeWidget *mTree;
};

} // namespace netfence::ui
