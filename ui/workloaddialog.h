#pragma once

#include "core/cluster.h"

#include <QDialog>

#include <optional>

class QComboBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace netfence::ui {

// Adds or edits a pod or workload when designing from scratch: name, namespace, kind,
// replicas, labels and container ports, validated as the API server would.
class WorkloadDialog : public QDialog
{
    Q_OBJECT

public:
    WorkloadDialog(const core::Cluster &cluster, const core::Workload &initial,
                   std::optional<size_t> editing, QWidget *parent = nullptr);
    // The workload as entered, or the problem with it.
    std::optional<core::Workload> workload(QString *problem = nullptr) const;

private:
    const core::Cluster &mCluster;
    std::optional<size_t> mEditing;
    QLineEdit *mName;
    QComboBox *mNamespace;
    QComboBox *mKind;
    QSpinBox *mReplicas;
    QLineEdit *mLabels;
    QLineEdit *mPorts;
    QLabel *mProblem;
};

} // namespace netfence::ui
