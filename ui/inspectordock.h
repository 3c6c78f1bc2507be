#pragma once

#include <QDockWidget>

class QTextBrowser;

namespace netfence::ui {

class GraphScene;

// Tells about the selection: a pod (policies, isolation, reach), two pods (why the traffic is
// allowed or denied each way), an edge (which rules allow it), a namespace or a policy.
class InspectorDock : public QDockWidget
{
    Q_OBJECT

public:
    explicit InspectorDock(GraphScene *scene, QWidget *parent = nullptr);

    void refresh();
    void showPolicy(int index);
    QString text() const; // the shown text, plain

signals:
    void policyActivated(int index);

private:
    QString nodeHtml(const class NodeItem *node) const;
    QString pairHtml(const class NodeItem *a, const class NodeItem *b) const;
    QString edgeHtml(int edge) const;
    QString namespaceHtml(const QString &name) const;
    QString policyHtml(int index) const;
    QString policyLink(size_t index) const;

    GraphScene *mScene;
    QTextBrowser *mBrowser;
    int mPolicy = -1;
};

} // namespace netfence::ui
