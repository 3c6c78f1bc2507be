#pragma once

#include "core/clusterchange.h"

#include "core/endpoint.h"

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
    QString html() const { return mHtml; }
    // What the last edit did (e.g. that the egress side was added too), shown above the rest
    // until the next edit; empty clears.
    void setNotes(const QStringList &notes);
    // The selected pods, first clicked first.
    QStringList selectionOrder() const { return mOrder; }

signals:
    void policyActivated(int index);

private:
    QString nodeHtml(const class NodeItem *node) const;
    QString pairHtml(const class NodeItem *a, const class NodeItem *b) const;
    QString edgeHtml(int edge) const;
    QString namespaceHtml(const QString &name) const;
    QString policyHtml(int index) const;
    QString policyLink(size_t index) const;
    QString directionHtml(const class NodeItem *from, const class NodeItem *to) const;
    QString explanationHtml(const core::Endpoint &from, const core::Endpoint &to,
                            const QString &fromName, const QString &toName) const;
    void trackSelection();

    GraphScene *mScene;
    QTextBrowser *mBrowser;
    core::PolicyKey mPolicy = core::kNoPolicyKey; // the policy shown, by key
    QStringList mNotes;
    QStringList mOrder; // node ids in the order they were selected
    QString mHtml;
};

} // namespace netfence::ui
