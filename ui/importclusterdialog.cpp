#include "ui/importclusterdialog.h"

#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>

namespace netfence::ui {

ImportClusterDialog::ImportClusterDialog(QWidget *parent) : QDialog(parent)
{
    setWindowTitle(tr("Import from Cluster"));
    auto *form = new QFormLayout(this);
    auto *about = new QLabel(tr("netfence runs your own <b>kubectl</b> (found on PATH, with your "
                                "kubeconfig) to read namespaces, pods, workloads, services, "
                                "ingresses, routes and network policies. It never reads your "
                                "credentials."));
    about->setWordWrap(true);
    form->addRow(about);
    mContext = new QLineEdit(this);
    mContext->setPlaceholderText(tr("the current context"));
    mContext->setObjectName(QStringLiteral("importContext"));
    form->addRow(tr("&Context:"), mContext);
    mNamespace = new QLineEdit(this);
    mNamespace->setPlaceholderText(tr("every namespace"));
    mNamespace->setObjectName(QStringLiteral("importNamespace"));
    form->addRow(tr("&Namespace:"), mNamespace);
    auto *folderRow = new QHBoxLayout;
    mFolder = new QLineEdit(this);
    mFolder->setObjectName(QStringLiteral("importFolder"));
    auto *browse = new QPushButton(tr("Browse…"), this);
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString dir =
            QFileDialog::getExistingDirectory(this, tr("Save the snapshot into (an empty folder)"));
        if (!dir.isEmpty()) mFolder->setText(dir);
    });
    folderRow->addWidget(mFolder);
    folderRow->addWidget(browse);
    form->addRow(tr("Snapshot &folder:"), folderRow);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Import"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    form->addRow(buttons);
}

QString ImportClusterDialog::context() const
{
    return mContext->text().trimmed();
}

QString ImportClusterDialog::namespaceName() const
{
    return mNamespace->text().trimmed();
}

QString ImportClusterDialog::snapshotFolder() const
{
    return mFolder->text().trimmed();
}

void ImportClusterDialog::setSnapshotFolder(const QString &folder)
{
    mFolder->setText(folder);
}

} // namespace netfence::ui
