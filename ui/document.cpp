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
                           const QHash<QString, QPointF> &positions)
{
    mUndoStack.clear();
    mCluster = std::move(result.cluster);
    mDiagnostics = std::move(result.diagnostics);
    mPaths = paths;
    mPositions.clear();
    mPositionsChanged = false;
    mRecovered = false;
    evaluate();
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

void Document::swapPolicies(std::vector<core::NetworkPolicy> &other)
{
    std::swap(mCluster.policies, other);
    // Tell the evaluator what changed, so only the classes those policies touch are redone.
    const std::vector<core::NetworkPolicy> &now = mCluster.policies, &before = other;
    const size_t common = std::min(now.size(), before.size());
    size_t firstDifference = 0;
    while (firstDifference < common && now[firstDifference] == before[firstDifference])
        ++firstDifference;
    if (now.size() >= before.size()) {
        // Edits in place, then additions at the end (what recipes and the editors do).
        for (size_t i = firstDifference; i < common; ++i)
            if (!(now[i] == before[i]))
                mEvaluator->policyChanged(i);
        for (size_t i = before.size(); i < now.size(); ++i)
            mEvaluator->policyAdded(i);
    } else if (now.size() + 1 == before.size() &&
               std::equal(now.begin() + long(firstDifference), now.end(), before.begin() + long(firstDifference) + 1)) {
        mEvaluator->policyRemoved(firstDifference);
    } else {
        evaluate();
    }
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
