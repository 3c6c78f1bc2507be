#pragma once

#include <QDialog>

class QLineEdit;

namespace netfence::ui {

// File -> Import from Cluster...: which kubectl context and namespace to read, and the folder
// the snapshot is saved into (the import is then opened from there, so it can be repeated
// offline).
class ImportClusterDialog : public QDialog
{
    Q_OBJECT

public:
    explicit ImportClusterDialog(QWidget *parent = nullptr);

    QString context() const;
    QString namespaceName() const;
    QString snapshotFolder() const;
    void setSnapshotFolder(const QString &folder);

private:
    QLineEdit *mContext;
    QLineEdit *mNamespace;
    QLineEdit *mFolder;
};

} // namespace netfence::ui
