#include "ui/document.h"

#include "core/manifestloader.h"
#include "core/regularfile.h"
#include "ui/backgroundrelease.h"
#include "ui/changeclustercommand.h"
#include "ui/clustereditcommand.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

#include <algorithm>
#include <cmath>
#include <unordered_map>

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
    // First of its listeners: whoever asks for a snapshot while handling a change gets the new.
    connect(this, &Document::changed, this, [this](const DocumentChange &change) {
        // A prepared edit's cluster is a copy of the new design already.
        if (!change.loaded && change.what != Changes(Change::Positions))
            releaseInBackground(std::exchange(mSnapshot, std::move(mNextSnapshot)));
    });
}

std::shared_ptr<const core::Cluster> Document::snapshot() const
{
    if (!mSnapshot) mSnapshot = std::make_shared<const core::Cluster>(mCluster);
    return mSnapshot;
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
                           const QHash<QString, QPointF> &positions,
                           std::unique_ptr<core::Evaluator> evaluated,
                           std::unique_ptr<core::GraphModel> picture,
                           std::shared_ptr<const core::Cluster> snapshot)
{
    mUndoStack.clear();
    ++mGeneration;
    mCluster = std::move(result.cluster);
    mDiagnostics = std::move(result.diagnostics);
    mPaths = paths;
    mPositions.clear();
    mPositionsChanged = false;
    mRecovered = false;
    mPolicyKeys.clear();
    mClusterPolicyKeys.clear();
    for (size_t i = 0; i < mCluster.policies.size(); ++i)
        mPolicyKeys.push_back(mNextKey++);
    for (size_t i = 0; i < mCluster.clusterPolicies.size(); ++i)
        mClusterPolicyKeys.push_back(mNextKey++);
    if (evaluated) {
        evaluated->rebind(mCluster);
        mEvaluator = std::move(evaluated);
    } else {
        evaluate();
        picture.reset(); // made with another evaluator
    }
    if (picture) picture->rebind(mCluster, *mEvaluator);
    mPicture = std::move(picture);
    mSnapshot = std::move(snapshot);
    loadLayoutFile();
    for (auto it = positions.begin(); it != positions.end(); ++it)
        if (isUsablePosition(it.value())) mPositions.insert(it.key(), it.value());
    emit loaded();
    announce(Change::Everything, true);
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
    if (!mPaths.isEmpty()) load(mPaths);
}

void Document::announce(Changes what, bool loaded)
{
    DocumentChange change;
    change.what = what;
    change.loaded = loaded;
    change.update.everything = true;
    emit changed(change);
}

namespace {

// Keys for `after`, carried over from `before` by name (each key names one policy); a name
// `before` did not have gets a fresh key.
template <typename Policy, typename NameOf>
std::vector<core::PolicyKey>
carryKeys(const std::vector<Policy> &before, const std::vector<core::PolicyKey> &keys,
          const std::vector<Policy> &after, NameOf nameOf, core::PolicyKey &nextKey)
{
    std::unordered_map<std::string, core::PolicyKey> byName;
    for (size_t i = 0; i < before.size() && i < keys.size(); ++i)
        byName.emplace(nameOf(before[i]), keys[i]);
    std::vector<core::PolicyKey> out;
    out.reserve(after.size());
    for (const Policy &p : after) {
        auto it = byName.find(nameOf(p));
        out.push_back(it != byName.end() ? it->second : nextKey++);
        if (it != byName.end()) byName.erase(it);
    }
    return out;
}

} // namespace

void Document::rekey(const core::Cluster &before, const std::vector<core::PolicyKey> &policyKeys,
                     const std::vector<core::PolicyKey> &clusterPolicyKeys)
{
    mPolicyKeys = carryKeys(
        before.policies, policyKeys, mCluster.policies,
        [](const core::NetworkPolicy &p) { return p.qualifiedName(); }, mNextKey);
    mClusterPolicyKeys = carryKeys(
        before.clusterPolicies, clusterPolicyKeys, mCluster.clusterPolicies,
        [](const core::ClusterNetworkPolicy &p) { return p.shortName(); }, mNextKey);
}

void Document::swapCluster(core::Cluster &other, Changes what)
{
    std::swap(mCluster, other);
    const std::vector<core::PolicyKey> policyKeys = mPolicyKeys,
                                       clusterPolicyKeys = mClusterPolicyKeys;
    rekey(other, policyKeys, clusterPolicyKeys);
    ++mGeneration;
    evaluate();
    announce(what);
}

// Keeps `keys` parallel to the list the step changed; gives an inserted element without a key
// a new one, and a step without a key the key of the element it touches.
template <typename T>
static void followStep(std::vector<core::PolicyKey> &keys, core::ElementStep<T> &step,
                       core::PolicyKey &next)
{
    if (step.before && step.after) {
        step.key = keys.at(step.index);
    } else if (step.after) {
        if (step.key == core::kNoPolicyKey) step.key = next++;
        keys.insert(keys.begin() + long(step.index), step.key);
    } else if (step.before) {
        step.key = keys.at(step.index);
        keys.erase(keys.begin() + long(step.index));
    }
}

void Document::applyChange(core::ClusterChange &change, const QHash<QString, QPointF> &newPositions)
{
    DocumentChange event;
    // Policy edits are told to the evaluator one by one, right after each; anything else
    // changes the classes, so the cluster is evaluated afresh once at the end.
    const bool incremental = change.onlyPolicies();
    // Set only while evaluateFirst's callback makes the change it was prepared for.
    const bool prepared = mPrepared.evaluator != nullptr;
    // The edit evaluator may be copying this evaluator (a change made past the document, as
    // a test or a macro might): it gives up first.
    if (incremental && !prepared && mEditEvaluator && mEditEvaluator->isRunning())
        mEditEvaluator->stop();
    ++mGeneration;
    for (core::ClusterChange::Step &step : change.steps()) {
        core::ClusterChange::applyStep(mCluster, step);
        if (incremental && !prepared) event.update.merge(mEvaluator->announce(step));
        if (auto *s = std::get_if<core::PolicyStep>(&step)) {
            followStep(mPolicyKeys, *s, mNextKey);
            event.policies.push_back(s->key);
        } else if (auto *s = std::get_if<core::ClusterPolicyStep>(&step)) {
            followStep(mClusterPolicyKeys, *s, mNextKey);
            event.clusterPolicies.push_back(s->key);
        } else if (std::holds_alternative<core::NamespaceStep>(step)) {
            event.what |= Change::Namespaces;
        } else {
            event.what |=
                Change::Workloads; // workloads, Services, Ingresses: the nodes and their badges
        }
    }
    if (!event.policies.empty() || !event.clusterPolicies.empty()) event.what |= Change::Policies;
    // Evaluated afresh (here or on the edit evaluator's thread): every pair may differ.
    bool everything = !incremental;
    if (prepared) { // made on the edit evaluator's thread from an equal cluster
        // The old evaluator of a big cluster takes a tenth of a second to free.
        releaseInBackground(std::exchange(mEvaluator, std::move(mPrepared.evaluator)));
        mEvaluator->rebind(mCluster);
        mPicture = std::move(mPrepared.picture);
        if (mPicture) mPicture->rebind(mCluster, *mEvaluator);
        mNextSnapshot = std::move(mPrepared.cluster);
        if (mPrepared.followed)
            event.update = std::move(mPrepared.update);
        else
            everything = true;
    } else if (!incremental) {
        evaluate();
    }
    if (everything) {
        event.update = {};
        event.update.everything = true;
    } else {
        event.update.normalize();
    }
    for (auto it = newPositions.begin(); it != newPositions.end(); ++it)
        if (isUsablePosition(it.value())) {
            mPositions.insert(it.key(), it.value());
            event.movedNodes << it.key();
        }
    if (!event.movedNodes.isEmpty()) event.what |= Change::Positions;
    emit changed(event);
    releaseInBackground(std::move(mPicture)); // the scene took it, or it did not fit
    mNextSnapshot.reset();
}

void Document::setPositions(const QHash<QString, QPointF> &changed)
{
    DocumentChange event;
    event.what = Change::Positions;
    for (auto it = changed.begin(); it != changed.end(); ++it) {
        mPositions.insert(it.key(), it.value());
        event.movedNodes << it.key();
    }
    emit this->changed(event);
}

void Document::movePositions(const QHash<QString, QPointF> &changed)
{
    mPositionsChanged = true;
    setPositions(changed);
}

bool Document::edit(const QString &text, core::ClusterChange change,
                    QHash<QString, QPointF> newPositions)
{
    if ((change.empty() && newPositions.isEmpty()) || isEvaluatingEdit()) return false;
    // A renamed workload keeps its place under its new id.
    for (const core::ClusterChange::Step &step : change.steps())
        if (const auto *s = std::get_if<core::WorkloadStep>(&step); s && s->before && s->after) {
            const QString from = QString::fromStdString(s->before->qualifiedName());
            const QString to = QString::fromStdString(s->after->qualifiedName());
            if (from != to && mPositions.contains(from) && !newPositions.contains(to))
                newPositions.insert(to, mPositions.value(from));
        }
    if (mNodePlacer && change.touchesWorkloads()) {
        const QHash<QString, QPointF> places = mNodePlacer(change);
        for (auto it = places.begin(); it != places.end(); ++it)
            if (!newPositions.contains(it.key()) && !mPositions.contains(it.key()))
                newPositions.insert(it.key(), it.value());
    }
    if (isLong(change)) {
        evaluateFirst(change, [this, text, change, newPositions] {
            mUndoStack.push(new ClusterEditCommand(this, text, change, newPositions));
        });
        return true;
    }
    mUndoStack.push(new ClusterEditCommand(this, text, std::move(change), std::move(newPositions)));
    return true;
}

bool Document::isLong(const core::ClusterChange &change) const
{
    return mEditEvaluator && mEditEvaluator->isLong(mCluster, change);
}

void Document::evaluateFirst(const core::ClusterChange &change, std::function<void()> then)
{
    const quint64 generation = mGeneration;
    mEditEvaluator->start(snapshot(), mEvaluator, change,
                          mPictureFactory ? mPictureFactory() : nullptr,
                          [this, generation, then = std::move(then)](EditEvaluator::Result result) {
                              // Another design meanwhile: the change's indices mean nothing now.
                              if (generation != mGeneration) return;
                              mPrepared = std::move(result);
                              then();
                              mPrepared = {};
                          });
}

void Document::undo()
{
    step(false);
}

void Document::redo()
{
    step(true);
}

void Document::step(bool forward)
{
    if (isEvaluatingEdit()) return;
    const int index = forward ? mUndoStack.index() : mUndoStack.index() - 1;
    auto go = [this, forward] { forward ? mUndoStack.redo() : mUndoStack.undo(); };
    const auto *c = dynamic_cast<const ClusterEditCommand *>(mUndoStack.command(index));
    if (c && isLong(c->nextChange()))
        evaluateFirst(c->nextChange(), go);
    else
        go();
}

// The steps that make `before` into `now`: replaced elements in place, then the extra ones
// added at the end or taken from the end.
template <typename T>
static void diff(core::ClusterChange &change, const std::vector<T> &before,
                 const std::vector<T> &now)
{
    const size_t common = std::min(before.size(), now.size());
    for (size_t i = 0; i < common; ++i)
        if (!(before[i] == now[i])) {
            core::ElementStep<T> s;
            s.index = i;
            s.before = before[i];
            s.after = now[i];
            change.add(std::move(s));
        }
    for (size_t i = common; i < now.size(); ++i) {
        core::ElementStep<T> s;
        s.index = i;
        s.after = now[i];
        change.add(std::move(s));
    }
    for (size_t i = before.size(); i-- > common;) {
        core::ElementStep<T> s;
        s.index = i;
        s.before = before[i];
        change.add(std::move(s));
    }
}

void Document::changePolicies(const QString &text, const std::vector<core::NetworkPolicy> &policies)
{
    core::ClusterChange change;
    diff(change, mCluster.policies, policies);
    edit(text, std::move(change));
}

void Document::changeClusterPolicies(const QString &text,
                                     const std::vector<core::ClusterNetworkPolicy> &policies)
{
    core::ClusterChange change;
    diff(change, mCluster.clusterPolicies, policies);
    edit(text, std::move(change));
}

void Document::changeCluster(const QString &text, core::Cluster cluster, Changes what)
{
    mUndoStack.push(new ChangeClusterCommand(this, text, std::move(cluster), what));
}

core::PolicyKey Document::policyKey(size_t index) const
{
    return index < mPolicyKeys.size() ? mPolicyKeys[index] : core::kNoPolicyKey;
}

int Document::policyIndex(core::PolicyKey key) const
{
    auto it = std::find(mPolicyKeys.begin(), mPolicyKeys.end(), key);
    return key == core::kNoPolicyKey || it == mPolicyKeys.end() ? -1
                                                                : int(it - mPolicyKeys.begin());
}

core::PolicyKey Document::clusterPolicyKey(size_t index) const
{
    return index < mClusterPolicyKeys.size() ? mClusterPolicyKeys[index] : core::kNoPolicyKey;
}

int Document::clusterPolicyIndex(core::PolicyKey key) const
{
    auto it = std::find(mClusterPolicyKeys.begin(), mClusterPolicyKeys.end(), key);
    return key == core::kNoPolicyKey || it == mClusterPolicyKeys.end()
               ? -1
               : int(it - mClusterPolicyKeys.begin());
}

QString Document::nodeId(const core::Cluster &cluster, const core::Endpoint &endpoint)
{
    if (endpoint.isWorkload())
        return QString::fromStdString(cluster.workloads[endpoint.workload].qualifiedName());
    return QStringLiteral("ext:") + QString::fromStdString(endpoint.range.toString());
}

QString Document::layoutFile() const
{
    if (mPaths.isEmpty() || mPaths.front().startsWith(QLatin1String(":/"))) return {};
    const QFileInfo first(mPaths.front());
    if (first.isDir())
        return QDir(first.absoluteFilePath()).filePath(QStringLiteral(".netfence-layout.json"));
    return first.absoluteDir().filePath(first.completeBaseName() +
                                        QStringLiteral(".netfence-layout.json"));
}

bool Document::isUsablePosition(const QPointF &p)
{
    return std::isfinite(p.x()) && std::isfinite(p.y()) && std::abs(p.x()) <= kMaxCoordinate &&
           std::abs(p.y()) <= kMaxCoordinate;
}

bool Document::loadLayoutFile()
{
    const QString file = layoutFile();
    if (file.isEmpty()) return false;
    auto report = [&](const QString &problem) {
        core::Diagnostic d;
        d.severity = core::Severity::Warning;
        d.location.file = file.toStdString();
        d.message = problem.toStdString();
        mDiagnostics.push_back(std::move(d));
    };
    const core::RegularFile::ReadResult read =
        core::RegularFile::read(QFile::encodeName(file).toStdString(), size_t(kMaxLayoutFileBytes));
    if (read.status == core::RegularFile::ReadResult::Status::Missing) return false;
    if (read.status != core::RegularFile::ReadResult::Status::Ok) {
        report(tr("the layout side file is not used: %1; the automatic layout is used")
                   .arg(QString::fromStdString(read.error)));
        return false;
    }
    QJsonParseError error;
    const QJsonDocument json =
        QJsonDocument::fromJson(QByteArray::fromStdString(read.text), &error);
    if (error.error != QJsonParseError::NoError || !json.isObject()) {
        report(tr("the layout side file is not used: it is not a JSON object (%1 at byte %2); the "
                  "automatic "
                  "layout is used")
                   .arg(error.error != QJsonParseError::NoError ? error.errorString()
                                                                : tr("another value"))
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
        report((rejected == 1
                    ? tr("1 node position in the layout side file ignored")
                    : tr("%1 node positions in the layout side file ignored").arg(rejected)) +
               tr(": not two finite numbers within ±%1; those nodes are placed automatically")
                   .arg(kMaxCoordinate, 0, 'g'));
    return !mPositions.isEmpty();
}

bool Document::saveLayoutFile(QString *error)
{
    if (layoutFile().isEmpty()) return false;
    QJsonObject nodes;
    for (auto it = mPositions.begin(); it != mPositions.end(); ++it)
        nodes.insert(it.key(), QJsonArray{it.value().x(), it.value().y()});
    QJsonObject root{{"format", "netfence-layout-1"}, {"nodes", nodes}};
    std::string why;
    if (!core::RegularFile::write(QFile::encodeName(layoutFile()).toStdString(),
                                  QJsonDocument(root).toJson().toStdString(), &why)) {
        if (error)
            *error = tr("Node positions not saved to %1: %2.")
                         .arg(layoutFile(), QString::fromStdString(why));
        return false;
    }
    mPositionsChanged = false;
    return true;
}

} // namespace netfence::ui
