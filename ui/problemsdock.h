#pragma once

#include "core/lintfinding.h"

#include <QDockWidget>

#include <vector>

class QTimer;
class QTreeWidget;

namespace netfence::ui {

class Document;
class LintRunner;

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
    // The findings of the design as it was when the background lint last finished.
    const std::vector<core::LintFinding> &findings() const;
    // True while the lint of the newest design runs.
    bool isLinting() const;
    // Blocks, handling events, until the findings match the design (tests, screenshots).
    void waitForLint();

signals:
    void openLocation(const QString &file, int line, int column);
    void findingsChanged();

private:
    void rebuild();
    void lint();
    void startLint();
    void updateTitle();

    Document *mDocument;
    QTreeWidget *mTree;
    LintRunner *mLint;
    int mLintCount = 0;
    QTimer *mLintDelay; // running: a lint of the current design is asked for, not started yet
};

} // namespace netfence::ui
