#pragma once

#include <QDockWidget>

class QLabel;
class QTextBrowser;
class QTreeWidget;

namespace netfence::ui {

class Comparison;
class DiffOverlayItem;
class Document;
class GraphScene;

// "Compare With...": the connections another version of the design disagrees on, listed and
// drawn on the graph. Selecting one selects its two ends on the graph and explains the
// verdict in both versions.
class ChangesDock : public QDockWidget
{
    Q_OBJECT

public:
    ChangesDock(Document *document, GraphScene *scene, QWidget *parent = nullptr);

    Comparison *comparison() const { return mComparison; }
    DiffOverlayItem *overlay() const { return mOverlay; }
    int count() const;
    // Selects the change in the list (and on the graph); -1 clears.
    void selectChange(int index);
    QString explanation() const;

signals:
    void focusRequested(const QStringList &nodeIds);

private:
    void rebuild();
    void showChange(int index);

    Document *mDocument;
    GraphScene *mScene;
    Comparison *mComparison;
    DiffOverlayItem *mOverlay;
    QLabel *mSummary;
    QTreeWidget *mTree;
    QTextBrowser *mExplanation;
};

} // namespace netfence::ui
