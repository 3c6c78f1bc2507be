#include "ui/workloaddialog.h"

#include "core/kubernetesnames.h"
#include "core/textsyntax.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace netfence::ui {

WorkloadDialog::WorkloadDialog(const core::Cluster &cluster, const core::Workload &initial,
                               std::optional<size_t> editing, QWidget *parent)
    : QDialog(parent), mCluster(cluster), mEditing(editing)
{
    setWindowTitle(editing ? tr("Edit workload") : tr("Add workload"));
    auto *layout = new QVBoxLayout(this);
    auto *form = new QFormLayout;
    mName = new QLineEdit(QString::fromStdString(initial.name));
    mNamespace = new QComboBox;
    mNamespace->setEditable(true);
    for (const core::Namespace &ns : cluster.namespaces)
        mNamespace->addItem(QString::fromStdString(ns.name));
    mNamespace->setCurrentText(QString::fromStdString(initial.namespaceName));
    mKind = new QComboBox;
    mKind->addItems({QStringLiteral("Pod"), QStringLiteral("Deployment"),
                     QStringLiteral("StatefulSet"), QStringLiteral("DaemonSet")});
    mKind->setCurrentText(QString::fromStdString(initial.kind.empty() ? "Pod" : initial.kind));
    mReplicas = new QSpinBox;
    mReplicas->setRange(1, 10000);
    mReplicas->setValue(initial.replicas.value_or(1));
    mLabels = new QLineEdit(QString::fromStdString(core::TextSyntax::formatLabels(initial.labels)));
    mLabels->setPlaceholderText(QStringLiteral("app=web, tier=front"));
    mPorts = new QLineEdit(
        QString::fromStdString(core::TextSyntax::formatContainerPorts(initial.ports)));
    mPorts->setPlaceholderText(QStringLiteral("http:80/TCP, 53/UDP"));
    form->addRow(tr("Name:"), mName);
    form->addRow(tr("Namespace:"), mNamespace);
    form->addRow(tr("Kind:"), mKind);
    form->addRow(tr("Replicas:"), mReplicas);
    form->addRow(tr("Labels:"), mLabels);
    form->addRow(tr("Container ports:"), mPorts);
    layout->addLayout(form);
    mProblem = new QLabel;
    mProblem->setStyleSheet(QStringLiteral("color: #c62828"));
    mProblem->setWordWrap(true);
    layout->addWidget(mProblem);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    layout->addWidget(buttons);
    auto validate = [this, buttons] {
        QString problem;
        workload(&problem);
        mProblem->setText(problem);
        buttons->button(QDialogButtonBox::Ok)->setEnabled(problem.isEmpty());
    };
    for (QLineEdit *e : {mName, mLabels, mPorts})
        connect(e, &QLineEdit::textChanged, this, validate);
    connect(mNamespace, &QComboBox::currentTextChanged, this, validate);
    connect(mKind, &QComboBox::currentTextChanged, this, [this, validate] {
        mReplicas->setEnabled(mKind->currentText() != QLatin1String("Pod"));
        validate();
    });
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    mReplicas->setEnabled(mKind->currentText() != QLatin1String("Pod"));
    validate();
}

std::optional<core::Workload> WorkloadDialog::workload(QString *problem) const
{
    auto fail = [problem](const QString &text) -> std::optional<core::Workload> {
        if (problem) *problem = text;
        return std::nullopt;
    };
    core::Workload w = mEditing ? mCluster.workloads[*mEditing] : core::Workload{};
    w.name = mName->text().trimmed().toStdString();
    w.namespaceName = mNamespace->currentText().trimmed().toStdString();
    w.kind = mKind->currentText().toStdString();
    w.replicas = w.kind == "Pod" ? std::nullopt : std::optional<int>(mReplicas->value());
    if (std::string err = core::KubernetesNames::checkDnsSubdomain(w.name); !err.empty())
        return fail(tr("Name: %1").arg(QString::fromStdString(err)));
    if (std::string err = core::KubernetesNames::checkDnsSubdomain(w.namespaceName); !err.empty())
        return fail(tr("Namespace: %1").arg(QString::fromStdString(err)));
    if (std::string err = core::TextSyntax::parseLabels(mLabels->text().toStdString(), w.labels);
        !err.empty())
        return fail(tr("Labels: %1").arg(QString::fromStdString(err)));
    if (std::string err =
            core::TextSyntax::parseContainerPorts(mPorts->text().toStdString(), w.ports);
        !err.empty())
        return fail(tr("Ports: %1").arg(QString::fromStdString(err)));
    for (size_t i = 0; i < mCluster.workloads.size(); ++i)
        if ((!mEditing || i != *mEditing) &&
            mCluster.workloads[i].qualifiedName() == w.qualifiedName())
            return fail(tr("%1 already exists.").arg(QString::fromStdString(w.qualifiedName())));
    if (!mEditing) w.podNames = {w.name};
    if (problem) problem->clear();
    return w;
}

} // namespace netfence::ui
