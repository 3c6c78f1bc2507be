#include "ui/allowruledialog.h"

#include "core/clusterpolicyrecipes.h"
#include "core/yamlwriter.h"
#include "ui/document.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include <algorithm>
#include <array>

namespace netfence::ui {

namespace {

QString endpointName(const core::Cluster &c, const core::Endpoint &e)
{
    if (e.isExternal())
        return e.range == core::IPRange::whole(core::IPFamily::V4)
                   ? QObject::tr("the Internet")
                   : QString::fromStdString(e.range.toString());
    return QString::fromStdString(c.workloads[e.workload].qualifiedName());
}

} // namespace

AllowRuleDialog::AllowRuleDialog(const Document *document, const core::AllowRequest &proposal,
                                 QWidget *parent)
    : QDialog(parent), mDocument(document), mProposal(proposal)
{
    const core::Cluster &cluster = document->cluster();
    setWindowTitle(tr("Allow traffic"));
    auto *layout = new QVBoxLayout(this);
    QString target;
    switch (proposal.target) {
    case core::AllowRequest::Target::Workload:
        target = QString::fromStdString(cluster.workloads[proposal.toWorkload].qualifiedName());
        break;
    case core::AllowRequest::Target::Namespace:
        target = tr("every pod of %1").arg(QString::fromStdString(proposal.toNamespace));
        break;
    case core::AllowRequest::Target::External:
        target = proposal.toCidr == "0.0.0.0/0" ? tr("the Internet")
                                                : QString::fromStdString(proposal.toCidr);
        break;
    }
    auto *title = new QLabel(
        tr("<b>Allow %1 → %2</b>")
            .arg(endpointName(cluster, proposal.from).toHtmlEscaped(), target.toHtmlEscaped()));
    layout->addWidget(title);

    auto *form = new QFormLayout;
    auto *portRow = new QHBoxLayout;
    mProtocol = new QComboBox;
    mProtocol->addItems({QStringLiteral("TCP"), QStringLiteral("UDP"), QStringLiteral("SCTP")});
    mPorts = new QLineEdit(QStringLiteral("80"));
    mPorts->setPlaceholderText(tr("every port of the protocol"));
    mPorts->setToolTip(tr("Ports, ranges and port names: 80, 443, 8000-8080, http"));
    portRow->addWidget(mProtocol);
    portRow->addWidget(mPorts, 1);
    form->addRow(tr("Ports:"), portRow);
    // The proposal's port, else what the destination itself listens on.
    std::vector<core::NetworkPolicyPort> initial = proposal.ports;
    if (!(initial.size() == 1 && initial[0].port) &&
        proposal.target == core::AllowRequest::Target::Workload)
        initial = core::PolicyRecipes::defaultPorts(cluster, proposal.toWorkload);
    if (initial.size() == 1 && initial[0].port) {
        mProtocol->setCurrentText(
            QString::fromLatin1(core::protocolName(initial[0].effectiveProtocol()).data()));
        mPorts->setText(QString::number(*initial[0].port));
    }
    if (proposal.target == core::AllowRequest::Target::Workload &&
        !cluster.workloads[proposal.toWorkload].ports.empty()) {
        const core::Workload &w = cluster.workloads[proposal.toWorkload];
        // Made only when it gets a row: a layout with no parent would leak.
        auto *named = new QHBoxLayout;
        for (const core::ContainerPort &p : w.ports) {
            const QString proto = QString::fromLatin1(core::protocolName(p.protocol).data());
            auto *button =
                new QPushButton(p.name.empty() ? QStringLiteral("%1 %2").arg(proto).arg(p.port)
                                               : QStringLiteral("%1 (%2 %3)")
                                                     .arg(QString::fromStdString(p.name), proto)
                                                     .arg(p.port));
            button->setToolTip(tr("Use this container port of the destination"));
            connect(button, &QPushButton::clicked, this, [this, p, proto] {
                mAllTraffic->setChecked(false);
                mProtocol->setCurrentText(proto);
                mPorts->setText(p.name.empty() ? QString::number(p.port)
                                               : QString::fromStdString(p.name));
            });
            named->addWidget(button);
        }
        named->addStretch();
        form->addRow(tr("Destination ports:"), named);
    }
    mAllTraffic = new QCheckBox(tr("All traffic (every protocol and port)"));
    form->addRow(QString(), mAllTraffic);

    // What to write: NetworkPolicies (the default), or one ClusterNetworkPolicy of a tier.
    auto *kindRow = new QHBoxLayout;
    mKind = new QComboBox;
    mKind->addItems({tr("NetworkPolicy"), tr("ClusterNetworkPolicy")});
    mTier = new QComboBox;
    mTier->addItems({QStringLiteral("Admin"), QStringLiteral("Baseline")});
    mAction = new QComboBox;
    mAction->addItems({QStringLiteral("Accept"), QStringLiteral("Deny"), QStringLiteral("Pass")});
    mPriority = new QSpinBox;
    mPriority->setRange(0, 1000);
    mPriority->setValue(100);
    mPriority->setToolTip(tr("0-1000; lower numbers are evaluated first within the tier"));
    kindRow->addWidget(mKind);
    kindRow->addWidget(mTier);
    kindRow->addWidget(mAction);
    kindRow->addWidget(new QLabel(tr("priority")));
    kindRow->addWidget(mPriority);
    kindRow->addStretch();
    form->addRow(tr("Write:"), kindRow);
    auto syncKind = [this] {
        const bool cluster = mKind->currentIndex() == 1;
        mTier->setEnabled(cluster);
        mAction->setEnabled(cluster);
        mPriority->setEnabled(cluster);
    };
    syncKind();

    if (proposal.from.isWorkload()) {
        auto *row = new QHBoxLayout;
        const core::Workload &w = cluster.workloads[proposal.from.workload];
        mSourceLabels = labelBoxes(w.labels, proposal.sourceLabels.value_or(core::Labels{}), row);
        form->addRow(tr("Select the source by:"), row);
    }
    if (proposal.target == core::AllowRequest::Target::Workload) {
        auto *row = new QHBoxLayout;
        const core::Workload &w = cluster.workloads[proposal.toWorkload];
        mDestinationLabels =
            labelBoxes(w.labels, proposal.destinationLabels.value_or(core::Labels{}), row);
        form->addRow(tr("Select the destination by:"), row);
    }
    layout->addLayout(form);

    mError = new QLabel;
    mError->setStyleSheet(QStringLiteral("color: #c62828"));
    mError->setWordWrap(true);
    layout->addWidget(mError);
    layout->addWidget(new QLabel(tr("What will be written:")));
    mPreview = new QPlainTextEdit;
    mPreview->setReadOnly(true);
    mPreview->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    mPreview->setMinimumSize(520, 300);
    layout->addWidget(mPreview, 1);
    mButtons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    mButtons->button(QDialogButtonBox::Ok)->setText(tr("Allow"));
    connect(mButtons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(mButtons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(mButtons);

    connect(mProtocol, &QComboBox::currentTextChanged, this, &AllowRuleDialog::updatePreview);
    connect(mKind, &QComboBox::currentIndexChanged, this, [this, syncKind] {
        syncKind();
        updatePreview();
    });
    connect(mTier, &QComboBox::currentIndexChanged, this, &AllowRuleDialog::updatePreview);
    connect(mAction, &QComboBox::currentIndexChanged, this, &AllowRuleDialog::updatePreview);
    connect(mPriority, &QSpinBox::valueChanged, this, &AllowRuleDialog::updatePreview);
    connect(mPorts, &QLineEdit::textChanged, this, &AllowRuleDialog::updatePreview);
    connect(mAllTraffic, &QCheckBox::toggled, this, [this](bool on) {
        mProtocol->setEnabled(!on);
        mPorts->setEnabled(!on);
        updatePreview();
    });
    for (QCheckBox *box : mSourceLabels + mDestinationLabels)
        connect(box, &QCheckBox::toggled, this, &AllowRuleDialog::updatePreview);
    updatePreview();
}

QList<QCheckBox *> AllowRuleDialog::labelBoxes(const core::Labels &labels,
                                               const core::Labels &checked, QLayout *into)
{
    QList<QCheckBox *> boxes;
    for (const auto &[k, v] : labels) {
        auto *box = new QCheckBox(QString::fromStdString(k + '=' + v));
        box->setProperty("key", QString::fromStdString(k));
        box->setProperty("value", QString::fromStdString(v));
        box->setChecked(checked.count(k) > 0);
        into->addWidget(box);
        boxes << box;
    }
    if (labels.empty()) into->addWidget(new QLabel(tr("(no labels: every pod of its namespace)")));
    return boxes;
}

std::optional<core::AllowRequest> AllowRuleDialog::request() const
{
    core::AllowRequest r = mProposal;
    r.ports.clear();
    if (!mAllTraffic->isChecked()) {
        const auto protocol = core::parseProtocol(mProtocol->currentText().toStdString());
        if (!core::PolicyRecipes::parsePorts(*protocol, mPorts->text().toStdString(), r.ports)
                 .empty())
            return std::nullopt;
    }
    auto labels = [](const QList<QCheckBox *> &boxes) {
        core::Labels l;
        for (QCheckBox *b : boxes)
            if (b->isChecked())
                l[b->property("key").toString().toStdString()] =
                    b->property("value").toString().toStdString();
        return l;
    };
    if (r.from.isWorkload()) r.sourceLabels = labels(mSourceLabels);
    if (r.target == core::AllowRequest::Target::Workload)
        r.destinationLabels = labels(mDestinationLabels);
    r.asClusterPolicy.reset();
    if (mKind->currentIndex() == 1)
        r.asClusterPolicy = core::AllowRequest::ClusterChoice{
            mTier->currentIndex() == 0 ? core::PolicyTier::Admin : core::PolicyTier::Baseline,
            std::array{
                core::ClusterPolicyAction::Accept, core::ClusterPolicyAction::Deny,
                core::ClusterPolicyAction::Pass}[size_t(std::clamp(mAction->currentIndex(), 0, 2))],
            mPriority->value()};
    return r;
}

void AllowRuleDialog::setClusterPolicy(std::optional<core::AllowRequest::ClusterChoice> choice)
{
    if (choice) {
        mTier->setCurrentIndex(choice->tier == core::PolicyTier::Admin ? 0 : 1);
        mAction->setCurrentIndex(int(choice->action));
        mPriority->setValue(choice->priority);
    }
    mKind->setCurrentIndex(choice ? 1 : 0);
    updatePreview();
}

QString AllowRuleDialog::preview() const
{
    return mPreview->toPlainText();
}

void AllowRuleDialog::updatePreview()
{
    std::vector<core::NetworkPolicyPort> ports;
    std::string error;
    if (!mAllTraffic->isChecked())
        error = core::PolicyRecipes::parsePorts(
            *core::parseProtocol(mProtocol->currentText().toStdString()),
            mPorts->text().toStdString(), ports);
    mError->setText(QString::fromStdString(error));
    mButtons->button(QDialogButtonBox::Ok)->setEnabled(error.empty());
    const auto r = request();
    if (!r) {
        mPreview->clear();
        return;
    }
    QString text;
    if (r->asClusterPolicy) {
        const core::ClusterRecipe recipe =
            core::ClusterPolicyRecipes::drawnRule(mDocument->cluster(), *r);
        for (const std::string &n : recipe.notes)
            text += QStringLiteral("# ") + QString::fromStdString(n) + QLatin1Char('\n');
        mButtons->button(QDialogButtonBox::Ok)->setEnabled(!recipe.add.empty());
        for (const core::ClusterNetworkPolicy &p : recipe.add)
            text += QStringLiteral("---\n# %1\n").arg(tr("new cluster policy")) +
                    QString::fromStdString(core::YamlWriter::clusterPolicy(p));
        mPreview->setPlainText(text);
        return;
    }
    const core::Recipe recipe =
        core::PolicyRecipes::allow(mDocument->cluster(), mDocument->evaluator(), *r);
    for (const std::string &n : recipe.notes)
        text += QStringLiteral("# ") + QString::fromStdString(n) + QLatin1Char('\n');
    if (recipe.changes.empty())
        text += tr("# Already allowed by the same rule: nothing to write.\n");
    for (const core::PolicyChange &c : recipe.changes)
        text += QStringLiteral("---\n# %1\n")
                    .arg(c.kind == core::PolicyChange::Kind::Add ? tr("new policy")
                                                                 : tr("extended policy")) +
                QString::fromStdString(core::YamlWriter::policy(c.policy));
    mPreview->setPlainText(text);
}

std::optional<core::AllowRequest>
AllowRuleDialog::ask(const Document *document, const core::AllowRequest &proposal, QWidget *parent)
{
    AllowRuleDialog dialog(document, proposal, parent);
    if (dialog.exec() != QDialog::Accepted) return std::nullopt;
    return dialog.request();
}

} // namespace netfence::ui
