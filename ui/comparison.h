#pragma once

#include "core/connectivitydiff.h"
#include "core/evaluator.h"
#include "core/manifestloader.h"

#include <QObject>
#include <QString>
#include <QStringList>

#include <memory>

namespace netfence::ui {

class Document;

// The document compared with another version of it (files, a folder, a git revision, or the
// saved files): the old version is loaded once, the difference follows every edit.
class Comparison : public QObject
{
    Q_OBJECT

public:
    explicit Comparison(Document *document, QObject *parent = nullptr);
    ~Comparison() override;

    // The old version: these files or folders. False (with `error`) when nothing loads.
    bool compareWithPaths(const QStringList &paths, const QString &label, QString *error);
    // The document's own paths at a git revision of the repository that holds them.
    bool compareWithGit(const QString &revision, QString *error);
    // The document's files as saved: what the unsaved edits open and close.
    bool compareWithSaved(QString *error);
    void stop();

    bool isActive() const { return mOld != nullptr; }
    const QString &label() const { return mLabel; } // "main", "saved files", ...
    const core::ConnectivityDiff &diff() const { return mDiff; }
    const core::Evaluator *oldEvaluator() const { return mOldEvaluator.get(); }
    const std::vector<core::Diagnostic> &oldDiagnostics() const;

signals:
    void updated(); // the difference changed (or comparing started or stopped)

private:
    void setOld(core::LoadResult result, const QString &label);
    void recompute();

    Document *mDocument;
    std::unique_ptr<core::LoadResult> mOld;
    std::unique_ptr<core::Evaluator> mOldEvaluator;
    core::ConnectivityDiff mDiff;
    QString mLabel;
};

} // namespace netfence::ui
