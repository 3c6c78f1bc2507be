#pragma once

#include <QDockWidget>

class QComboBox;
class QSpinBox;
class QTableWidget;

namespace netfence::ui {

class GraphScene;

// The truth table for one protocol and port: rows are sources, columns destinations.
class MatrixDock : public QDockWidget
{
    Q_OBJECT

public:
    explicit MatrixDock(GraphScene *scene, QWidget *parent = nullptr);
    void refresh();
    QTableWidget *table() const { return mTable; }
    void setProbe(const QString &protocol, int port);

private:
    GraphScene *mScene;
    QComboBox *mProtocol;
    QSpinBox *mPort;
    QTableWidget *mTable;
};

} // namespace netfence::ui
