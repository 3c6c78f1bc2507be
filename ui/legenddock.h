#pragma once

#include <QDockWidget>

class QGridLayout;
class QLabel;

namespace netfence::ui {

// What every colour, mark and line of the graph means, each drawn with the colours the items
// paint with (GraphColors), redrawn when the palette turns light or dark.
class LegendDock : public QDockWidget
{
    Q_OBJECT

public:
    explicit LegendDock(QWidget *parent = nullptr);

    enum class Sample
    {
        Workload,
        External,
        Namespace,
        Outside,
        IngressIsolated,
        EgressIsolated,
        HostNetwork,
        AllPodsNote,
        PodEdge,
        GroupEdge,
        BundleEdge,
        HoverOutgoing,
        HoverIncoming,
        SelectedEdge,
        SelectedNode,
        PolicySelected,
        PolicyPeer,
        Dimmed,
        Found,
        Denied
    };
    // The explanation shown beside each sample, in the order shown.
    static QList<QPair<Sample, QString>> entries();
    int entryCount() const { return mEntries; }

protected:
    void changeEvent(QEvent *event) override;

private:
    void build();
    void paintSamples();

    QGridLayout *mGrid;
    int mEntries = 0;
    QList<QPair<Sample, QLabel *>> mPictures;
};

} // namespace netfence::ui
