#include "ui/matrixdock.h"

#include "ui/graphscene.h"
#include "ui/nodeitem.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>

namespace netfence::ui {

MatrixDock::MatrixDock(GraphScene *scene, QWidget *parent)
    : QDockWidget(tr("Matrix"), parent), mScene(scene)
{
    setObjectName(QStringLiteral("MatrixDock"));
    auto *page = new QWidget;
    auto *layout = new QVBoxLayout(page);
    auto *row = new QHBoxLayout;
    mProtocol = new QComboBox;
    mProtocol->addItems({QStringLiteral("TCP"), QStringLiteral("UDP"), QStringLiteral("SCTP")});
    mPort = new QSpinBox;
    mPort->setRange(1, 65535);
    mPort->setValue(80);
    row->addWidget(new QLabel(tr("Probe:")));
    row->addWidget(mProtocol);
    row->addWidget(mPort);
    row->addStretch();
    layout->addLayout(row);
    mTable = new QTableWidget;
    mTable->setEditTriggers(QAbstractItemView::NoEditTriggers);
    mTable->horizontalHeader()->setMinimumSectionSize(34);
    layout->addWidget(mTable);
    layout->addWidget(new QLabel(tr("Rows send, columns receive. ✓ allowed, ✗ denied.")));
    setWidget(page);
    connect(mProtocol, &QComboBox::currentTextChanged, this, &MatrixDock::refresh);
    connect(mPort, &QSpinBox::valueChanged, this, &MatrixDock::refresh);
    connect(scene, &GraphScene::graphUpdated, this, [this] {
        if (isVisible()) refresh();
    });
    connect(this, &QDockWidget::visibilityChanged, this, [this](bool visible) {
        if (visible) refresh();
    });
}

void MatrixDock::setProbe(const QString &protocol, int port)
{
    mProtocol->setCurrentText(protocol);
    mPort->setValue(port);
    refresh();
}

void MatrixDock::refresh()
{
    // Every node, the pods folded into collapsed namespaces included.
    struct Row
    {
        QString id, title;
        core::Endpoint endpoint;
        bool isExternal() const { return endpoint.isExternal(); }
    };
    const core::Cluster &cluster = mScene->document()->cluster();
    std::vector<Row> nodes;
    for (const GraphScene::Member &m : mScene->members())
        if (!m.item || !m.item->isPlaceholder())
            nodes.push_back(
                {m.id,
                 m.item ? m.item->title()
                        : QString::fromStdString(cluster.workloads[m.endpoint.workload].name),
                 m.endpoint});
    std::sort(nodes.begin(), nodes.end(), [](const Row &a, const Row &b) {
        return a.isExternal() != b.isExternal() ? b.isExternal() : a.id < b.id;
    });
    const auto protocol =
        core::parseProtocol(mProtocol->currentText().toStdString()).value_or(core::Protocol::TCP);
    const int port = mPort->value();
    const core::Evaluator &ev = mScene->document()->evaluator();
    mTable->clear();
    const int count = int(nodes.size());
    mTable->setRowCount(count);
    mTable->setColumnCount(count);
    QStringList names;
    for (const Row &n : nodes)
        names << (n.isExternal() ? n.title : n.id);
    mTable->setVerticalHeaderLabels(names);
    // Columns are narrow: they carry the short name, whole, and the full one in the tooltip.
    for (int c = 0; c < count; ++c) {
        auto *header = new QTableWidgetItem(nodes[size_t(c)].title);
        header->setToolTip(names[c]);
        mTable->setHorizontalHeaderItem(c, header);
        mTable->verticalHeaderItem(c)->setToolTip(names[c]);
    }
    for (int r = 0; r < count; ++r)
        for (int c = 0; c < count; ++c) {
            const Row &from = nodes[size_t(r)], &to = nodes[size_t(c)];
            auto *cell = new QTableWidgetItem;
            cell->setTextAlignment(Qt::AlignCenter);
            if (from.isExternal() && to.isExternal()) {
                cell->setText(QStringLiteral("–"));
            } else {
                const bool ok = ev.allowed(from.endpoint, to.endpoint).allows(protocol, port);
                cell->setText(ok ? QStringLiteral("✓") : QStringLiteral("✗"));
                cell->setData(Qt::UserRole, ok);
                cell->setForeground(ok ? QColor(46, 125, 50) : QColor(198, 40, 40));
            }
            cell->setToolTip(QStringLiteral("%1 → %2").arg(names[r], names[c]));
            mTable->setItem(r, c, cell);
        }
    mTable->resizeColumnsToContents();
}

} // namespace netfence::ui
