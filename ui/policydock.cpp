#include "ui/policydock.h"

#include "core/clusteredits.h"
#include "core/kubernetesnames.h"
#include "core/manifestloader.h"
#include "core/textsyntax.h"
#include "core/yamlwriter.h"
#include "ui/document.h"

#include <QCheckBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMap>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTabWidget>
#include <QTextBlock>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace netfence::ui {

PolicyDock::PolicyDock(Document *document, QWidget *parent)
    : QDockWidget(tr("Policies"), parent), mDocument(document)
{
    setObjectName(QStringLiteral("PolicyDock"));
    auto *splitter = new QSplitter(Qt::Vertical);

    auto *top = new QWidget;
    auto *topLayout = new QVBoxLayout(top);
    topLayout->setContentsMargins(0, 0, 0, 0);
    mList = new QTreeWidget;
    mList->setHeaderLabels({tr("Policy"), tr("Types")});
    mList->header()->setStretchLastSection(false);
    mList->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    topLayout->addWidget(mList);
    auto *buttons = new QHBoxLayout;
    auto *add = new QPushButton(tr("New"));
    auto *remove = new QPushButton(tr("Delete"));
    auto *addCluster = new QPushButton(tr("New cluster"));
    addCluster->setToolTip(
        tr("Add a ClusterNetworkPolicy (Admin tier, no rules yet) and edit it as YAML"));
    buttons->addWidget(add);
    buttons->addWidget(addCluster);
    buttons->addWidget(remove);
    buttons->addStretch();
    topLayout->addLayout(buttons);
    splitter->addWidget(top);

    mTabs = new QTabWidget;
    auto *form = new QWidget;
    auto *formLayout = new QFormLayout(form);
    mName = new QLineEdit;
    mSelector = new QLineEdit;
    mSelector->setPlaceholderText(tr("{} selects every pod of the namespace"));
    mSelector->setToolTip(tr("app=web, tier in (a,b), env notin (prod), debug, !canary"));
    mIngress = new QCheckBox(tr("Ingress"));
    mEgress = new QCheckBox(tr("Egress"));
    auto *types = new QHBoxLayout;
    types->addWidget(mIngress);
    types->addWidget(mEgress);
    types->addStretch();
    mRules = new QTreeWidget;
    mRules->setHeaderHidden(true);
    auto *ruleButtons = new QHBoxLayout;
    // Short labels keep the dock narrow; the graph needs the width.
    auto *removeRule = new QPushButton(tr("Remove"));
    removeRule->setToolTip(tr("Remove the selected rule"));
    auto *addIngress = new QPushButton(tr("+ Ingress"));
    addIngress->setToolTip(tr("Add an ingress rule"));
    auto *addEgress = new QPushButton(tr("+ Egress"));
    addEgress->setToolTip(tr("Add an egress rule"));
    ruleButtons->addWidget(addIngress);
    ruleButtons->addWidget(addEgress);
    ruleButtons->addWidget(removeRule);
    auto *applyForm = new QPushButton(tr("Apply"));
    formLayout->addRow(tr("Name:"), mName);
    formLayout->addRow(tr("podSelector:"), mSelector);
    formLayout->addRow(tr("policyTypes:"), types);
    formLayout->addRow(tr("Rules:"), mRules);
    formLayout->addRow(QString(), ruleButtons);
    formLayout->addRow(QString(), applyForm);
    mTabs->addTab(form, tr("Form"));

    auto *yamlPage = new QWidget;
    auto *yamlLayout = new QVBoxLayout(yamlPage);
    mYaml = new QPlainTextEdit;
    mYaml->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    mYaml->setLineWrapMode(QPlainTextEdit::NoWrap);
    yamlLayout->addWidget(mYaml);
    mApply = new QPushButton(tr("Apply YAML"));
    yamlLayout->addWidget(mApply);
    mTabs->addTab(yamlPage, tr("YAML"));

    auto *bottom = new QWidget;
    auto *bottomLayout = new QVBoxLayout(bottom);
    bottomLayout->setContentsMargins(0, 0, 0, 0);
    bottomLayout->addWidget(mTabs);
    mProblem = new QLabel;
    mProblem->setWordWrap(true);
    mProblem->setStyleSheet(QStringLiteral("color: #c62828"));
    bottomLayout->addWidget(mProblem);
    splitter->addWidget(bottom);
    setWidget(splitter);

    connect(mList, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem *item) {
        if (mUpdating) return;
        const QVariant v = item ? item->data(0, Qt::UserRole) : QVariant();
        mCurrent = v.isValid() ? v.toInt() : -1;
        const QVariant cluster = item ? item->data(0, kClusterPolicyRole) : QVariant();
        mCurrentCluster = cluster.isValid() ? cluster.toInt() : -1;
        rememberKeys();
        showCurrent();
        emit currentPolicyChanged(mCurrent);
        emit currentClusterPolicyChanged(mCurrentCluster);
    });
    connect(add, &QPushButton::clicked, this, [this] {
        const auto &policies = mDocument->cluster().policies;
        QString ns = mCurrent >= 0
                         ? QString::fromStdString(policies[size_t(mCurrent)].namespaceName)
                     : mNamespaceChooser ? mNamespaceChooser()
                                         : QStringLiteral("default");
        if (QTreeWidgetItem *item = mList->currentItem();
            item && !item->data(0, Qt::UserRole).isValid() &&
            !item->data(0, kClusterPolicyRole).isValid())
            ns = item->text(0);
        newPolicy(ns);
    });
    connect(addCluster, &QPushButton::clicked, this, &PolicyDock::newClusterPolicy);
    connect(remove, &QPushButton::clicked, this, &PolicyDock::deleteCurrent);
    connect(mApply, &QPushButton::clicked, this, &PolicyDock::applyYaml);
    connect(applyForm, &QPushButton::clicked, this, &PolicyDock::applyForm);
    connect(addIngress, &QPushButton::clicked, this, [this] {
        if (mCurrent >= 0)
            mDocument->edit(tr("Add ingress rule"),
                            core::ClusterEdits::addRule(mDocument->cluster(), size_t(mCurrent),
                                                        core::PolicyType::Ingress));
    });
    connect(addEgress, &QPushButton::clicked, this, [this] {
        if (mCurrent >= 0)
            mDocument->edit(tr("Add egress rule"),
                            core::ClusterEdits::addRule(mDocument->cluster(), size_t(mCurrent),
                                                        core::PolicyType::Egress));
    });
    connect(removeRule, &QPushButton::clicked, this, [this] {
        QTreeWidgetItem *item = mRules->currentItem();
        while (item && item->parent())
            item = item->parent();
        if (!item || mCurrent < 0) return;
        const bool ingress = item->data(0, Qt::UserRole).toString() == QLatin1String("ingress");
        const int index = item->data(0, Qt::UserRole + 1).toInt();
        if (index >= 0)
            mDocument->edit(tr("Remove rule"),
                            core::ClusterEdits::removeRule(mDocument->cluster(), size_t(mCurrent),
                                                           ingress ? core::PolicyType::Ingress
                                                                   : core::PolicyType::Egress,
                                                           size_t(index)));
    });
    connect(document, &Document::changed, this, [this](const DocumentChange &change) {
        // The selection follows its policy by key: an insert or an undo moves indices, not it.
        mCurrent = mDocument->policyIndex(mCurrentKey);
        mCurrentCluster = mDocument->clusterPolicyIndex(mCurrentClusterKey);
        // The list names namespaces and policies only (2,000 policies take 10 to 40 ms), and
        // most policy edits change neither a name nor a direction.
        if ((change.loaded || (change.what & (Change::Namespaces | Change::Policies))) &&
            listRows() != mListRows)
            rebuildList();
        showCurrent();
    });
    rebuildList();
}

QStringList PolicyDock::listRows() const
{
    const core::Cluster &cluster = mDocument->cluster();
    QStringList rows;
    rows.reserve(qsizetype(cluster.namespaces.size() + cluster.policies.size() +
                           cluster.clusterPolicies.size()));
    for (const core::Namespace &ns : cluster.namespaces)
        rows << QString::fromStdString(ns.name);
    for (const core::NetworkPolicy &p : cluster.policies)
        rows << QString::fromStdString(p.namespaceName + '\n' + p.name + '\n' +
                                       (p.affectsIngress() ? "I" : "") +
                                       (p.affectsEgress() ? "E" : ""));
    for (size_t i : core::clusterPolicyOrder(cluster.clusterPolicies)) {
        const core::ClusterNetworkPolicy &p = cluster.clusterPolicies[i];
        rows << QString::fromStdString(std::to_string(i) + '\n' + p.name + '\n' + p.displayName() +
                                       '\n' + core::tierName(p.tier) + '\n' +
                                       std::to_string(p.priority));
    }
    return rows;
}

void PolicyDock::rebuildList()
{
    mListRows = listRows();
    mUpdating = true;
    mList->clear();
    const auto &policies = mDocument->cluster().policies;
    if (mCurrent >= int(policies.size())) mCurrent = -1;
    if (mCurrentCluster >= int(mDocument->cluster().clusterPolicies.size())) mCurrentCluster = -1;
    QMap<QString, QTreeWidgetItem *> groups;
    for (const core::Namespace &ns : mDocument->cluster().namespaces) {
        auto *g = new QTreeWidgetItem(mList, {QString::fromStdString(ns.name)});
        g->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
        groups.insert(QString::fromStdString(ns.name), g);
    }
    for (size_t i = 0; i < policies.size(); ++i) {
        const core::NetworkPolicy &p = policies[i];
        QTreeWidgetItem *g = groups.value(QString::fromStdString(p.namespaceName));
        if (!g) continue;
        QStringList types;
        if (p.affectsIngress()) types << tr("Ingress");
        if (p.affectsEgress()) types << tr("Egress");
        auto *item = new QTreeWidgetItem(
            g, {QString::fromStdString(p.name), types.join(QLatin1String(", "))});
        item->setData(0, Qt::UserRole, int(i));
        if (int(i) == mCurrent) mList->setCurrentItem(item);
    }
    // Cluster-wide policies: in evaluation order (Admin by priority, then
    // Baseline), each with its tier and priority.
    const auto &clusterPolicies = mDocument->cluster().clusterPolicies;
    if (!clusterPolicies.empty()) {
        auto *g = new QTreeWidgetItem(mList, {tr("Cluster")});
        g->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
        g->setData(0, kClusterPolicyRole, -1); // not a namespace: "New" does not use its name
        g->setToolTip(
            0,
            tr("AdminNetworkPolicy, BaselineAdminNetworkPolicy and ClusterNetworkPolicy objects, "
               "in evaluation order"));
        for (size_t i : core::clusterPolicyOrder(clusterPolicies)) {
            const core::ClusterNetworkPolicy &p = clusterPolicies[i];
            const QString tier = QString::fromUtf8(core::tierName(p.tier));
            const QString order = p.kind == core::ClusterPolicyKind::BaselineAdminNetworkPolicy
                                      ? tier
                                      : tr("%1, priority %2").arg(tier).arg(p.priority);
            auto *item = new QTreeWidgetItem(g, {QString::fromStdString(p.name), order});
            item->setData(0, kClusterPolicyRole, int(i));
            item->setToolTip(0, QString::fromStdString(p.displayName()));
            if (int(i) == mCurrentCluster) mList->setCurrentItem(item);
        }
    }
    mList->expandAll();
    mUpdating = false;
}

void PolicyDock::showClusterPolicy(int index)
{
    const auto &policies = mDocument->cluster().clusterPolicies;
    if (index < 0 || index >= int(policies.size())) return;
    const core::ClusterNetworkPolicy &p = policies[size_t(index)];
    mTabs->setEnabled(true);
    // The YAML editor is the cluster policy's editor; the form is NetworkPolicy's.
    mTabs->widget(0)->setEnabled(false);
    mTabs->setCurrentIndex(1);
    mName->setText(QString::fromStdString(p.name));
    mSelector->clear();
    mRules->clear();
    for (const bool ingress : {true, false}) {
        const auto &rules = ingress ? p.ingress : p.egress;
        for (size_t i = 0; i < rules.size(); ++i) {
            const core::ClusterPolicyRule &r = rules[i];
            auto *item = new QTreeWidgetItem(
                mRules, {QStringLiteral("%1[%2] %3 %4")
                             .arg(ingress ? QStringLiteral("ingress") : QStringLiteral("egress"))
                             .arg(i)
                             .arg(QString::fromStdString(r.name))
                             .arg(QString::fromUtf8(core::actionName(r.action, p.kind)))});
            for (const core::ClusterPolicyPeer &peer : r.peers)
                new QTreeWidgetItem(item, {(ingress ? tr("from: ") : tr("to: ")) +
                                           QString::fromStdString(peer.toString())});
            if (r.ports.empty()) new QTreeWidgetItem(item, {tr("ports: all")});
            for (const core::ClusterPolicyPort &port : r.ports)
                new QTreeWidgetItem(item, {tr("port: ") + QString::fromStdString(port.toString())});
        }
    }
    mRules->expandAll();
    mYaml->setPlainText(QString::fromStdString(core::YamlWriter::clusterPolicy(p)));
}

void PolicyDock::selectClusterPolicy(int index)
{
    mCurrent = -1;
    mCurrentCluster = index;
    rememberKeys();
    rebuildList();
    showCurrent();
    emit currentPolicyChanged(mCurrent);
    emit currentClusterPolicyChanged(mCurrentCluster);
}

void PolicyDock::selectPolicy(int index)
{
    mCurrent = index;
    if (index >= 0 && mCurrentCluster >= 0) {
        mCurrentCluster = -1;
        emit currentClusterPolicyChanged(-1);
    }
    rememberKeys();
    rebuildList();
    showCurrent();
    emit currentPolicyChanged(mCurrent);
}

void PolicyDock::rememberKeys()
{
    mCurrentKey = mCurrent >= 0 ? mDocument->policyKey(size_t(mCurrent)) : core::kNoPolicyKey;
    mCurrentClusterKey = mCurrentCluster >= 0 ? mDocument->clusterPolicyKey(size_t(mCurrentCluster))
                                              : core::kNoPolicyKey;
}

void PolicyDock::showCurrent()
{
    mYaml->setReadOnly(false);
    mApply->setEnabled(true);
    mProblem->clear();
    mYaml->setExtraSelections({});
    mTabs->widget(0)->setEnabled(true);
    if (mCurrentCluster >= 0 &&
        mCurrentCluster < int(mDocument->cluster().clusterPolicies.size())) {
        showClusterPolicy(mCurrentCluster);
        return;
    }
    const auto &policies = mDocument->cluster().policies;
    const bool has = mCurrent >= 0 && mCurrent < int(policies.size());
    mTabs->setEnabled(has);
    mRules->clear();
    if (!has) {
        mName->clear();
        mSelector->clear();
        mYaml->clear();
        return;
    }
    const core::NetworkPolicy &p = policies[size_t(mCurrent)];
    mName->setText(QString::fromStdString(p.name));
    mSelector->setText(p.podSelector.isEmpty() ? QStringLiteral("{}")
                                               : QString::fromStdString(p.podSelector.toString()));
    mIngress->setChecked(p.affectsIngress());
    mEgress->setChecked(p.affectsEgress());
    auto addRules = [&](const std::vector<core::NetworkPolicyRule> &rules, const QString &key) {
        for (size_t i = 0; i < rules.size(); ++i) {
            auto *item = new QTreeWidgetItem(mRules, {QStringLiteral("%1[%2]").arg(key).arg(i)});
            item->setData(0, Qt::UserRole, key);
            item->setData(0, Qt::UserRole + 1, int(i));
            const QString dir = key == QLatin1String("ingress") ? tr("from") : tr("to");
            if (rules[i].peers.empty()) new QTreeWidgetItem(item, {dir + tr(": everyone")});
            for (const core::NetworkPolicyPeer &peer : rules[i].peers)
                new QTreeWidgetItem(
                    item, {dir + QStringLiteral(": ") + QString::fromStdString(peer.toString())});
            if (rules[i].ports.empty()) new QTreeWidgetItem(item, {tr("ports: all")});
            for (const core::NetworkPolicyPort &port : rules[i].ports)
                new QTreeWidgetItem(item, {tr("port: ") + QString::fromStdString(port.toString())});
        }
    };
    addRules(p.ingress, QStringLiteral("ingress"));
    addRules(p.egress, QStringLiteral("egress"));
    mRules->expandAll();
    mYaml->setPlainText(QString::fromStdString(core::YamlWriter::policy(p)));
}

void PolicyDock::showDiagnostics(const QString &text, int line)
{
    mProblem->setText(text);
    QList<QTextEdit::ExtraSelection> marks;
    if (line > 0) {
        QTextEdit::ExtraSelection mark;
        mark.cursor = QTextCursor(mYaml->document()->findBlockByNumber(line - 1));
        mark.format.setBackground(QColor(255, 205, 210));
        mark.format.setProperty(QTextFormat::FullWidthSelection, true);
        marks << mark;
    }
    mYaml->setExtraSelections(marks);
}

QString PolicyDock::applyYaml()
{
    if (mCurrentCluster >= 0) return applyClusterYaml();
    if (mCurrent < 0) return tr("No policy selected");
    const core::LoadResult r =
        core::ManifestLoader::loadText(mYaml->toPlainText().toStdString(), "policy.yaml");
    QString problem;
    int line = 0;
    for (const core::Diagnostic &d : r.diagnostics)
        if (d.severity == core::Severity::Error && problem.isEmpty()) {
            problem = tr("Line %1: %2").arg(d.location.line).arg(QString::fromStdString(d.message));
            line = d.location.line;
        }
    if (problem.isEmpty() && (r.cluster.policies.size() != 1 || !r.cluster.workloads.empty()))
        problem = tr("The text must hold exactly one NetworkPolicy.");
    const std::vector<core::NetworkPolicy> &policies = mDocument->cluster().policies;
    if (problem.isEmpty()) {
        const core::NetworkPolicy &edited = r.cluster.policies.front();
        for (size_t i = 0; i < policies.size(); ++i)
            if (int(i) != mCurrent && policies[i].qualifiedName() == edited.qualifiedName())
                problem = tr("A policy named %1 already exists.")
                              .arg(QString::fromStdString(edited.qualifiedName()));
    }
    if (!problem.isEmpty()) {
        showDiagnostics(problem, line);
        return problem;
    }
    core::NetworkPolicy edited = r.cluster.policies.front();
    edited.location = policies[size_t(mCurrent)].location;
    if (edited == policies[size_t(mCurrent)]) {
        showDiagnostics(QString(), 0);
        return {};
    }
    mDocument->edit(tr("Edit %1").arg(QString::fromStdString(edited.qualifiedName())),
                    core::ClusterEdits::replacePolicy(mDocument->cluster(), size_t(mCurrent),
                                                      std::move(edited)));
    return {};
}

QString PolicyDock::applyForm()
{
    if (mCurrent < 0) return tr("No policy selected");
    const std::vector<core::NetworkPolicy> &policies = mDocument->cluster().policies;
    core::NetworkPolicy p = policies[size_t(mCurrent)];
    core::LabelSelector selector;
    if (std::string err =
            core::TextSyntax::parseSelector(mSelector->text().toStdString(), selector);
        !err.empty()) {
        showDiagnostics(tr("podSelector: %1").arg(QString::fromStdString(err)), 0);
        return mProblem->text();
    }
    const std::string name = mName->text().trimmed().toStdString();
    if (std::string err = core::KubernetesNames::checkDnsSubdomain(name); !err.empty()) {
        showDiagnostics(tr("Name: %1").arg(QString::fromStdString(err)), 0);
        return mProblem->text();
    }
    for (size_t i = 0; i < policies.size(); ++i)
        if (int(i) != mCurrent && policies[i].namespaceName == p.namespaceName &&
            policies[i].name == name) {
            showDiagnostics(tr("A policy with that name already exists in %1.")
                                .arg(QString::fromStdString(p.namespaceName)),
                            0);
            return mProblem->text();
        }
    if (!mIngress->isChecked() && !mEgress->isChecked()) {
        showDiagnostics(tr("A policy needs Ingress, Egress or both."), 0);
        return mProblem->text();
    }
    p.name = name;
    p.podSelector = selector;
    p.policyTypes.clear();
    if (mIngress->isChecked()) p.policyTypes.push_back(core::PolicyType::Ingress);
    if (mEgress->isChecked()) p.policyTypes.push_back(core::PolicyType::Egress);
    if (p == mDocument->cluster().policies[size_t(mCurrent)]) return {};
    const QString text = tr("Edit %1").arg(QString::fromStdString(p.qualifiedName()));
    mDocument->edit(text, core::ClusterEdits::replacePolicy(mDocument->cluster(), size_t(mCurrent),
                                                            std::move(p)));
    return {};
}

void PolicyDock::newPolicy(const QString &ns)
{
    const std::string name =
        core::ClusterEdits::uniquePolicyName(mDocument->cluster(), ns.toStdString());
    const int index = int(mDocument->cluster().policies.size());
    mDocument->edit(tr("New policy %1/%2").arg(ns, QString::fromStdString(name)),
                    core::ClusterEdits::newPolicy(mDocument->cluster(), ns.toStdString()));
    selectWhenMade(
        [this, index, name, ns] {
            const auto &policies = mDocument->cluster().policies;
            return index < int(policies.size()) && policies[size_t(index)].name == name &&
                   policies[size_t(index)].namespaceName == ns.toStdString();
        },
        [this, index] { selectPolicy(index); });
}

void PolicyDock::selectWhenMade(std::function<bool()> made, std::function<void()> select)
{
    if (!mDocument->isEvaluatingEdit()) {
        select();
        return;
    }
    auto connection = std::make_shared<QMetaObject::Connection>();
    *connection = connect(mDocument, &Document::changed, this, [connection, made, select] {
        QObject::disconnect(*connection); // the next change only: a cancelled edit makes none
        if (made()) select();
    });
}

QString PolicyDock::applyClusterYaml()
{
    const auto &current = mDocument->cluster().clusterPolicies;
    if (mCurrentCluster < 0 || mCurrentCluster >= int(current.size()))
        return tr("No cluster policy selected");
    const core::LoadResult r =
        core::ManifestLoader::loadText(mYaml->toPlainText().toStdString(), "cluster-policy.yaml");
    QString problem;
    int line = 0;
    for (const core::Diagnostic &d : r.diagnostics)
        if (d.severity == core::Severity::Error && problem.isEmpty()) {
            problem = tr("Line %1: %2").arg(d.location.line).arg(QString::fromStdString(d.message));
            line = d.location.line;
        }
    if (problem.isEmpty() && (r.cluster.clusterPolicies.size() != 1 ||
                              !r.cluster.policies.empty() || !r.cluster.workloads.empty()))
        problem = tr("The text must hold exactly one ClusterNetworkPolicy, AdminNetworkPolicy or "
                     "BaselineAdminNetworkPolicy.");
    if (problem.isEmpty()) {
        const core::ClusterNetworkPolicy &edited = r.cluster.clusterPolicies.front();
        for (size_t i = 0; i < current.size(); ++i)
            if (int(i) != mCurrentCluster && current[i].kind == edited.kind &&
                current[i].name == edited.name)
                problem = tr("A %1 named %2 already exists.")
                              .arg(QString::fromUtf8(core::clusterPolicyKindName(edited.kind)),
                                   QString::fromStdString(edited.name));
    }
    if (!problem.isEmpty()) {
        showDiagnostics(problem, line);
        return problem;
    }
    core::ClusterNetworkPolicy edited = r.cluster.clusterPolicies.front();
    edited.location = current[size_t(mCurrentCluster)].location;
    if (edited == current[size_t(mCurrentCluster)]) {
        showDiagnostics(QString(), 0);
        return {};
    }
    const QString text = tr("Edit %1").arg(QString::fromStdString(edited.shortName()));
    mDocument->edit(text, core::ClusterEdits::replaceClusterPolicy(
                              mDocument->cluster(), size_t(mCurrentCluster), std::move(edited)));
    return {};
}

void PolicyDock::newClusterPolicy()
{
    const core::ClusterChange change = core::ClusterEdits::newClusterPolicy(mDocument->cluster());
    const int index = int(mDocument->cluster().clusterPolicies.size());
    const auto &added = std::get<core::ClusterPolicyStep>(change.steps().front()).after;
    const std::string name = added->shortName();
    mDocument->edit(tr("New cluster policy %1").arg(QString::fromStdString(name)), change);
    selectWhenMade(
        [this, index, name] {
            const auto &policies = mDocument->cluster().clusterPolicies;
            return index < int(policies.size()) && policies[size_t(index)].shortName() == name;
        },
        [this, index] { selectClusterPolicy(index); });
}

void PolicyDock::deleteCurrent()
{
    if (mCurrentCluster >= 0) {
        const auto &policies = mDocument->cluster().clusterPolicies;
        if (mCurrentCluster >= int(policies.size())) return;
        const QString name = QString::fromStdString(policies[size_t(mCurrentCluster)].shortName());
        const size_t index = size_t(mCurrentCluster);
        mCurrentCluster = -1;
        mCurrentClusterKey = core::kNoPolicyKey;
        mDocument->edit(tr("Delete %1").arg(name),
                        core::ClusterEdits::removeClusterPolicy(mDocument->cluster(), index));
        emit currentClusterPolicyChanged(-1);
        return;
    }
    if (mCurrent < 0) return;
    const QString name =
        QString::fromStdString(mDocument->cluster().policies[size_t(mCurrent)].qualifiedName());
    const size_t index = size_t(mCurrent);
    mCurrent = -1;
    mCurrentKey = core::kNoPolicyKey;
    mDocument->edit(tr("Delete %1").arg(name),
                    core::ClusterEdits::removePolicy(mDocument->cluster(), index));
    emit currentPolicyChanged(-1);
}

} // namespace netfence::ui
