#pragma once

#include "core/lintfinding.h"

#include <QDockWidget>

#include <vector>

class QTreeWidget;

namespace netfence::ui {

class Document;

// The loader's diagnostics, then the lint findings (with their fix in the tooltip); a
// double-click asks to open the file at the line.
class ProblemsDock : public QDockWidget
{
    Q_OBJECT

public:
    explicit ProblemsDock(Document *document, QWidget *parent = nullptr);
    int count() const;
    // Rows that are lint findings (they follow the diagnostics).
    int lintCount() const { return mLintCount; }
    // The rule ids of the lint rows, in order.
    QStringList lintIds() const;
    const std::vector<core::LintFinding> &findings() const { return mFindings; }

signals:
    void openLocation(const QString &file, int line, int column);
    void findingsChanged();

private:
    void rebuild();

    Document *mDocument;
    QTreeWidget *mTree;
    int mLintCount = 0;
    std::vector<core::LintFinding> mFindings;
};

} // namespace netfence::ui
