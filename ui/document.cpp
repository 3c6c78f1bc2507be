#include "ui/document.h"

#include "core/manifestloader.h"
#include "core/regularfile.h"
#include "ui/changeclustercommand.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

#include <cmath>

// The built-in labs live in a static library's resources, which need registering once.
static void initNetfenceResources()
{
    static const bool done = [] {
        Q_INIT_RESOURCE(resources);
        return true;
    }();
    (void)done;
}

namespace netfence::ui {

Document::Document(QObject *parent) : QObject(parent)
{
    initNetfenceResources();
    mEvaluator = std::make_unique<core::Evaluator>(mCluster);
}

Document::~Document() = default;

void Document::evaluate()
{
    mEvaluator = std::make_unique<core::Evaluator>(mCluster);
    mEvaluator->evaluateAll(0);
}

void Document::load(const QStringList &paths)
{
    core::ManifestLoader loader;
    for (const QString &path : paths) {
        if (path.startsWith(QLatin1String(":/"))) {
            // Qt resources: the built-in labs.
            QFile file(path);
            if (file.open(QIODevice::ReadOnly))
                loader.addText(file.readAll().toStdString(), path.toStdString());
            else
                loader.addPath(path.toStdString()); // reports "no such file"
            continue;
        }
        loader.addPath(QDir::cleanPath(path).toStdString());
    }
    setContents(loader.finish(), paths);
}

void Document::setContents(core::LoadResult result, const QStringList &paths,
                           const QHash<QString, QPointF> &positions, std::unique_ptr<core::Evaluator> evaluated)
{
    mUndoStack.clear();
    mCluster = std::move(result.cluster);
    mDiagnostics = std::move(result.diagnostics);
    mPaths = paths;
    mPositions.clear();
    mPositionsChanged = false;
    mRecovered = false;
    if (evaluated) {
        evaluated->rebind(mCluster);
        mEvaluator = std::move(evaluated);
    } else {
        evaluate();
    }
    loadLayoutFile();
    for (auto it = positions.begin(); it != positions.end(); ++it)
        if (isUsablePosition(it.value()))
            mPositions.insert(it.key(), it.value());
    emit loaded();
    emit changed(Change::Everything);
}

void Document::loadText(const QString &text, const QString &name)
{
    setContents(core::ManifestLoader::loadText(text.toStdString(), name.toStdString()), {});
}

void Document::clear()
{
    loadText(QString(), QString());
}

void Document::reload()
{
    if (!mPaths.isEmpty())
        load(mPaths);
}

void Document::swapCluster(core::Cluster &other, Changes what)
{
    std::swap(mCluster, other);
    evaluate();
    emit changed(what);
}

// Announces to the evaluator how `now` differs from `before`: edits in place, then additions
// at the end, or one removal; anything else is a full evaluation (returns false).
template <typename T, typename Changed, typename Added, typename Removed>
static bool announceEdits(const std::vector<T> &now, const std::vector<T> &before, Changed changed,
                          Added added, Removed removed)
{
    const size_t common = std::min(now.size(), before.size());
    size_t firstDifference = 0;
    while (firstDifference < common && now[firstDifference] == before[firstDifference])
        ++firstDifference;
    if (now.size() >= before.size()) {
        for (size_t i = firstDifference; i < common; ++i)
            if (!(now[i] == before[i]))
                changed(i);
        for (size_t i = before.size(); i < now.size(); ++i)
            added(i);
        return true;
    }
    if (now.size() + 1 == before.size() &&
        std::equal(now.begin() + long(firstDifference), now.end(), before.begin() + long(firstDifference) + 1)) {
        removed(firstDifference);
        return true;
    }
    return false;
}

void Document::swapPolicies(std::vector<core::NetworkPolicy> &other)
{
    std::vector<core::ClusterNetworkPolicy> same = mCluster.clusterPolicies;
    swapAllPolicies(other, same);
}

void Document::swapAllPolicies(std::vector<core::NetworkPolicy> &policies,
                               std::vector<core::ClusterNetworkPolicy> &clusterPolicies)
{
    std::swap(mCluster.policies, policies);
    std::swap(mCluster.clusterPolicies, clusterPolicies);
    const bool policiesChanged = mCluster.policies != policies;
    const bool clusterPoliciesChanged = mCluster.clusterPolicies != clusterPolicies;
    core::Evaluator &ev = *mEvaluator;
    // Tell the evaluator what changed, so only the classes those policies touch are redone.
    // Both kinds at once is rare (a whole-document edit): evaluate everything then.
    bool incremental = !(policiesChanged && clusterPoliciesChanged);
    if (incremental && policiesChanged)
        incremental = announceEdits(
            mCluster.policies, policies, [&](size_t i) { ev.policyChanged(i); },
            [&](size_t i) { ev.policyAdded(i); }, [&](size_t i) { ev.policyRemoved(i); });
    else if (incremental && clusterPoliciesChanged)
        incremental = announceEdits(
            mCluster.clusterPolicies, clusterPolicies, [&](size_t i) { ev.clusterPolicyChanged(i); },
            [&](size_t i) { ev.clusterPolicyAdded(i); }, [&](size_t i) { ev.clusterPolicyRemoved(i); });
    if (!incremental)
        evaluate();
    emit changed(Change::Policies);
}

void Document::setPositions(const QHash<QString, QPointF> &changed)
{
    for (auto it = changed.begin(); it != changed.end(); ++it)
        mPositions.insert(it.key(), it.value());
    emit this->changed(Change::Positions);
}

void Document::movePositions(const QHash<QString, QPointF> &changed)
{
    mPositionsChanged = true;
    setPositions(changed);
}

void Document::changePolicies(const QString &text, std::vector<core::NetworkPolicy> policies)
{
    core::Cluster after = mCluster;
    after.policies = std::move(policies);
    mUndoStack.push(new ChangeClusterCommand(this, text, std::move(after), Change::Policies));
}

void Document::changeClusterPolicies(const QString &text, std::vector<core::ClusterNetworkPolicy> policies)
{
    core::Cluster after = mCluster;
    after.clusterPolicies = std::move(policies);
    mUndoStack.push(new ChangeClusterCommand(this, text, std::move(after), Change::Policies));
}

void Document::changeCluster(const QString &text, core::Cluster cluster, Changes what)
{
    mUndoStack.push(new ChangeClusterCommand(this, text, std::move(cluster), what));
}

QString Document::nodeId(const core::Cluster &cluster, const core::Endpoint &endpoint)
{
    if (endpoint.isWorkload())
        return QString::fromStdString(cluster.workloads[endpoint.workload].qualifiedName());
    return QStringLiteral("ext:") + QString::fromStdString(endpoint.range.toString());
}

QString Document::layoutFile() const
{
    if (mPaths.isEmpty() || mPaths.front().startsWith(QLatin1String(":/")))
        return {};
    const QFileInfo first(mPaths.front());
    if (first.isDir())
        return QDir(first.absoluteFilePath()).filePath(QStringLiteral(".netfence-layout.json"));
    return first.absoluteDir().filePath(first.completeBaseName() + QStringLiteral(".netfence-layout.json"));
}

bool Document::isUsablePosition(const QPointF &p)
{
    return std::isfinite(p.x()) && std::isfinite(p.y()) && std::abs(p.x()) <= kMaxCoordinate &&
           std::abs(p.y()) <= kMaxCoordinate;
}

bool Document::loadLayoutFile()
{
    const QString file = layoutFile();
    if (file.isEmpty())
        return false;
    auto report = [&](const QString &problem) {
        core::Diagnostic d;
        d.severity = core::Severity::Warning;
        d.location.file = file.toStdString();
        d.message = problem.toStdString();
        mDiagnostics.push_back(std::move(d));
    };
    const core::RegularFile::ReadResult read = core::RegularFile::read(QFile::encodeName(file).toStdString(),
                                                                       size_t(kMaxLayoutFileBytes));
    if (read.status == core::RegularFile::ReadResult::Status::Missing)
        return false;
    if (read.status != core::RegularFile::ReadResult::Status::Ok) {
        report(tr("the layout side file is not used: %1; the automatic layout is used")
                   .arg(QString::fromStdString(read.error)));
        return false;
    }
    QJsonParseError error;
    const QJsonDocument json = QJsonDocument::fromJson(QByteArray::fromStdString(read.text), &error);
    if (error.error != QJsonParseError::NoError || !json.isObject()) {
        report(tr("the layout side file is not used: it is not a JSON object (%1 at byte %2); the automatic "
                  "layout is used")
                   .arg(error.error != QJsonParseError::NoError ? error.errorString() : tr("another value"))
                   .arg(error.offset));
        return false;
    }
    const QJsonObject nodes = json.object().value("nodes").toObject();
    int rejected = 0;
    for (auto it = nodes.begin(); it != nodes.end(); ++it) {
        const QJsonArray xy = it.value().toArray();
        const QPointF p(xy.size() == 2 && xy[0].isDouble() ? xy[0].toDouble() : qQNaN(),
                        xy.size() == 2 && xy[1].isDouble() ? xy[1].toDouble() : qQNaN());
        if (!isUsablePosition(p)) {
            ++rejected;
            continue;
        }
        mPositions.insert(it.key(), p);
    }
    if (rejected > 0)
        report((rejected == 1 ? tr("1 node position in the layout side file ignored")
                              : tr("%1 node positions in the layout side file ignored").arg(rejected)) +
               tr(": not two finite numbers within ±%1; those nodes are placed automatically").arg(kMaxCoordinate, 0, 'g'));
    return !mPositions.isEmpty();
}

bool Document::saveLayoutFile(QString *error)
{
    if (layoutFile().isEmpty())
        return false;
    QJsonObject nodes;
    for (auto it = mPositions.begin(); it != mPositions.end(); ++it)
        nodes.insert(it.key(), QJsonArray{it.value().x(), it.value().y()});
    QJsonObject root{{"format", "netfence-layout-1"}, {"nodes", nodes}};
    std::string why;
    if (!core::RegularFile::write(QFile::encodeName(layoutFile()).toStdString(),
                                  QJsonDocument(root).toJson().toStdString(), &why)) {
        if (error)
            *error = tr("Node positions not saved to %1: %2.").arg(layoutFile(), QString::fromStdString(why));
        return false;
    }
    mPositionsChanged = false;
    return true;
}

} // namespace netfence::ui
