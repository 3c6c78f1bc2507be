#pragma once

#include "core/policyrecipes.h"

#include <QDialog>

#include <optional>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QSpinBox;
class QDialogButtonBox;
class QLayout;

namespace netfence::ui {

class Document;

// Proposes protocol, ports and selector labels for a drawn rule and previews the policies it
// will write, with the reasons (e.g. that the egress side is needed too).
class AllowRuleDialog : public QDialog
{
    Q_OBJECT

public:
    AllowRuleDialog(const Document *document, const core::AllowRequest &proposal,
                    QWidget *parent = nullptr);

    // The request as the user has set it; nothing when the input is invalid.
    std::optional<core::AllowRequest> request() const;

    // The choice of what to write, for tests: a NetworkPolicy, or a ClusterNetworkPolicy.
    void setClusterPolicy(std::optional<core::AllowRequest::ClusterChoice> choice);
    // What the dialog will write, as shown to the user.
    QString preview() const;

    static std::optional<core::AllowRequest>
    ask(const Document *document, const core::AllowRequest &proposal, QWidget *parent);

private:
    void updatePreview();
    QList<QCheckBox *> labelBoxes(const core::Labels &labels, const core::Labels &checked,
                                  QLayout *into);

    const Document *mDocument;
    core::AllowRequest mProposal;
    QComboBox *mProtocol;
    QLineEdit *mPorts;
    QCheckBox *mAllTraffic;
    // "NetworkPolicy" or "ClusterNetworkPolicy", and the latter's tier, action and priority.
    QComboBox *mKind;
    QComboBox *mTier;
    QComboBox *mAction;
    QSpinBox *mPriority;
    QList<QCheckBox *> mSourceLabels;
    QList<QCheckBox *> mDestinationLabels;
    QPlainTextEdit *mPreview;
    QLabel *mError;
    QDialogButtonBox *mButtons;
};

} // namespace netfence::ui
