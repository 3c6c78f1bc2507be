#include "ui/comparison.h"

#include "core/gitrevision.h"
#include "ui/document.h"

namespace netfence::ui {

Comparison::Comparison(Document *document, QObject *parent) : QObject(parent), mDocument(document)
{
    connect(document, &Document::changed, this, [this](const DocumentChange &change) {
        const Changes what = change.what;
        // Moving nodes changes no connection.
        if (isActive() && (what & (Change::Workloads | Change::Namespaces | Change::Policies)))
            recompute();
    });
    // Another design replaced this one: its comparison no longer means anything.
    connect(document, &Document::loaded, this, [this] {
        if (isActive()) stop();
    });
}

Comparison::~Comparison() = default;

const std::vector<core::Diagnostic> &Comparison::oldDiagnostics() const
{
    static const std::vector<core::Diagnostic> none;
    return mOld ? mOld->diagnostics : none;
}

bool Comparison::compareWithPaths(const QStringList &paths, const QString &label, QString *error)
{
    std::vector<std::string> list;
    for (const QString &p : paths)
        list.push_back(p.toStdString());
    core::LoadResult result = core::ManifestLoader::load(list);
    if (result.files == 0) {
        if (error) *error = tr("No manifest files in %1.").arg(paths.join(QStringLiteral(", ")));
        return false;
    }
    setOld(std::move(result), label);
    return true;
}

bool Comparison::compareWithGit(const QString &revision, QString *error)
{
    std::vector<std::string> list;
    for (const QString &p : mDocument->paths())
        if (!p.startsWith(QLatin1String(":/"))) list.push_back(p.toStdString());
    if (list.empty()) {
        if (error) *error = tr("The design has no files in a git repository to compare with.");
        return false;
    }
    core::GitRevision git;
    if (!git.checkout(revision.toStdString(), list)) {
        if (error) *error = QString::fromStdString(git.error());
        return false;
    }
    core::LoadResult result = core::ManifestLoader::load(git.oldPaths());
    for (core::Diagnostic &d : result.diagnostics)
        d.location.file = git.displayName(d.location.file);
    setOld(std::move(result), revision); // the temporary files go with `git`
    return true;
}

bool Comparison::compareWithSaved(QString *error)
{
    QStringList paths;
    for (const QString &p : mDocument->paths())
        if (!p.startsWith(QLatin1String(":/"))) paths << p;
    if (paths.isEmpty()) {
        if (error) *error = tr("The design has not been saved to files yet.");
        return false;
    }
    return compareWithPaths(paths, tr("saved"), error);
}

void Comparison::stop()
{
    mOldEvaluator.reset();
    mOld.reset();
    mDiff = {};
    mLabel.clear();
    emit updated();
}

void Comparison::setOld(core::LoadResult result, const QString &label)
{
    mOldEvaluator.reset();
    mOld = std::make_unique<core::LoadResult>(std::move(result));
    mOldEvaluator = std::make_unique<core::Evaluator>(mOld->cluster);
    mOldEvaluator->evaluateAll(0);
    mLabel = label;
    recompute();
}

void Comparison::recompute()
{
    mDiff = core::ConnectivityDiff::compute(*mOldEvaluator, mDocument->evaluator());
    emit updated();
}

} // namespace netfence::ui
