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
    QList<NodeItem *> nodes = mScene->nodes();
    nodes.removeIf([](NodeItem *n) { return n->isPlaceholder(); });
    std::sort(nodes.begin(), nodes.end(), [](NodeItem *a, NodeItem *b) {
        return a->isExternal() != b->isExternal() ? b->isExternal() : a->id() < b->id();
    });
    const auto protocol =
        core::parseProtocol(mProtocol->currentText().toStdString()).value_or(core::Protocol::TCP);
    const int port = mPort->value();
    const core::Evaluator &ev = mScene->document()->evaluator();
    mTable->clear();
    mTable->setRowCount(nodes.size());
    mTable->setColumnCount(nodes.size());
    QStringList names;
    for (NodeItem *n : nodes)
        names << (n->isExternal() ? n->title() : n->id());
    mTable->setVerticalHeaderLabels(names);
    // Columns are narrow: they carry the short name, whole, and the full one in the tooltip.
    for (int c = 0; c < nodes.size(); ++c) {
        auto *header = new QTableWidgetItem(nodes[c]->title());
        header->setToolTip(names[c]);
        mTable->setHorizontalHeaderItem(c, header);
        mTable->verticalHeaderItem(c)->setToolTip(names[c]);
    }
    for (int r = 0; r < nodes.size(); ++r)
        for (int c = 0; c < nodes.size(); ++c) {
            auto *cell = new QTableWidgetItem;
            cell->setTextAlignment(Qt::AlignCenter);
            if (nodes[r]->isExternal() && nodes[c]->isExternal()) {
                cell->setText(QStringLiteral("–"));
            } else {
                const bool ok =
                    ev.allowed(nodes[r]->endpoint(), nodes[c]->endpoint()).allows(protocol, port);
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
